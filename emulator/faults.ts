/**
 * What slows a request down or refuses it. Fault injection: rules matched against each request by method,
 * path and kind; each fires for its first N matches (after skipping some), with a probability from a
 * seedable RNG, or always. Latency rules add up; of the other rules the first that fires decides what
 * happens to the request, and answers in the service's place. And ARM-like throttling.
 */
import { ArmError, errorReply } from "./errors.js";
import type { Reply } from "./https.js";
import type { BucketOptions, FaultKind, FaultRule, RequestKind, ThrottlingOptions } from "./types.js";

const KINDS: FaultKind[] = ["latency", "throttle", "status", "metadata-bad-gateway", "reset", "hang"];

export interface FaultDecision {
    latencyMs: number;
    /** The rule that decides the answer, if any (never a latency rule). */
    action?: FaultRule;
    /** The kinds of every rule that fired, for the log and counters. */
    fired: FaultKind[];
}

interface RuleState {
    rule: FaultRule;
    regex?: RegExp;
    seen: number;
    applied: number;
}

/** Throws an Error naming the bad field of a rule. */
export function validateFaultRules(rules: unknown): FaultRule[] {
    if (!Array.isArray(rules)) throw new Error("faults must be a list of rules");
    return rules.map((rule: FaultRule, i) => {
        const f = `faults[${i}]`;
        if (typeof rule !== "object" || rule === null) throw new Error(`${f} must be an object`);
        if (!KINDS.includes(rule.kind)) throw new Error(`${f}.kind must be one of ${KINDS.join(", ")}, got ${JSON.stringify(rule.kind)}`);
        if (rule.pathRegex !== undefined) {
            try {
                new RegExp(rule.pathRegex);
            } catch (err) {
                throw new Error(`${f}.pathRegex is not a valid regular expression: ${(err as Error).message}`);
            }
        }
        for (const key of ["skip", "count", "latencyMs", "retryAfterSeconds"] as const) {
            const value = rule[key];
            if (value !== undefined && (typeof value !== "number" || !(value >= 0)))
                throw new Error(`${f}.${key} must be a number ≥ 0, got ${JSON.stringify(value)}`);
        }
        if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1))
            throw new Error(`${f}.probability must be between 0 and 1`);
        if (rule.status !== undefined && !(Number.isInteger(rule.status) && rule.status >= 500 && rule.status <= 599))
            throw new Error(`${f}.status must be a 5xx status, got ${rule.status}`);
        return { ...rule };
    });
}

export class FaultInjector {
    private states: RuleState[] = [];
    private random: () => number;

    constructor(
        rules: FaultRule[] = [],
        private readonly seed = 1,
    ) {
        this.random = mulberry32(seed);
        this.set(rules);
    }

    /** Replaces the rules; their counts start from zero and the RNG from its seed. */
    set(rules: FaultRule[]): void {
        this.states = validateFaultRules(rules).map((rule) => {
            const state: RuleState = { rule, seen: 0, applied: 0 };
            if (rule.pathRegex !== undefined) state.regex = new RegExp(rule.pathRegex);
            return state;
        });
        this.random = mulberry32(this.seed);
    }

    rules(): FaultRule[] {
        return this.states.map((s) => ({ ...s.rule }));
    }

    decide(method: string, path: string, kind: RequestKind): FaultDecision {
        const decision: FaultDecision = { latencyMs: 0, fired: [] };
        for (const state of this.states) {
            const { rule } = state;
            if (decision.action && rule.kind !== "latency") continue;
            if (!(rule.kinds ?? ["arm"]).includes(kind)) continue;
            if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
            if (rule.path && !path.includes(rule.path)) continue;
            if (state.regex && !state.regex.test(path)) continue;
            state.seen++;
            if (state.seen <= (rule.skip ?? 0)) continue;
            if (rule.count !== undefined && state.applied >= rule.count) continue;
            if (rule.probability !== undefined && this.random() >= rule.probability) continue;
            state.applied++;
            decision.fired.push(rule.kind);
            if (rule.kind === "latency") decision.latencyMs += rule.latencyMs ?? 1000;
            else decision.action = rule;
        }
        return decision;
    }
}

