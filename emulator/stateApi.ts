/**
 * Direct access to the state, behind the ARM API's back (no token, no checks, no throttling): what tests
 * and demos use to seed drift. Every mutation resolves once persisted.
 */
import { randomUUID } from "node:crypto";
import {
    isGuid,
    registrationKey,
    type KnownSubscription,
    type LockRecord,
    type MappingRecord,
    type RegistrationRecord,
    type SeedCustomerSubscription,
    type SeedRegistration,
    type StateData,
} from "./seed.js";
import { normaliseSeed } from "./seedLoader.js";
import type { RegistrationRef, StateStore } from "./state.js";

export interface RegistrationPatch {
    billingModel?: string;
    multiTenancyApproved?: boolean;
    /** true / a lock name / a lock to set a CanNotDelete lock; false or null to remove it. */
    lock?: boolean | string | LockRecord | null;
    cspPartner?: string;
    cloudId?: string;
    objectId?: string;
}

export class StateApi {
    constructor(private readonly store: StateStore) {}

    dump(): StateData {
        return this.store.dump();
    }

    registrations(): RegistrationRecord[] {
        return this.store.dump().registrations;
    }

    registration(ref: RegistrationRef): RegistrationRecord | undefined {
        const reg = this.store.resolve(ref);
        return reg && structuredClone(reg);
    }

    /** Adds a registration (or replaces the one with the same subscription, group and name). */
    async putRegistration(seed: SeedRegistration): Promise<RegistrationRecord> {
        const reg = normaliseSeed({ clients: this.store.clients, registrations: [seed] }, "putRegistration").registrations[0]!;
        const existing = this.store.findRegistration(reg.subscriptionId, reg.resourceGroup, reg.name);
        if (existing) this.store.removeRegistration(existing);
        this.store.addRegistration(reg);
        await this.store.changed();
        return structuredClone(reg);
    }

    async updateRegistration(ref: RegistrationRef, patch: RegistrationPatch): Promise<RegistrationRecord> {
        checkPatch(patch);
        const reg = this.mustResolve(ref);
        if (patch.billingModel !== undefined) reg.billingModel = patch.billingModel;
        if (patch.multiTenancyApproved !== undefined) reg.multiTenancyApproved = patch.multiTenancyApproved;
        if (patch.cspPartner !== undefined) reg.cspPartner = patch.cspPartner;
        if (patch.cloudId !== undefined) reg.cloudId = patch.cloudId;
        if (patch.objectId !== undefined) reg.objectId = patch.objectId;
        if (patch.lock !== undefined) {
            if (patch.lock === null || patch.lock === false) delete reg.lock;
            else if (patch.lock === true) reg.lock = { name: "azurestack-registration-lock", level: "CanNotDelete" };
            else if (typeof patch.lock === "string") reg.lock = { name: patch.lock, level: "CanNotDelete" };
            else reg.lock = { ...patch.lock, level: "CanNotDelete" };
        }
        reg.etag = randomUUID();
        await this.store.changed();
        return structuredClone(reg);
    }

    async deleteRegistration(ref: RegistrationRef): Promise<boolean> {
        const reg = this.store.resolve(ref);
        if (!reg) return false;
        this.store.removeRegistration(reg);
        await this.store.changed();
        return true;
    }

    mappings(ref: RegistrationRef): MappingRecord[] {
        return structuredClone(this.mustResolve(ref).customerSubscriptions);
    }

    mapping(ref: RegistrationRef, subscriptionId: string): MappingRecord | undefined {
        const m = this.store.findMapping(this.mustResolve(ref), subscriptionId);
        return m && structuredClone(m);
    }

    /**
     * Sets a mapping directly (new etag). By default it does NOT apply the one-subscription-per-tenant rule,
     * so tests can build any drift; pass `{ onePerTenant: true }` to behave like the API.
     */
    async putMapping(
        ref: RegistrationRef,
        subscriptionId: string,
        tenantId: string,
        opts: { onePerTenant?: boolean } = {},
    ): Promise<MappingRecord> {
        if (!isGuid(tenantId)) throw new Error(`tenantId must be a GUID, got ${tenantId}`);
        const { record } = this.store.upsertMapping(
            this.mustResolve(ref),
            subscriptionId,
            tenantId,
            "emulator-state-api",
            opts.onePerTenant ?? false,
        );
        await this.store.changed();
        return structuredClone(record);
    }

    async deleteMapping(ref: RegistrationRef, subscriptionId: string): Promise<boolean> {
        const reg = this.mustResolve(ref);
        const m = this.store.findMapping(reg, subscriptionId);
        if (!m) return false;
        this.store.removeMapping(reg, m);
        await this.store.changed();
        return true;
    }

    knownSubscriptions(): KnownSubscription[] {
        return this.store.dump().customerSubscriptions;
    }

    /** Adds or replaces what Azure knows about a customer subscription (partner, CSP or not, upstream faults). */
    async putKnownSubscription(sub: SeedCustomerSubscription): Promise<KnownSubscription> {
        const known = normaliseSeed({ clients: this.store.clients, customerSubscriptions: [sub] }, "putKnownSubscription")
            .customerSubscriptions[0]!;
        this.store.putKnownSubscription(known);
        await this.store.changed();
        return structuredClone(known);
    }

    async setUnknownSubscriptions(mode: "accept" | "reject"): Promise<void> {
        if (mode !== "accept" && mode !== "reject") throw new Error(`unknownSubscriptions must be "accept" or "reject"`);
        this.store.setUnknownSubscriptions(mode);
        await this.store.changed();
    }

    private mustResolve(ref: RegistrationRef): RegistrationRecord {
        const reg = this.store.resolve(ref);
        if (!reg) throw new Error(`no registration ${typeof ref === "string" ? ref : registrationKey(ref)}`);
        return reg;
    }
}

/** A patch may come from JSON (the admin API): check the types before they reach the state. */
function checkPatch(patch: RegistrationPatch): void {
    if (typeof patch !== "object" || patch === null) throw new Error("a registration patch must be an object");
    for (const key of Object.keys(patch)) {
        if (!["billingModel", "multiTenancyApproved", "lock", "cspPartner", "cloudId", "objectId"].includes(key))
            throw new Error(`unknown registration field ${key}`);
    }
    for (const key of ["billingModel", "cspPartner", "cloudId", "objectId"] as const) {
        if (patch[key] !== undefined && (typeof patch[key] !== "string" || patch[key] === ""))
            throw new Error(`${key} must be a non-empty string`);
    }
    if (patch.multiTenancyApproved !== undefined && typeof patch.multiTenancyApproved !== "boolean")
        throw new Error("multiTenancyApproved must be true or false");
    const lock = patch.lock;
    if (
        lock !== undefined &&
        lock !== null &&
        typeof lock !== "boolean" &&
        typeof lock !== "string" &&
        (typeof lock !== "object" || typeof lock.name !== "string")
    ) {
        throw new Error("lock must be true, false, null, a lock name or {name, notes?}");
    }
}
