/**
 * Public types of the emulator: the options of startEmulator(), fault rules, the request log and counters.
 * Kept apart from the implementation so the CLI, the admin API and tests share one vocabulary.
 */
import type { EmulatorSeed } from "./seed.js";

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
export type SubscriptionIdMatching = "case-sensitive" | "arm-case-insensitive";

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
