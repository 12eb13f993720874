/**
 * The benchmark's world for N mappings: an emulator seed and the root stack's configuration data.
 *
 * Shape: two Azure Stack Hub stamps (registrations in one registration subscription, as a CSP usually
 * has them) and N mappings between them: the first quarter of the tenants use both stamps, the rest one
 * stamp each, alternating; N/2 mappings per stamp. So the run has both per-registration preflights, the
 * list of a registration with many mappings, and tenants on several stamps, which is what the README's
 * data model describes. Every customer subscription is a CSP subscription of the registrations' partner.
 */
import type { EmulatorSeed, RunningEmulator } from "../emulator";

export const REGISTRATION_SUBSCRIPTION = "5a1e0000-0000-4000-8000-0000000000b1";
export const RESOURCE_GROUP = "azurestack";
export const PARTNER = "partner-bench-csp";
export const STAMPS = { east: "azurestack-bench-east", west: "azurestack-bench-west" } as const;

const guid = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
export const customerSubscription = (n: number) => guid("c0b00000", n);
export const tenant = (n: number) => guid("70b00000", n);

export interface TenantData {
    tenantId: string;
    customerSubscriptionId: string;
    stamps: string[];
}

export interface StackData {
    registrations: Record<string, { registrationSubscriptionId: string; resourceGroup: string; registrationName: string }>;
    tenants: Record<string, TenantData>;
}

/** The tenants (and the stamps each uses) that make exactly `n` mappings (n even; odd n leaves one extra single-stamp tenant). */
export function stackData(n: number): StackData {
    const registrations = Object.fromEntries(Object.entries(STAMPS).map(([key, name]) => [key, {
        registrationSubscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RESOURCE_GROUP, registrationName: name,
    }]));
    const tenants: Record<string, TenantData> = {};
    const both = Math.floor(n / 4);
    let mappings = 0;
    for (let i = 1; mappings < n; i++) {
        const stamps = i <= both && mappings + 2 <= n ? ["east", "west"] : [i % 2 === 0 ? "east" : "west"];
        tenants[`customer-${String(i).padStart(4, "0")}`] = { tenantId: tenant(i), customerSubscriptionId: customerSubscription(i), stamps };
        mappings += stamps.length;
    }
    return { registrations, tenants };
}

export function mappingCount(data: StackData): number {
    return Object.values(data.tenants).reduce((sum, t) => sum + t.stamps.length, 0);
}

/** Two approved pay-as-you-use registrations with no mappings, and every customer subscription of `data`. */
export function emulatorSeed(data: StackData): EmulatorSeed {
    return {
        registrations: Object.values(STAMPS).map((name) => ({
            subscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RESOURCE_GROUP, name,
            billingModel: "PayAsYouUse", multiTenancyApproved: true, cspPartner: PARTNER,
        })),
        customerSubscriptions: Object.values(data.tenants).map((t) => ({
            id: t.customerSubscriptionId, tenantId: t.tenantId, cspPartner: PARTNER, isCsp: true,
        })),
        unknownSubscriptions: "reject",
    };
}

/** Every mapping the emulator holds, on both stamps. */
export function mappingsIn(emulator: RunningEmulator): number {
    return Object.values(STAMPS).reduce((sum, name) =>
        sum + emulator.state.mappings({ subscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RESOURCE_GROUP, name }).length, 0);
}