/** A small, well-known seedable PRNG (uniform in [0, 1)). */
function mulberry32(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** The answer of a fault rule that answers in the service's place. */
export function faultReply(rule: FaultRule): Reply {
    switch (rule.kind) {
        case "throttle": {
            const seconds = Math.max(1, Math.ceil(rule.retryAfterSeconds ?? 1));
            const err = new ArmError(
                "SubscriptionRequestsThrottled",
                `Too many requests (injected fault). Retry after ${seconds} second(s).`,
            );
            return { status: 429, headers: { "retry-after": String(seconds) }, body: err.body(), errorCode: err.code };
        }
        case "metadata-bad-gateway":
            return errorReply(
                new ArmError(
                    "MetadataResolverBadGatewayError",
                    "An upstream service answered with an unexpected error (injected fault). This is transient: retry later.",
                ),
            );
        default: {
            const status = rule.status ?? 503;
            const code = status === 502 ? "BadGateway" : status === 503 ? "ServiceUnavailable" : "InternalServerError";
            const reply = errorReply(new ArmError(code, `The service answered ${status} (injected fault).`, undefined, status));
            if (rule.retryAfterSeconds !== undefined)
                reply.headers = { "retry-after": String(Math.max(1, Math.ceil(rule.retryAfterSeconds))) };
            return reply;
        }
    }
}

// ---- throttling ----
// ARM-like throttling: one token bucket per caller and subscription for writes, one for reads. A bucket
// holds at most `burst` tokens and refills continuously at `refillPerSecond`; a request takes one token or
// is refused with the whole seconds until one is there (so a client that waits Retry-After succeeds).

export const DEFAULT_THROTTLING: Required<ThrottlingOptions> = {
    writes: { burst: 200, refillPerSecond: 10 },
    reads: { burst: 250, refillPerSecond: 25 },
};

export type BucketKind = "reads" | "writes";

export interface ThrottleDecision {
    allowed: boolean;
    /** Whole tokens left after this request (the x-ms-ratelimit-remaining-subscription-* header). */
    remaining: number;
    /** Seconds until a token is available (integer ≥ 1), when refused. */
    retryAfterSeconds?: number;
}

interface Bucket {
    tokens: number;
    at: number;
}

export class Throttler {
    private buckets = new Map<string, Bucket>();
    private config: Required<ThrottlingOptions> | false;

    constructor(
        options: false | ThrottlingOptions | undefined,
        private readonly now: () => number = () => performance.now(),
    ) {
        this.config = resolve(options);
    }

    get enabled(): boolean {
        return this.config !== false;
    }

    settings(): Required<ThrottlingOptions> | false {
        return this.config;
    }

    /** Replaces the settings and empties every bucket's history (all start full). */
    configure(options: false | ThrottlingOptions | undefined): void {
        this.config = resolve(options);
        this.buckets.clear();
    }

    take(caller: string, subscriptionId: string, kind: BucketKind): ThrottleDecision | undefined {
        if (this.config === false) return undefined;
        const { burst, refillPerSecond } = this.config[kind];
        const key = `${kind}|${caller}|${subscriptionId.toLowerCase()}`;
        const now = this.now();
        let bucket = this.buckets.get(key);
        if (!bucket) {
            bucket = { tokens: burst, at: now };
            this.buckets.set(key, bucket);
        }
        bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * refillPerSecond);
        bucket.at = now;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return { allowed: true, remaining: Math.floor(bucket.tokens) };
        }
        const seconds = refillPerSecond > 0 ? Math.ceil((1 - bucket.tokens) / refillPerSecond) : 3600;
        return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, seconds) };
    }
}

function resolve(options: false | ThrottlingOptions | undefined): Required<ThrottlingOptions> | false {
    if (options === false) return false;
    const config = {
        writes: { ...DEFAULT_THROTTLING.writes, ...options?.writes },
        reads: { ...DEFAULT_THROTTLING.reads, ...options?.reads },
    };
    for (const [kind, b] of Object.entries(config) as [string, BucketOptions][]) {
        if (!Number.isInteger(b.burst) || b.burst < 1)
            throw new Error(`throttling.${kind}.burst must be a whole number ≥ 1, got ${b.burst}`);
        if (typeof b.refillPerSecond !== "number" || !(b.refillPerSecond >= 0))
            throw new Error(`throttling.${kind}.refillPerSecond must be a number ≥ 0, got ${b.refillPerSecond}`);
    }
    return config;
}
