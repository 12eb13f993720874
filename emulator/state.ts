/**
 * The emulator's state: registrations, their mappings, known customer subscriptions and clients, kept in
 * memory and persisted to a state file. Mutations are synchronous (so a request's check-and-change cannot
 * interleave with another's); persisting is serialised and coalesced, each write a temp file + fsync +
 * rename, so the file on disk is always one complete JSON document.
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { open, rename, unlink } from "node:fs/promises";
import {
    defaultSubscriptionName,
    registrationKey,
    type EmulatorSeed,
    type KnownSubscription,
    type MappingRecord,
    type RegistrationCoordinates,
    type RegistrationRecord,
    type StateData,
    type SubscriptionRecord,
} from "./seed.js";
import { loadSeedFile, normaliseSeed } from "./seedLoader.js";

/** How the customer subscription id in a path is matched to a stored mapping. */
export type SubscriptionIdMatching = "case-sensitive" | "arm-case-insensitive";

/** A registration: by name (when unique), by ARM resource id, or by its three path parts. */
export type RegistrationRef = string | RegistrationCoordinates;

const REGISTRATION_ID = /^\/?subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.AzureStack\/registrations\/([^/]+)$/i;

/** Loads the state (state file if it exists, else the seed) and persists every change. */
export class StateStore {
    private data: StateData;
    private version = 0;
    private writtenVersion = 0;
    private writer: Promise<void> | null = null;
    private waiters: { target: number; resolve: () => void; reject: (err: Error) => void }[] = [];
    private tmpCounter = 0;

    constructor(
        seed: EmulatorSeed | string | undefined,
        readonly statePath: string | undefined,
        public matching: SubscriptionIdMatching,
    ) {
        if (statePath && existsSync(statePath)) this.data = loadSeedFile(statePath);
        else if (typeof seed === "string") this.data = loadSeedFile(seed);
        else this.data = normaliseSeed(seed);
        if (statePath) this.version = 1; // write the initial state, so a seed-only start leaves a state file
    }

    /** Writes the initial state (if persisted) and waits for it. */
    async init(): Promise<void> {
        if (this.statePath) await this.changed(false);
    }

    get tenantId(): string {
        return this.data.tenantId;
    }
    get clients() {
        return this.data.clients;
    }
    get unknownSubscriptions() {
        return this.data.unknownSubscriptions;
    }

    /** The subscriptions the clients see: the seed's, then every other registration's subscription. */
    subscriptions(): SubscriptionRecord[] {
        const list = [...this.data.subscriptions];
        for (const reg of this.data.registrations) {
            if (!list.some((s) => s.id.toLowerCase() === reg.subscriptionId.toLowerCase())) {
                list.push({ id: reg.subscriptionId, displayName: defaultSubscriptionName(reg.subscriptionId), state: "Enabled" });
            }
        }
        return list;
    }

    /** The resource groups of a subscription: those holding a registration (resource groups are not modelled otherwise). */
    resourceGroups(subscriptionId: string): string[] {
        const names: string[] = [];
        for (const reg of this.data.registrations) {
            if (reg.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase()) continue;
            if (!names.some((n) => n.toLowerCase() === reg.resourceGroup.toLowerCase())) names.push(reg.resourceGroup);
        }
        return names;
    }

    /** A deep copy of the whole state (the state-file format, a valid seed). */
    dump(): StateData {
        return structuredClone(this.data);
    }

    findRegistration(subscriptionId: string, resourceGroup: string, name: string): RegistrationRecord | undefined {
        const key = registrationKey({ subscriptionId, resourceGroup, name });
        return this.data.registrations.find((r) => registrationKey(r) === key);
    }

    resolve(ref: RegistrationRef): RegistrationRecord | undefined {
        if (typeof ref !== "string") return this.findRegistration(ref.subscriptionId, ref.resourceGroup, ref.name);
        const m = REGISTRATION_ID.exec(ref);
        if (m) return this.findRegistration(decodeURIComponent(m[1]!), decodeURIComponent(m[2]!), decodeURIComponent(m[3]!));
        const byName = this.data.registrations.filter((r) => r.name.toLowerCase() === ref.toLowerCase());
        if (byName.length > 1) throw new Error(`registration name ${ref} is ambiguous: give the resource id`);
        return byName[0];
    }

    /** The mapping for `subscriptionId`, matched as the configured mode says. */
    findMapping(reg: RegistrationRecord, subscriptionId: string): MappingRecord | undefined {
        const key = this.matching === "case-sensitive" ? subscriptionId : subscriptionId.toLowerCase();
        return this.mappingIndex(reg).get(key);
    }

    /** What Azure knows about a subscription (the same subscription however its id is spelled). */
    knownSubscription(id: string): KnownSubscription | undefined {
        return lookupIndex(this.knownIndexes, this.data.customerSubscriptions, "lower", (s) => s.id).get(id.toLowerCase());
    }

    /**
     * A registration's mappings by id, as findMapping matches them: at 50,000 mappings a scan per request would
     * make the emulator, not the client, what a benchmark measures.
     */
    private mappingIndex(reg: RegistrationRecord): Map<string, MappingRecord> {
        return lookupIndex(
            this.mappingIndexes,
            reg.customerSubscriptions,
            this.matching === "case-sensitive" ? "exact" : "lower",
            (m) => m.subscriptionId,
        );
    }
    private readonly mappingIndexes = new WeakMap<MappingRecord[], Index<MappingRecord>>();
    private readonly knownIndexes = new WeakMap<KnownSubscription[], Index<KnownSubscription>>();

