/**
 * Everything a provider process remembers between the engine's calls, in one place.
 *
 * Lifetime: the process. The engine starts the provider (the dynamic-provider host, or the plugin) for one
 * operation (`pulumi preview`, `up`, `refresh`, `destroy`) and stops it after, so nothing here outlives a
 * run: drift made after a listing is seen by the next run. Within a run, entries are keyed by
 * - the connection: ARM endpoint + identity (a hash of the settings, so no readable secret is kept as a key);
 *   it holds the credential, the token cache, the agents and the throttle gate (arm/connection.ts);
 * - the connection + a registration (registration.ts's key): the preflight's snapshot (preflight.ts), the
 *   listing and its read counts (listing.ts), and what the program's mappings claim (claims.ts).
 * Each user declares its own slot, so this module knows none of them and imports nothing.
 */

/** One kind of value kept per key, made on first use. */
export interface Slot<T> {
    readonly name: string;
    readonly create: () => T;
}

export function slot<T>(name: string, create: () => T): Slot<T> {
    return { name, create };
}

/** The values kept for one key. */
export class CacheEntry {
    private readonly values = new Map<Slot<unknown>, unknown>();

    constructor(readonly key: string) {}

    get<T>(kind: Slot<T>): T {
        if (!this.values.has(kind)) this.values.set(kind, kind.create());
        return this.values.get(kind) as T;
    }
}

export class ProcessCache {
    private readonly entries = new Map<string, CacheEntry>();

    /** The entry of a connection (`connectionKey`), or of a registration on it (`registrationKey`). */
    entry(connectionKey: string, registrationKey?: string): CacheEntry {
        const key = registrationKey === undefined ? connectionKey : `${connectionKey} ${registrationKey}`;
        let entry = this.entries.get(key);
        if (!entry) this.entries.set(key, (entry = new CacheEntry(key)));
        return entry;
    }

    /** Forget everything, as a new process would (tests run many "processes" in one). */
    clear(): void {
        this.entries.clear();
    }
}

/** The one cache of this process. */
export const processCache = new ProcessCache();
