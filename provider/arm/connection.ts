/**
 * One ARM connection per process and settings: the credential, the token cache, the keep-alive agents and
 * the throttle gate are shared by every resource the provider host serves, which is what makes "one token
 * per scope per process" and connection reuse hold.
 */
import { createHash } from "node:crypto";
import type { ProviderSettings } from "../settings";
import { ArmClient } from "./client";
import { createCredential } from "./credentials";
import { AccessTokenCache } from "./tokens";

export interface ArmConnection {
    client: ArmClient;
    tokens: AccessTokenCache;
}

const connections = new Map<string, ArmConnection>();

export function armConnection(settings: ProviderSettings, userAgent: string): ArmConnection {
    // Hashed so the map key does not keep a readable copy of a client secret around.
    const key = createHash("sha256").update(JSON.stringify([settings, userAgent])).digest("hex");
    let connection = connections.get(key);
    if (!connection) {
        const tokens = new AccessTokenCache(createCredential(settings.credential, settings.cloud));
        const client = new ArmClient({
            cloud: settings.cloud, tokens, userAgent,
            requestTimeoutMs: settings.requestTimeoutMs,
            maxRetries: settings.maxRetries,
            maxThrottleRetries: settings.maxThrottleRetries,
        });
        connection = { client, tokens };
        connections.set(key, connection);
    }
    return connection;
}

/** For tests: forget every connection so the next call builds a new one from fresh settings. */
export function resetArmConnections(): void {
    connections.clear();
}
