/**
 * The emulator's vocabulary, kept apart from the implementation so the CLI, the admin API and tests share
 * one: the options of startEmulator(), what a RunningEmulator offers, the settings it can change while
 * running (their defaults and validation), fault rules, the request log, counters and recorded traffic.
 */
import type { MintFederatedTokenOptions } from "./identity.js";
import type { EmulatorSeed } from "./seed.js";
import type { SubscriptionIdMatching } from "./state.js";
import type { StateApi } from "./stateApi.js";

/** One token bucket: `burst` requests at once, refilled continuously at `refillPerSecond`. */
export interface BucketOptions {
    burst: number;
    refillPerSecond: number;
}

export interface ThrottlingOptions {
    /** @default { burst: 200, refillPerSecond: 10 } (ARM's token bucket for writes since 2024) */
    writes?: BucketOptions;
    /** @default { burst: 250, refillPerSecond: 25 } */
    reads?: BucketOptions;
}

/** What a fault does to a request it applies to. */
export type FaultKind =
    /** Delay the answer by `latencyMs` (adds up with other latency rules and the global latency). */
    | "latency"
    /** Answer 429 SubscriptionRequestsThrottled with `Retry-After: retryAfterSeconds` (a "429 storm"). */
    | "throttle"
    /** Answer `status` (502 or 503, default 503) with an ARM error body (a "502/503 burst"). */
    | "status"
    /** Answer 502 MetadataResolverBadGatewayError (the documented upstream fault). */
    | "metadata-bad-gateway"
    /** Destroy the socket without answering (the client sees ECONNRESET / "socket hang up"). */
    | "reset"
    /** Accept the request and never answer, until the client gives up or the emulator stops. */
    | "hang";

export type RequestKind = "arm" | "token" | "metadata" | "admin";

/**
 * A fault injection rule. A rule matches a request when every given selector matches; it then applies
 * to the first `count` matching requests (after skipping `skip`), or with `probability` (drawn from the
 * emulator's seedable RNG), or to every matching request when neither is given.
 */
export interface FaultRule {
    kind: FaultKind;
    /** HTTP method to match (case-insensitive). @default any */
    method?: string;
    /** Substring the request path (without query) must contain. @default any */
    path?: string;
    /** Regular expression (source text) the request path must match. @default any */
    pathRegex?: string;
    /** Request kinds the rule applies to. @default ["arm"] */
    kinds?: RequestKind[];
    /** Let this many matching requests through untouched before applying. @default 0 */
    skip?: number;
    /** Apply to this many matching requests (after `skip`), then stop. @default unlimited */
    count?: number;
    /** Apply with this probability (0..1) to each matching request. @default 1 */
    probability?: number;
    /** For kind "latency". @default 1000 */
    latencyMs?: number;
    /** For kind "status": 502 or 503 (any 5xx accepted). @default 503 */
    status?: number;
    /** For kinds "throttle" and "status" (503): value of Retry-After in seconds. @default 1 for throttle, none for status */
    retryAfterSeconds?: number;
}

export type PutResponseMode = "201-empty" | "200-body";

export interface EmulatorOptions {
    /** A seed object, or the path of a YAML/JSON seed file. @default a minimal built-in seed (one tenant, one client, no registrations) */
    seed?: EmulatorSeed | string;
    /** Persist state here (atomic write: temp file + rename, serialised). Loaded instead of the seed when it exists. @default not persisted */
    statePath?: string;
    /** Address to listen on. A non-loopback address is refused unless `allowRemote` is set. @default "127.0.0.1" */
    host?: string;
    /**
     * Allow a non-loopback `host`. The admin API (client secrets, token minting, state) then requires
     * `Authorization: Bearer <adminToken>`, a random token made at start (RunningEmulator.adminToken).
     * @default false
     */
    allowRemote?: boolean;
    /** Port of the ARM endpoint (and admin API). @default 0 (any free port) */
    port?: number;
    /** Port of the login (token) endpoint. @default 0 (any free port) */
    authPort?: number;
    /** How PUT of a customer subscription answers. @default "201-empty" (as Microsoft's page "Register tenants for usage tracking in Azure Stack Hub" shows) */
    putResponse?: PutResponseMode;
    /** How the customer subscription id in a path is matched. @default "case-sensitive" (as Microsoft's page "Register tenants for usage tracking in Azure Stack Hub" says) */
    subscriptionIdMatching?: SubscriptionIdMatching;
    /** `name` of a customer subscription resource: the bare id (the list example of Microsoft's page "Register tenants for usage tracking in Azure Stack Hub") or "{registration}/{id}" (the REST spec's example). @default "bare" */
    mappingName?: "bare" | "qualified";
    /** Page size of the customerSubscriptions list. @default 100 */
    pageSize?: number;
    /** Lifetime of issued access tokens. @default 3600 */
    tokenLifetimeSeconds?: number;
    /** ARM-like throttling, or false to turn it off. @default writes 200/10 per s, reads 250/25 per s */
    throttling?: false | ThrottlingOptions;
    /** Added to every ARM response. @default 0 */
    latencyMs?: number;
    /** Fault injection rules. @default [] */
    faults?: FaultRule[];
    /** Seed of the RNG used by probabilistic fault rules. @default 1 */
    faultSeed?: number;
    /** Directory for the CA certificate and other generated files. @default a new temporary directory */
    workDir?: string;
    /** Keep at most this many request log entries (oldest dropped first). @default 100000 */
    requestLogLimit?: number;
    /**
     * Keep every ARM request and answer, bodies included, for traffic validators (`traffic()`); the
     * Authorization header is left out. Same limit as the request log. @default false
     */
    recordTraffic?: boolean;
}

