/**
 * The test fixtures every suite shares: customer subscription and tenant ids by number, and two seeds,
 * one world for the provider-level suites (providerSuiteSeed) and one for the emulator's own tests
 * (emulatorSuiteSeed): registrations in every documented state, customer subscriptions of our partner, of
 * another partner and non-CSP ones.
 */
import type { EmulatorSeed } from "../../emulator";
import { validateInputs, type MappingInputs } from "../../provider/core";
import type { StackData } from "./engineStack";

export const PARTNER = "partner-contoso-csp";
export const REGISTRATION_SUBSCRIPTION = "5a1e0000-0000-4000-8000-000000000001";
export const RG = "azurestack";

export const STAMP1 = "azurestack-stamp1";
export const STAMP2 = "azurestack-stamp2";
export const CAPACITY = "azurestack-capacity";
export const UNAPPROVED = "azurestack-unapproved";
export const LOCKED = "azurestack-locked";

/** Customer subscriptions by number, with their tenants: C(1) of T(1), C(2) of T(2), ..., so tests read as "sub 3 of tenant 3". */
export const C = (n: number) => `c0000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
export const T = (n: number) => `70000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
/** Of another partner, not CSP at all, and one whose metadata lookup fails twice (MetadataResolverBadGatewayError) before it succeeds. */
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

/** A pay-as-you-use registration of PARTNER in REGISTRATION_SUBSCRIPTION/RG, approved for multi-tenancy; `extra` adds or overrides. */
export function approvedRegistration<Extra extends object = object>(name: string, extra?: Extra) {
    return {
        subscriptionId: REGISTRATION_SUBSCRIPTION,
        resourceGroup: RG,
        name,
        billingModel: "PayAsYouUse",
        multiTenancyApproved: true,
        cspPartner: PARTNER,
        ...extra,
    };
}

/** The provider-level suites' world: five stamps of PARTNER, `customers` customer subscriptions C(n) of tenants T(n), and one mapping made outside Pulumi. */
export function providerSuiteSeed(customers = 20): EmulatorSeed {
    // A neutral name: three of these stamps override what makes a registration "approved".
    const registration = approvedRegistration;
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
    return {
        registrationSubscriptionId: REGISTRATION_SUBSCRIPTION,
        resourceGroup: RG,
        registrationName: stamp,
        customerSubscriptionId,
        tenantId,
        ...extra,
    };
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

// ---- the emulator's own tests ----

/** The directory tenant of emulatorSuiteSeed's clients. */
export const TENANT = "a1b2c3d4-0000-4000-8000-000000000001";
export const CLIENT_ID = "c1000000-0000-4000-8000-000000000001";
export const CLIENT_SECRET = "test-secret";
export const CLIENT_OID = "0b100000-0000-4000-8000-000000000001";
export const OTHER_CLIENT_ID = "c1000000-0000-4000-8000-000000000002";
export const OTHER_CLIENT_SECRET = "other-secret";
export const FED_CLIENT_ID = "c1000000-0000-4000-8000-000000000003";
export const FED_ISSUER = "https://token.actions.githubusercontent.com";
export const FED_SUBJECT = "repo:contoso/tenants:environment:prod";
/** The subscription of emulatorSuiteSeed's registrations (not REGISTRATION_SUBSCRIPTION: the emulator's tests assert on its "5ab00000" prefix). */
export const EMULATOR_REG_SUB = "5ab00000-0000-4000-8000-000000000001";

/**
 * The emulator's own tests' world, covering every documented error: three clients (a secret, another
 * secret, a federated credential), registrations stamp1 (C(1) and C(2) mapped), stamp2, capacity,
 * unapproved and locked (C(9) mapped), and the subscriptions of another partner, non-CSP and flaky.
 */
export function emulatorSuiteSeed(): EmulatorSeed {
    const reg = (name: string, extra: object = {}) => ({
        subscriptionId: EMULATOR_REG_SUB,
        resourceGroup: RG,
        name,
        cspPartner: "contoso",
        ...extra,
    });
    return {
        tenantId: TENANT,
        clients: [
            { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, objectId: CLIENT_OID },
            { clientId: OTHER_CLIENT_ID, clientSecret: OTHER_CLIENT_SECRET },
            { clientId: FED_CLIENT_ID, federatedCredentials: [{ issuer: FED_ISSUER, subject: FED_SUBJECT }] },
        ],
        registrations: [
            reg("stamp1", {
                customerSubscriptions: [
                    { subscriptionId: C(1), tenantId: T(1) },
                    { subscriptionId: C(2), tenantId: T(2) },
                ],
            }),
            reg("stamp2"),
            reg("capacity", { billingModel: "Capacity" }),
            reg("unapproved", { multiTenancyApproved: false }),
            reg("locked", { lock: { name: "AzsLock" }, customerSubscriptions: [{ subscriptionId: C(9), tenantId: T(9) }] }),
        ],
        customerSubscriptions: [
            { id: OTHER_PARTNER_SUB, cspPartner: "fabrikam" },
            { id: NON_CSP_SUB, isCsp: false },
            { id: FLAKY_SUB, cspPartner: "contoso", metadataFailures: 2 },
        ],
    };
}

/** A mapping declared on registration azurestack-cloud1 of subscription 11111111-…, as `check` normalises it; throws on invalid input. */
export function declaredMapping(customerSubscriptionId: string, tenantId: string, overrides: Record<string, unknown> = {}): MappingInputs {
    const { inputs, failures } = validateInputs({
        registrationSubscriptionId: "11111111-2222-3333-4444-555555555555",
        resourceGroup: "azurestack",
        registrationName: "azurestack-cloud1",
        customerSubscriptionId,
        tenantId,
        ...overrides,
    });
    if (failures.length > 0) throw new Error(`invalid declaration: ${JSON.stringify(failures)}`);
    return inputs;
}
