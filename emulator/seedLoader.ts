/**
 * Loading a seed (or state) file, YAML or JSON: every field checked, the first bad one named with its file
 * in a SeedError, and every default filled in.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import {
    DEFAULT_CSP_PARTNER,
    DEFAULT_TENANT_ID,
    FEDERATED_AUDIENCE,
    MINIMAL_SEED,
    SUBSCRIPTION_STATES,
    defaultSubscriptionName,
    isGuid,
    registrationKey,
    type ClientRecord,
    type KnownSubscription,
    type LockRecord,
    type MappingRecord,
    type RegistrationRecord,
    type StateData,
    type SubscriptionRecord,
    type SubscriptionState,
} from "./seed.js";

const RESOURCE_GROUP = /^[-\w().]{1,90}$/u;

/** A seed that cannot be used; the message names the file and the field. */
export class SeedError extends Error {
    constructor(source: string, field: string, problem: string) {
        super(`${source}: ${field}: ${problem}`);
        this.name = "SeedError";
    }
}

/** Reads and validates a YAML or JSON seed (or state) file. */
export function loadSeedFile(path: string): StateData {
    let text: string;
    try {
        text = readFileSync(path, "utf8");
    } catch (err) {
        throw new SeedError(path, "(file)", `cannot be read: ${(err as Error).message}`);
    }
    let raw: unknown;
    try {
        raw = parseYaml(text); // YAML is a superset of JSON
    } catch (err) {
        throw new SeedError(path, "(file)", `is neither valid YAML nor JSON: ${(err as Error).message}`);
    }
    return normaliseSeed(raw, path);
}

/** Validates a seed object and fills in the defaults. Throws SeedError naming the first bad field. */
export function normaliseSeed(raw: unknown, source = "seed"): StateData {
    const v = new Checker(source);
    const root = v.object(raw ?? {}, "(root)");
    v.onlyKeys(root, "(root)", ["tenantId", "clients", "subscriptions", "registrations", "customerSubscriptions", "unknownSubscriptions"]);
    const tenantId = v.guid(root.tenantId ?? DEFAULT_TENANT_ID, "tenantId");
    const clientsRaw = v.array(root.clients ?? MINIMAL_SEED.clients, "clients");
    if (clientsRaw.length === 0) throw new SeedError(source, "clients", "needs at least one client, or nobody can get a token");
    const clients = clientsRaw.map((c, i) => normaliseClient(v, c, `clients[${i}]`));
    v.unique(
        clients.map((c) => c.clientId.toLowerCase()),
        "clients",
        "clientId",
    );

    const subscriptions = v
        .array(root.subscriptions ?? [], "subscriptions")
        .map((s, i) => normaliseSubscription(v, s, `subscriptions[${i}]`));
    v.unique(
        subscriptions.map((s) => s.id.toLowerCase()),
        "subscriptions",
        "id",
    );

    const registrations = v
        .array(root.registrations ?? [], "registrations")
        .map((r, i) => normaliseRegistration(v, r, `registrations[${i}]`));
    v.unique(
        registrations.map((r) => registrationKey(r)),
        "registrations",
        "subscriptionId/resourceGroup/name",
    );

    const customerSubscriptions = v.array(root.customerSubscriptions ?? [], "customerSubscriptions").map((s, i) => {
        const f = `customerSubscriptions[${i}]`;
        const o = v.object(s, f);
        v.onlyKeys(o, f, ["id", "tenantId", "cspPartner", "isCsp", "metadataFailures"]);
        const known: KnownSubscription = {
            id: v.guid(o.id, `${f}.id`),
            isCsp: o.isCsp === undefined ? true : v.boolean(o.isCsp, `${f}.isCsp`),
            metadataFailures: o.metadataFailures === undefined ? 0 : v.count(o.metadataFailures, `${f}.metadataFailures`),
        };
        if (o.tenantId !== undefined) known.tenantId = v.guid(o.tenantId, `${f}.tenantId`);
        if (o.cspPartner !== undefined) known.cspPartner = v.string(o.cspPartner, `${f}.cspPartner`);
        return known;
    });
    v.unique(
        customerSubscriptions.map((s) => s.id.toLowerCase()),
        "customerSubscriptions",
        "id",
    );

    const unknownSubscriptions = root.unknownSubscriptions ?? "accept";
    if (unknownSubscriptions !== "accept" && unknownSubscriptions !== "reject") {
        throw new SeedError(source, "unknownSubscriptions", `must be "accept" or "reject", got ${JSON.stringify(unknownSubscriptions)}`);
    }
    return { tenantId, clients, subscriptions, registrations, customerSubscriptions, unknownSubscriptions };
}

