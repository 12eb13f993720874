/** What startEmulator() hands back: the endpoints, the client environment and the controls of a running emulator. */
import type { MintFederatedTokenOptions } from "./identity.js";
import type { EmulatorSettings } from "./settings.js";
import type { StateApi } from "./state.js";
import type { Counters, FaultRule, RequestLogEntry, ThrottlingOptions, TrafficRecord } from "./types.js";

export interface RunningEmulator {
    /** e.g. "https://127.0.0.1:40123" (no trailing slash); also serves the admin API under /_emulator/. */
    readonly armEndpoint: string;
    /** e.g. "https://127.0.0.1:40124": pass as @azure/identity's `authorityHost` (with disableInstanceDiscovery). */
    readonly authorityHost: string;
    /** The directory tenant the seeded clients live in. */
    readonly tenantId: string;
    /** The throw-away CA that signed both servers' certificates (for NODE_EXTRA_CA_CERTS). */
    readonly caCertPath: string;
    readonly caCertPem: string;
    /** Direct state access, behind the API's back. */
    readonly state: StateApi;
    /** Set when listening on a non-loopback host (allowRemote): the admin API requires `Authorization: Bearer <adminToken>`. */
    readonly adminToken: string | undefined;
    /** Environment for a seeded client (default: the first one with a secret). */
    clientEnv(clientId?: string): Record<string, string>;
    /** A JWT from the emulator's external OIDC issuer, accepted as client_assertion for seeded federated credentials. */
    mintFederatedToken(opts?: MintFederatedTokenOptions): Promise<string>;
    requestLog(): RequestLogEntry[];
    clearRequestLog(): void;
    /** With `recordTraffic`: every ARM request and answer, bodies included, as `oav`'s traffic validator reads them. */
    traffic(): TrafficRecord[];
    clearTraffic(): void;
    counters(): Counters;
    resetCounters(): void;
    setFaults(rules: FaultRule[]): void;
    faults(): FaultRule[];
    setLatency(ms: number): void;
    /** Replaces the throttling settings (false turns it off); every bucket starts full again. */
    setThrottling(options: false | ThrottlingOptions): void;
    settings(): EmulatorSettings & { throttling: false | Required<ThrottlingOptions> };
    configure(patch: Partial<EmulatorSettings>): void;
    /** Closes both servers and every open socket (hung requests too), then flushes the state file. */
    stop(): Promise<void>;
}
