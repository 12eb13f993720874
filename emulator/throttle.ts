/**
 * ARM-like throttling: one token bucket per caller and subscription for writes, one for reads. A bucket
 * holds at most `burst` tokens and refills continuously at `refillPerSecond`; a request takes one token or
 * is refused with the whole seconds until one is there (so a client that waits Retry-After succeeds).
 */
import type { BucketOptions, ThrottlingOptions } from "./types.js";

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
