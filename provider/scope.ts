/**
 * A registration as one provider process works on it: the ARM client of the connection, the registration
 * (parsed once, registration.ts), and its entry in the process cache (processCache.ts), where the preflight,
 * the listing and the program's claims keep what they know of it.
 */
import type { ArmClient } from "./arm/client";
import type { ArmConnection } from "./arm/connection";
import { registrationOf, type Registration } from "./mapping/registration";
import type { RegistrationRef } from "./arm/ids";
import { processCache, type CacheEntry } from "./processCache";

export interface RegistrationScope {
    client: ArmClient;
    registration: Registration;
    cache: CacheEntry;
}

export function registrationScope(connection: ArmConnection, ref: RegistrationRef): RegistrationScope {
    const registration = "key" in ref && "id" in ref ? (ref as Registration) : registrationOf(ref);
    return { client: connection.client, registration, cache: processCache.entry(connection.key, registration.key) };
}
