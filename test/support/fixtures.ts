/**
 * One world for the provider-level suites: registrations in every state the seeds describe, customer
 * subscriptions of our partner, of another partner and non-CSP ones, and one mapping made outside Pulumi.
 */
import type { EmulatorSeed } from "../../emulator";
import type { StackData } from "./engineStack";

export const PARTNER = "partner-contoso-csp";
export const REGISTRATION_SUBSCRIPTION = "5a1e0000-0000-4000-8000-000000000001";
export const RG = "azurestack";

export const STAMP1 = "azurestack-stamp1";
export const STAMP2 = "azurestack-stamp2";
export const CAPACITY = "azurestack-capacity";
export const UNAPPROVED = "azurestack-unapproved";
export const LOCKED = "azurestack-locked";

/** Customer subscriptions of our partner: C(1), C(2), ... with tenants T(1), T(2), ... */
export const C = (n: number) => `c0000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
export const T = (n: number) => `70000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
export const OTHER_PARTNER_SUB = "bad00000-0000-4000-8000-000000000001";
export const NON_CSP_SUB = "0c500000-0000-4000-8000-000000000001";
export const FLAKY_SUB = "f1a40000-0000-4000-8000-000000000001";
/** Mapped on STAMP1 outside Pulumi before any test runs. */
export const EXISTING_SUB = "e0000000-0000-4000-8000-000000000001";
export const EXISTING_TENANT = "7e000000-0000-4000-8000-000000000001";
export const LOCKED_SUB = "10c00000-0000-4000-8000-000000000001";
export const LOCKED_TENANT = "7e000000-0000-4000-8000-000000000002";

export const registrationId = (name: string) =>
    `/subscriptions/${REGISTRATION_SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.AzureStack/registrations/${name}`;

export function testSeed(customers = 20): EmulatorSeed {
    const registration = (name: string, extra: Record<string, unknown> = {}) => ({
        subscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RG, name, billingModel: "PayAsYouUse",
        multiTenancyApproved: true, cspPartner: PARTNER, ...extra,
    });
    return {
        registrations: [
            registration(STAMP1, { customerSubscriptions: [{ subscriptionId: EXISTING_SUB, tenantId: EXISTING_TENANT }] }),
            registration(STAMP2),
            registration(CAPACITY, { billingModel: "Capacity" }),
            registration(UNAPPROVED, { multiTenancyApproved: false }),
            registration(LOCKED, { lock: true, customerSubscriptions: [{ subscriptionId: LOCKED_SUB, tenantId: LOCKED_TENANT }] }),
        ],
        customerSubscriptions: [
            ...Array.from({ length: customers }, (_, i) => ({ id: C(i + 1), tenantId: T(i + 1), cspPartner: PARTNER, isCsp: true })),
            { id: OTHER_PARTNER_SUB, cspPartner: "partner-fabrikam-csp", isCsp: true },
            { id: NON_CSP_SUB, isCsp: false },
            { id: FLAKY_SUB, cspPartner: PARTNER, isCsp: true, metadataFailures: 2 },
            { id: EXISTING_SUB, tenantId: EXISTING_TENANT, cspPartner: PARTNER, isCsp: true },
            { id: LOCKED_SUB, tenantId: LOCKED_TENANT, cspPartner: PARTNER, isCsp: true },
        ],
    } as EmulatorSeed;
}

/** Inputs of a mapping on a stamp, named by the three registration fields. */
export function mappingArgs(stamp: string, customerSubscriptionId: string, tenantId: string, extra: Record<string, unknown> = {}) {
    return { registrationSubscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RG, registrationName: stamp,
        customerSubscriptionId, tenantId, ...extra };
}

/** The root stack's data the CLI suites start from: three tenants on two stamps, one of them on both. */
export function twoStampStackData(): StackData {
    return {
        registrations: { west: { registrationId: registrationId(STAMP1) }, east: { registrationId: registrationId(STAMP2) } },
        tenants: {
            contoso: { tenantId: T(1), customerSubscriptionId: C(1), stamps: ["west", "east"] },
            fabrikam: { tenantId: T(2), customerSubscriptionId: C(2), stamps: ["west"] },
            adatum: { tenantId: T(3), customerSubscriptionId: C(3), stamps: ["east"] },
        },
    };
}