function normaliseSubscription(v: Checker, raw: unknown, f: string): SubscriptionRecord {
    const o = v.object(raw, f);
    v.onlyKeys(o, f, ["id", "displayName", "state"]);
    const id = v.guid(o.id, `${f}.id`);
    const state = o.state ?? "Enabled";
    if (!(SUBSCRIPTION_STATES as readonly unknown[]).includes(state))
        v.fail(`${f}.state`, `must be one of ${SUBSCRIPTION_STATES.join(", ")}`, state);
    return {
        id,
        displayName: o.displayName === undefined ? defaultSubscriptionName(id) : v.string(o.displayName, `${f}.displayName`),
        state: state as SubscriptionState,
    };
}

function normaliseClient(v: Checker, raw: unknown, f: string): ClientRecord {
    const o = v.object(raw, f);
    v.onlyKeys(o, f, ["clientId", "clientSecret", "objectId", "displayName", "federatedCredentials"]);
    const client: ClientRecord = {
        clientId: v.string(o.clientId, `${f}.clientId`),
        objectId: o.objectId === undefined ? randomUUID() : v.guid(o.objectId, `${f}.objectId`),
        federatedCredentials: v.array(o.federatedCredentials ?? [], `${f}.federatedCredentials`).map((c, j) => {
            const g = `${f}.federatedCredentials[${j}]`;
            const fc = v.object(c, g);
            v.onlyKeys(fc, g, ["issuer", "subject", "audience"]);
            return {
                issuer: v.string(fc.issuer, `${g}.issuer`),
                subject: v.string(fc.subject, `${g}.subject`),
                audience: fc.audience === undefined ? FEDERATED_AUDIENCE : v.string(fc.audience, `${g}.audience`),
            };
        }),
    };
    if (o.clientSecret !== undefined) client.clientSecret = v.string(o.clientSecret, `${f}.clientSecret`);
    if (o.displayName !== undefined) client.displayName = v.string(o.displayName, `${f}.displayName`);
    if (client.clientSecret === undefined && client.federatedCredentials.length === 0) {
        throw new SeedError(v.source, f, "needs a clientSecret or at least one federated credential, or it can never get a token");
    }
    return client;
}