    addRegistration(reg: RegistrationRecord): void {
        this.data.registrations.push(reg);
    }

    putKnownSubscription(known: KnownSubscription): void {
        const lower = known.id.toLowerCase();
        this.data.customerSubscriptions = this.data.customerSubscriptions.filter((s) => s.id.toLowerCase() !== lower);
        this.data.customerSubscriptions.push(known);
    }

    setUnknownSubscriptions(mode: "accept" | "reject"): void {
        this.data.unknownSubscriptions = mode;
    }

    removeRegistration(reg: RegistrationRecord): void {
        this.data.registrations = this.data.registrations.filter((r) => r !== reg);
    }

    /**
     * Inserts or updates a mapping. An existing record (as matched by the mode) keeps its stored spelling.
     * With `onePerTenant`, other mappings of the same tenant in this registration are removed (Microsoft's page "Register tenants for usage tracking in Azure Stack Hub").
     * Returns the record and the mappings it displaced.
     */
    upsertMapping(
        reg: RegistrationRecord,
        subscriptionId: string,
        tenantId: string,
        caller: string | undefined,
        onePerTenant: boolean,
    ): { record: MappingRecord; created: boolean; displaced: MappingRecord[] } {
        const now = new Date().toISOString();
        let record = this.findMapping(reg, subscriptionId);
        const created = !record;
        if (!record) {
            record = { subscriptionId, tenantId, etag: randomUUID(), createdAt: now, lastModifiedAt: now };
            if (caller) record.createdBy = caller;
            reg.customerSubscriptions.push(record);
            this.mappingIndex(reg); // takes in the new record
        } else {
            record.tenantId = tenantId;
            record.etag = randomUUID();
            record.lastModifiedAt = now;
        }
        if (caller) record.lastModifiedBy = caller;
        const kept = record;
        const tenant = tenantId.toLowerCase();
        const displaced = onePerTenant ? reg.customerSubscriptions.filter((m) => m !== kept && m.tenantId.toLowerCase() === tenant) : [];
        if (displaced.length) reg.customerSubscriptions = reg.customerSubscriptions.filter((m) => !displaced.includes(m));
        return { record, created, displaced };
    }

    removeMapping(reg: RegistrationRecord, record: MappingRecord): void {
        reg.customerSubscriptions = reg.customerSubscriptions.filter((m) => m !== record);
    }

    /** Records a change; resolves once a state-file write that includes it has completed. */
    changed(bump = true): Promise<void> {
        if (!this.statePath) return Promise.resolve();
        if (bump) this.version++;
        const target = this.version;
        const done = new Promise<void>((resolve, reject) => this.waiters.push({ target, resolve, reject }));
        if (!this.writer)
            this.writer = this.writeLoop().finally(() => {
                this.writer = null;
            });
        return done;
    }

    /** Waits for every pending write. */
    async flush(): Promise<void> {
        while (this.writer) await this.writer.catch(() => undefined);
    }

    private async writeLoop(): Promise<void> {
        while (this.writtenVersion < this.version) {
            const target = this.version;
            const text = JSON.stringify(this.data, null, 2) + "\n";
            try {
                await this.atomicWrite(text);
                this.writtenVersion = target;
                this.settle(
                    (w) => w.target <= target,
                    (w) => w.resolve(),
                );
            } catch (err) {
                this.settle(
                    (w) => w.target <= target,
                    (w) => w.reject(err as Error),
                );
                this.writtenVersion = target; // do not spin; the next change retries
            }
        }
    }

    private settle(pick: (w: StateStore["waiters"][number]) => boolean, act: (w: StateStore["waiters"][number]) => void): void {
        const ready = this.waiters.filter(pick);
        this.waiters = this.waiters.filter((w) => !pick(w));
        ready.forEach(act);
    }

    private async atomicWrite(text: string): Promise<void> {
        const path = this.statePath!;
        const tmp = `${path}.${process.pid}.${++this.tmpCounter}.tmp`;
        const handle = await open(tmp, "w", 0o600);
        try {
            await handle.writeFile(text, "utf8");
            await handle.sync();
        } finally {
            await handle.close();
        }
        try {
            await rename(tmp, path);
        } catch (err) {
            await unlink(tmp).catch(() => undefined);
            throw err;
        }
    }
}

/** A lookup of an array's records by key, valid while the array is the same one with the same length. */
interface Index<T> {
    mode: "exact" | "lower";
    length: number;
    byKey: Map<string, T>;
}

/**
 * The index of `records` by `keyOf` (lower-cased when `mode` is "lower"), the first record winning as Array.find's
 * would. Mutations replace the array (filter) or append to it (push): a new array is indexed anew, appended records
 * are added; a record's key never changes in place.
 */
function lookupIndex<T>(
    indexes: WeakMap<T[], Index<T>>,
    records: T[],
    mode: "exact" | "lower",
    keyOf: (record: T) => string,
): Map<string, T> {
    let index = indexes.get(records);
    if (!index || index.mode !== mode || index.length > records.length) {
        index = { mode, length: 0, byKey: new Map() };
        indexes.set(records, index);
    }
    for (; index.length < records.length; index.length++) {
        const record = records[index.length]!;
        const key = mode === "lower" ? keyOf(record).toLowerCase() : keyOf(record);
        if (!index.byKey.has(key)) index.byKey.set(key, record);
    }
    return index.byKey;
}
