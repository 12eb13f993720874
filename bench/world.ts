/**
 * The benchmark's world for N mappings: an emulator seed and the root stack's configuration data.
 *
 * Shape (the phases): two Azure Stack Hub stamps (registrations in one registration subscription, as a CSP usually
 * has them) and N mappings between them: the first quarter of the tenants use both stamps, the rest one
 * stamp each, alternating; N/2 mappings per stamp. So the run has both per-registration preflights, the
 * list of a registration with many mappings, and tenants on several stamps, which is what the root stack's
 * data model describes (docs/operations.md, "The root stack"). Every customer subscription is a CSP subscription of the registrations' partner.
 */
import type { EmulatorSeed, RunningEmulator } from "../emulator";
import type { SetChoice } from "../program/declarations";

export const REGISTRATION_SUBSCRIPTION = "5a1e0000-0000-4000-8000-0000000000b1";
export const RESOURCE_GROUP = "azurestack";
export const PARTNER = "partner-bench-csp";
/** The stamps of a world: east and west when there are two (the phases), stamp-01… when there are more. */
export function stampsOf(count: number): Record<string, string> {
    if (count === 2) return { east: "azurestack-bench-east", west: "azurestack-bench-west" };
    return Object.fromEntries(
        Array.from({ length: count }, (_, i) => {
            const key = `stamp-${String(i + 1).padStart(2, "0")}`;
            return [key, `azurestack-bench-${key}`];
        }),
    );
}

const guid = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
export const customerSubscription = (n: number) => guid("c0b00000", n);
export const tenant = (n: number) => guid("70b00000", n);

export interface TenantData {
    tenantId: string;
    customerSubscriptionId: string;
    stamps: string[];
}

export interface StackData {
    registrations: Record<
        string,
        { registrationSubscriptionId: string; resourceGroup: string; registrationName: string; set?: boolean | SetChoice }
    >;
    tenants: Record<string, TenantData>;
}

/** The same world with every registration's mappings held as one set (the root stack's `set`: true, or these settings). */
export function withSets(data: StackData, set: boolean | SetChoice = true): StackData {
    return {
        ...data,
        registrations: Object.fromEntries(Object.entries(data.registrations).map(([stamp, r]) => [stamp, { ...r, set }])),
    };
}

/**
 * The tenants (and the stamps each uses) that make exactly `n` mappings on `stampCount` stamps: the first
 * quarter of the tenants on two neighbouring stamps, the rest on one each, in turn (odd n may leave one
 * extra single-stamp tenant).
 */
export function stackData(n: number, stampCount = 2): StackData {
    const stamps = stampsOf(stampCount);
    const keys = Object.keys(stamps);
    const registrations = Object.fromEntries(
        Object.entries(stamps).map(([key, name]) => [
            key,
            {
                registrationSubscriptionId: REGISTRATION_SUBSCRIPTION,
                resourceGroup: RESOURCE_GROUP,
                registrationName: name,
            },
        ]),
    );
    const tenants: Record<string, TenantData> = {};
    const both = Math.floor(n / 4);
    let mappings = 0;
    for (let i = 1; mappings < n; i++) {
        const first = keys[i % keys.length]!;
        const stampsOfTenant = i <= both && mappings + 2 <= n ? [first, keys[(i + 1) % keys.length]!] : [first];
        tenants[`customer-${String(i).padStart(5, "0")}`] = {
            tenantId: tenant(i),
            customerSubscriptionId: customerSubscription(i),
            stamps: stampsOfTenant,
        };
        mappings += stampsOfTenant.length;
    }
    return { registrations, tenants };
}

/** The same tenants, each on `stamp` only, those not on it left out: one stack per stamp. */
export function stampData(data: StackData, stamp: string): StackData {
    return {
        registrations: { [stamp]: data.registrations[stamp]! },
        tenants: Object.fromEntries(
            Object.entries(data.tenants)
                .filter(([, t]) => t.stamps.includes(stamp))
                .map(([key, t]) => [key, { ...t, stamps: [stamp] }]),
        ),
    };
}

export function mappingCount(data: StackData): number {
    return Object.values(data.tenants).reduce((sum, t) => sum + t.stamps.length, 0);
}

/** The world's approved pay-as-you-use registrations with no mappings, and every customer subscription of `data`. */
export function emulatorSeed(data: StackData): EmulatorSeed {
    return {
        registrations: Object.values(data.registrations).map((r) => ({
            subscriptionId: REGISTRATION_SUBSCRIPTION,
            resourceGroup: RESOURCE_GROUP,
            name: r.registrationName,
            billingModel: "PayAsYouUse",
            multiTenancyApproved: true,
            cspPartner: PARTNER,
        })),
        customerSubscriptions: Object.values(data.tenants).map((t) => ({
            id: t.customerSubscriptionId,
            tenantId: t.tenantId,
            cspPartner: PARTNER,
            isCsp: true,
        })),
        unknownSubscriptions: "reject",
    };
}

/** Every mapping the emulator holds, on every stamp of `data`. */
export function mappingsIn(emulator: RunningEmulator, data: StackData): number {
    return Object.values(data.registrations).reduce(
        (sum, r) =>
            sum +
            emulator.state.mappings({ subscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RESOURCE_GROUP, name: r.registrationName })
                .length,
        0,
    );
}