/**
 * One ARM request and its answer in the shape Azure's traffic validator (`oav`'s LiveValidator and
 * `oav validate-traffic`) reads: URL on the emulator's ARM endpoint, headers, JSON bodies (undefined when empty).
 */
export interface TrafficRecord {
    liveRequest: { method: string; url: string; headers: Record<string, string>; body?: unknown };
    liveResponse: { statusCode: string; headers: Record<string, string>; body?: unknown };
}

export interface RequestLogEntry {
    /** ISO time the request arrived. */
    time: string;
    method: string;
    /** Path without the query string. */
    path: string;
    apiVersion?: string;
    /** HTTP status answered; 0 when the connection was reset or the request hung. */
    status: number;
    /** Time from arrival to the end of the answer (or the reset / the stop for hangs). */
    latencyMs: number;
    kind: RequestKind;
    /** ARM: the object id (oid) of the caller's token. Token endpoint: the client id that got a token. */
    caller?: string;
    clientRequestId?: string;
    /** The Accept-Language header the client sent, verbatim. */
    acceptLanguage?: string;
    /** The User-Agent header the client sent, verbatim (it names the client and its version). */
    userAgent?: string;
    correlationRequestId?: string;
    requestId: string;
    /** ARM/AAD error code of an error answer. */
    errorCode?: string;
    /** The fault kind applied, if any. */
    fault?: FaultKind;
}

export interface Counters {
    total: number;
    byKind: Record<RequestKind, number>;
    byMethod: Record<string, number>;
    byStatus: Record<string, number>;
    /** Requests to the token endpoint, and how many of them got a token. */
    tokenRequests: number;
    tokensIssued: number;
    /** 429 answers, from the token buckets or from faults. */
    throttled: number;
    /** Requests a fault rule applied to, by fault kind. */
    faults: Partial<Record<FaultKind, number>>;
}

// ---- a running emulator ----

/** What startEmulator() hands back: the endpoints, the client environment and the controls of a running emulator. */
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
/** Where a running emulator is reached, as tokens and discovery documents name it. */
export type Endpoints = Pick<RunningEmulator, "armEndpoint" | "authorityHost" | "tenantId">;

// ---- settings ----
// The settings that can change while the emulator runs: their defaults from the options, and their validation.

/** Settings that can be changed while the emulator runs (configure(), admin PATCH /_emulator/settings). */
export interface EmulatorSettings {
    putResponse: PutResponseMode;
    subscriptionIdMatching: SubscriptionIdMatching;
    mappingName: "bare" | "qualified";
    pageSize: number;
    tokenLifetimeSeconds: number;
    latencyMs: number;
}

/** The settings an emulator starts with; throws on an invalid option. */
export function initialSettings(options: EmulatorOptions): EmulatorSettings {
    const settings: EmulatorSettings = {
        putResponse: options.putResponse ?? "201-empty",
        subscriptionIdMatching: options.subscriptionIdMatching ?? "case-sensitive",
        mappingName: options.mappingName ?? "bare",
        pageSize: options.pageSize ?? 100,
        tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
        latencyMs: options.latencyMs ?? 0,
    };
    validateSettings(settings);
    return settings;
}

export function validateSettings(s: EmulatorSettings): void {
    if (s.putResponse !== "201-empty" && s.putResponse !== "200-body")
        throw new Error(`putResponse must be "201-empty" or "200-body", got ${JSON.stringify(s.putResponse)}`);
    if (s.subscriptionIdMatching !== "case-sensitive" && s.subscriptionIdMatching !== "arm-case-insensitive")
        throw new Error(
            `subscriptionIdMatching must be "case-sensitive" or "arm-case-insensitive", got ${JSON.stringify(s.subscriptionIdMatching)}`,
        );
    if (s.mappingName !== "bare" && s.mappingName !== "qualified")
        throw new Error(`mappingName must be "bare" or "qualified", got ${JSON.stringify(s.mappingName)}`);
    if (!Number.isInteger(s.pageSize) || s.pageSize < 1) throw new Error(`pageSize must be a whole number ≥ 1, got ${s.pageSize}`);
    if (!Number.isInteger(s.tokenLifetimeSeconds) || s.tokenLifetimeSeconds < 1)
        throw new Error(`tokenLifetimeSeconds must be a whole number ≥ 1, got ${s.tokenLifetimeSeconds}`);
    if (typeof s.latencyMs !== "number" || !(s.latencyMs >= 0)) throw new Error(`latencyMs must be a number ≥ 0, got ${s.latencyMs}`);
}