function normaliseRegistration(v: Checker, raw: unknown, f: string): RegistrationRecord {
    const o = v.object(raw, f);
    v.onlyKeys(o, f, [
        "subscriptionId",
        "resourceGroup",
        "name",
        "cloudId",
        "objectId",
        "billingModel",
        "multiTenancyApproved",
        "lock",
        "locked",
        "cspPartner",
        "etag",
        "customerSubscriptions",
    ]);
    const resourceGroup = o.resourceGroup === undefined ? "azurestack" : v.string(o.resourceGroup, `${f}.resourceGroup`);
    if (!RESOURCE_GROUP.test(resourceGroup) || resourceGroup.endsWith(".")) {
        throw new SeedError(v.source, `${f}.resourceGroup`, "must be 1-90 letters, digits, _ ( ) - . and not end in a dot");
    }
    const reg: RegistrationRecord = {
        subscriptionId: v.guid(o.subscriptionId, `${f}.subscriptionId`),
        resourceGroup,
        name: v.string(o.name, `${f}.name`),
        cloudId: o.cloudId === undefined ? randomUUID() : v.string(o.cloudId, `${f}.cloudId`),
        objectId: o.objectId === undefined ? randomUUID() : v.string(o.objectId, `${f}.objectId`),
        billingModel: o.billingModel === undefined ? "PayAsYouUse" : v.string(o.billingModel, `${f}.billingModel`),
        multiTenancyApproved: o.multiTenancyApproved === undefined ? true : v.boolean(o.multiTenancyApproved, `${f}.multiTenancyApproved`),
        cspPartner: o.cspPartner === undefined ? DEFAULT_CSP_PARTNER : v.string(o.cspPartner, `${f}.cspPartner`),
        etag: o.etag === undefined ? randomUUID() : v.string(o.etag, `${f}.etag`),
        customerSubscriptions: [],
    };
    if (/[/?#]/.test(reg.name)) throw new SeedError(v.source, `${f}.name`, "must not contain / ? or #");
    const lock = normaliseLock(v, o.lock ?? (o.locked === undefined ? undefined : v.boolean(o.locked, `${f}.locked`)), `${f}.lock`);
    if (lock) reg.lock = lock;
    reg.customerSubscriptions = v.array(o.customerSubscriptions ?? [], `${f}.customerSubscriptions`).map((m, j) => {
        const g = `${f}.customerSubscriptions[${j}]`;
        const mo = v.object(m, g);
        v.onlyKeys(mo, g, ["subscriptionId", "tenantId", "etag", "createdAt", "lastModifiedAt", "createdBy", "lastModifiedBy"]);
        const now = new Date().toISOString();
        const mapping: MappingRecord = {
            subscriptionId: v.guid(mo.subscriptionId, `${g}.subscriptionId`),
            tenantId: v.guid(mo.tenantId, `${g}.tenantId`),
            etag: mo.etag === undefined ? randomUUID() : v.string(mo.etag, `${g}.etag`),
            createdAt: mo.createdAt === undefined ? now : v.string(mo.createdAt, `${g}.createdAt`),
            lastModifiedAt: mo.lastModifiedAt === undefined ? now : v.string(mo.lastModifiedAt, `${g}.lastModifiedAt`),
        };
        if (mo.createdBy !== undefined) mapping.createdBy = v.string(mo.createdBy, `${g}.createdBy`);
        if (mo.lastModifiedBy !== undefined) mapping.lastModifiedBy = v.string(mo.lastModifiedBy, `${g}.lastModifiedBy`);
        return mapping;
    });
    v.unique(
        reg.customerSubscriptions.map((m) => m.subscriptionId),
        `${f}.customerSubscriptions`,
        "subscriptionId",
    );
    v.unique(
        reg.customerSubscriptions.map((m) => m.tenantId.toLowerCase()),
        `${f}.customerSubscriptions`,
        "tenantId (one subscription per tenant)",
    );
    return reg;
}

function normaliseLock(v: Checker, raw: unknown, f: string): LockRecord | undefined {
    if (raw === undefined || raw === false) return undefined;
    if (raw === true) return { name: "azurestack-registration-lock", level: "CanNotDelete" };
    if (typeof raw === "string") return { name: v.string(raw, f), level: "CanNotDelete" };
    const o = v.object(raw, f);
    v.onlyKeys(o, f, ["name", "level", "notes"]);
    if (o.level !== undefined && o.level !== "CanNotDelete")
        throw new SeedError(v.source, `${f}.level`, `only "CanNotDelete" is modelled, got ${JSON.stringify(o.level)}`);
    const lock: LockRecord = {
        name: o.name === undefined ? "azurestack-registration-lock" : v.string(o.name, `${f}.name`),
        level: "CanNotDelete",
    };
    if (o.notes !== undefined) lock.notes = v.string(o.notes, `${f}.notes`);
    return lock;
}

/** Small type checks that throw SeedError with the field's path. */
class Checker {
    constructor(readonly source: string) {}
    fail(field: string, problem: string, value: unknown): never {
        throw new SeedError(this.source, field, `${problem}, got ${JSON.stringify(value) ?? "undefined"}`);
    }
    object(value: unknown, field: string): Record<string, unknown> {
        if (typeof value !== "object" || value === null || Array.isArray(value)) this.fail(field, "must be a mapping (object)", value);
        return value as Record<string, unknown>;
    }
    array(value: unknown, field: string): unknown[] {
        if (!Array.isArray(value)) this.fail(field, "must be a list", value);
        return value;
    }
    string(value: unknown, field: string): string {
        if (typeof value !== "string" || value.trim() === "") this.fail(field, "must be a non-empty string", value);
        return value;
    }
    guid(value: unknown, field: string): string {
        const s = this.string(value, field);
        if (!isGuid(s)) this.fail(field, "must be a GUID like 00000000-0000-0000-0000-000000000000", value);
        return s;
    }
    boolean(value: unknown, field: string): boolean {
        if (typeof value !== "boolean") this.fail(field, "must be true or false", value);
        return value;
    }
    count(value: unknown, field: string): number {
        if (typeof value !== "number" || !Number.isInteger(value) || value < 0) this.fail(field, "must be a whole number ≥ 0", value);
        return value;
    }
    onlyKeys(o: Record<string, unknown>, field: string, allowed: string[]): void {
        for (const key of Object.keys(o)) {
            if (!allowed.includes(key))
                throw new SeedError(
                    this.source,
                    field === "(root)" ? key : `${field}.${key}`,
                    `unknown field (allowed: ${allowed.join(", ")})`,
                );
        }
    }
    unique(values: string[], field: string, what: string): void {
        const seen = new Set<string>();
        values.forEach((value, i) => {
            if (seen.has(value)) throw new SeedError(this.source, `${field}[${i}]`, `duplicate ${what} ${JSON.stringify(value)}`);
            seen.add(value);
        });
    }
}
