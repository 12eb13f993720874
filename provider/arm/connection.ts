/**
 * One ARM connection per process and settings (the process cache's connection entry): the credential, the
 * token cache, the keep-alive agents and the throttle gate are shared by every resource the provider serves,
 * which is what makes "one token per scope per process" and connection reuse hold.
 *
 * The HTTP and identity stack (axios, @azure/identity: about 150 ms and 35 MiB to load) is loaded here, on
 * the first request, not when the provider host loads the provider: a preview of an unchanged stack makes
 * no request and so never pays for it.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { processCache, slot } from "../processCache";
import type { ProviderSettings } from "../settings";
import type { ArmClient } from "./client";
import { AccessTokenCache } from "./tokens";

export interface ArmConnection {
    /** The process cache's key of this endpoint and identity. */
    key: string;
    client: ArmClient;
    tokens: AccessTokenCache;
}

const PACKAGE_VERSION: string = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "..", "package.json"), "utf8")).version;
export const USER_AGENT = `azurestack-tenant-mappings/${PACKAGE_VERSION} (node ${process.version}; ${process.platform})`;

const CONNECTION = slot<{ connection?: ArmConnection }>("connection", () => ({}));

/** The process cache's key of an endpoint and identity: a hash, so the key keeps no readable copy of a client secret. */
export function connectionKey(settings: ProviderSettings, userAgent: string = USER_AGENT): string {
    return createHash("sha256")
        .update(JSON.stringify([settings, userAgent]))
        .digest("hex");
}

export function armConnection(settings: ProviderSettings, userAgent: string = USER_AGENT): ArmConnection {
    const key = connectionKey(settings, userAgent);
    const held = processCache.entry(key).get(CONNECTION);
    if (!held.connection) {
        /* eslint-disable @typescript-eslint/no-require-imports */
        const { ArmClient } = require("./client") as typeof import("./client");
        const { createCredential } = require("./credentials") as typeof import("./credentials");
        /* eslint-enable @typescript-eslint/no-require-imports */
        const tokens = new AccessTokenCache(createCredential(settings.credential, settings.cloud));
        const client = new ArmClient({
            cloud: settings.cloud,
            tokens,
            userAgent,
            requestTimeoutMs: settings.requestTimeoutMs,
            maxRetries: settings.maxRetries,
            maxThrottleRetries: settings.maxThrottleRetries,
            locale: settings.locale,
        });
        held.connection = { key, client, tokens };
    }
    return held.connection;
}
