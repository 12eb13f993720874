/**
 * A registration as one provider process works on it: the ARM client of the connection, the registration
 * (parsed once, registration.ts), and its entry in the process cache (processCache.ts), where the preflight,
 * the listing and the program's claims keep what they know of it.
 */
import type { ArmClient } from "./arm/client";
import { connectionKey, type ArmConnection } from "./arm/connection";
import { registrationOf, type Registration } from "./mapping/registration";
import type { RegistrationRef } from "./arm/ids";
import { processCache, type CacheEntry } from "./processCache";
import type { ProviderSettings } from "./settings";

export interface RegistrationScope {
    client: ArmClient;
    registration: Registration;
    cache: CacheEntry;
}

/** What the offline checks of a registration need of it: its cache entry, and no connection (claims.ts). */
export type RegistrationEntry = Pick<RegistrationScope, "cache">;

/**
 * The registration's cache entry without loading the connection (the HTTP and identity stack): a preview of an
 * unchanged program makes no request and never pays for that stack.
 */
export function registrationEntry(settings: ProviderSettings, ref: RegistrationRef): RegistrationEntry {
    return { cache: processCache.entry(connectionKey(settings), registrationOf(ref).key) };
}

export function registrationScope(connection: ArmConnection, ref: RegistrationRef): RegistrationScope {
    const registration = "key" in ref && "id" in ref ? (ref as Registration) : registrationOf(ref);
    return { client: connection.client, registration, cache: processCache.entry(connection.key, registration.key) };
}
