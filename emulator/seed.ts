/**
 * The seed format (YAML or JSON) and the records it becomes. A seed describes the world the emulator stands
 * in for: the directory tenant and its clients, the registrations with their billing model, approval and
 * lock, the customer subscriptions Azure knows about (partner, tenant, CSP or not, upstream faults) and the
 * initial mappings. The persisted state file uses the same format, so a state file is also a valid seed.
 */

export const FEDERATED_AUDIENCE = "api://AzureADTokenExchange";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
    return GUID.test(value);
}

// ---- the seed as written by a user (every field a user may omit is optional) ----

export interface SeedFederatedCredential {
    /** Issuer (`iss`) of the external token, e.g. https://token.actions.githubusercontent.com */
    issuer: string;
    /** Subject (`sub`) of the external token, e.g. repo:org/repo:environment:prod */
    subject: string;
    /** @default "api://AzureADTokenExchange" */
    audience?: string;
}

export interface SeedClient {
    clientId: string;
    /** Secret for the client-credentials flow; omit for a client with federated credentials only. */
    clientSecret?: string;
    /** Object id of the service principal (the token's `oid`). @default a new GUID */
    objectId?: string;
    displayName?: string;
    federatedCredentials?: SeedFederatedCredential[];
}

export interface SeedLock {
    /** @default "azurestack-registration-lock" */
    name?: string;
    /** Only CanNotDelete is modelled. @default "CanNotDelete" */
    level?: "CanNotDelete";
    notes?: string;
}

export interface SeedMapping {
    /** The customer subscription id, stored with the spelling given. */
    subscriptionId: string;
    tenantId: string;
    etag?: string;
    createdAt?: string;
    lastModifiedAt?: string;
}

export interface SeedRegistration {
    subscriptionId: string;
    /** @default "azurestack" */
    resourceGroup?: string;
    name: string;
    /** @default a new GUID */
    cloudId?: string;
    /** @default a new GUID */
    objectId?: string;
    /** Capacity, PayAsYouUse, Development, Custom, Ruggedized, … @default "PayAsYouUse" */
    billingModel?: string;
    /** Approved by Microsoft for multi-tenancy (adding customer subscriptions). @default true */
    multiTenancyApproved?: boolean;
    /** A CanNotDelete lock: true, a lock name, or the lock. @default none */
    lock?: boolean | string | SeedLock;
    /** Alias of `lock: true`. */
    locked?: boolean;
    /** The CSP partner the registration's subscription rolls up to. @default "default-partner" */
    cspPartner?: string;
    etag?: string;
    /** Initial tenant mappings of this registration. */
    customerSubscriptions?: SeedMapping[];
}

export interface SeedCustomerSubscription {
    /** The Azure subscription id (matched case-insensitively: it is the same subscription however spelled). */
    id: string;
    /** The subscription's directory tenant (informative; the PUT body's tenantId is what is stored). */
    tenantId?: string;
    /** The CSP partner the subscription rolls up to. @default the registration's partner (i.e. always the same) */
    cspPartner?: string;
    /** False for a subscription that is not a CSP subscription (PUT ⇒ InvalidCSPSubscription). @default true */
    isCsp?: boolean;
    /** The next N PUTs of this subscription fail with MetadataResolverBadGatewayError. @default 0 */
    metadataFailures?: number;
}

/** An Azure subscription the clients can see (GET /subscriptions), besides the registrations' own. */
export interface SeedSubscription {
    id: string;
    /** @default "Azure Stack registrations <first 8 characters of the id>" */
    displayName?: string;
    /** @default "Enabled" */
    state?: SubscriptionState;
}

export const SUBSCRIPTION_STATES = ["Enabled", "Warned", "PastDue", "Disabled", "Deleted"] as const;
export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number];

export interface EmulatorSeed {
    /** The Microsoft Entra (AAD) directory tenant the clients live in. @default a fixed demo GUID */
    tenantId?: string;
    clients?: SeedClient[];
    /** Subscriptions the clients see; every registration's subscription is also listed. */
    subscriptions?: SeedSubscription[];
    registrations?: SeedRegistration[];
    /** Customer subscriptions Azure knows about. */
    customerSubscriptions?: SeedCustomerSubscription[];
    /** How a PUT of a subscription not listed in customerSubscriptions is treated. @default "accept" */
    unknownSubscriptions?: "accept" | "reject";
}

// ---- the normalised state (every field present) ----

export interface FederatedCredential {
    issuer: string;
    subject: string;
    audience: string;
}
export interface ClientRecord {
    clientId: string;
    clientSecret?: string;
    objectId: string;
    displayName?: string;
    federatedCredentials: FederatedCredential[];
}
export interface LockRecord {
    name: string;
    level: "CanNotDelete";
    notes?: string;
}
export interface MappingRecord {
    subscriptionId: string;
    tenantId: string;
    etag: string;
    createdAt: string;
    createdBy?: string;
    lastModifiedAt: string;
    lastModifiedBy?: string;
}
export interface RegistrationRecord {
    subscriptionId: string;
    resourceGroup: string;
    name: string;
    cloudId: string;
    objectId: string;
    billingModel: string;
    multiTenancyApproved: boolean;
    lock?: LockRecord;
    cspPartner: string;
    etag: string;
    customerSubscriptions: MappingRecord[];
}
/** The three path parts that name a registration. */
export type RegistrationCoordinates = Pick<RegistrationRecord, "subscriptionId" | "resourceGroup" | "name">;
export interface KnownSubscription {
    id: string;
    tenantId?: string;
    cspPartner?: string;
    isCsp: boolean;
    metadataFailures: number;
}
export interface SubscriptionRecord {
    id: string;
    displayName: string;
    state: SubscriptionState;
}
export interface StateData {
    tenantId: string;
    clients: ClientRecord[];
    subscriptions: SubscriptionRecord[];
    registrations: RegistrationRecord[];
    customerSubscriptions: KnownSubscription[];
    unknownSubscriptions: "accept" | "reject";
}

export const DEFAULT_TENANT_ID = "7d3f6c2e-0000-4000-8000-00000000a001";
export const DEFAULT_CSP_PARTNER = "default-partner";

/** The seed used when none is given: one tenant, one client-secret client, no registrations. */
export const MINIMAL_SEED: EmulatorSeed = {
    tenantId: DEFAULT_TENANT_ID,
    clients: [{ clientId: "00000000-0000-4000-8000-00000000c001", clientSecret: "emulator-secret", displayName: "emulator-client" }],
};

export function registrationKey(r: RegistrationCoordinates): string {
    return `${r.subscriptionId}/${r.resourceGroup}/${r.name}`.toLowerCase();
}

/** The name a subscription gets when the seed gives none. */
export function defaultSubscriptionName(id: string): string {
    return `Azure Stack registrations ${id.slice(0, 8)}`;
}
