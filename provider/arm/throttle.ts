/**
 * A process-wide gate in front of ARM, one lane per request kind (reads, writes) and subscription, the
 * scope of ARM's token buckets. It paces requests by what ARM says about the quota instead of letting each
 * request discover a throttle on its own:
 *
 * - After a 429, the lane is closed for Retry-After. When it opens, **one** request goes first (a probe);
 *   the rest follow only once an answer says how many tokens are left. So a refill cycle costs one 429, not
 *   one per waiting request (no thundering herd), and the lane is never held closed beyond Retry-After: the
 *   tokens that came back meanwhile are used one round trip after it opens.
 * - Every answer's `x-ms-ratelimit-remaining-subscription-{reads,writes}` sets how many requests may be in
 *   flight at once (at least one). Near the end of a burst the lane narrows, so the requests that would
 *   each get a 429 wait instead; an answer without the header lifts the limit.
 * - Waiting requests are let through in arrival order, and a request that was throttled goes ahead of
 *   newcomers, so none is starved into running out of retries.
 *
 * Every `acquire` must be paired with one `release` (the ARM client does it when the answer arrives).
 * A lane that was never throttled and never reported a low quota costs nothing: requests pass at once.
 */

export type RequestKind = "read" | "write";

/** What the answer to a request that held a turn said about the quota. */
export type QuotaSignal =
    /** 429: the lane closes for this long, then opens with one probe. */
    | { throttledForMs: number }
    /** Tokens left in ARM's bucket after this request (the x-ms-ratelimit-remaining-* header). */
    | { remaining: number }
    /** A success without the header: nothing limits the lane. */
    | { unlimited: true }
    /** Nothing learned: no answer (network failure, timeout), or an error without the header. */
    | Record<string, never>;

interface Waiter {
    resolve: () => void;
    since: number;
}

interface Lane {
    /** No request before this time (Retry-After). */
    openAt: number;
    /** How many requests may be in flight at once. */
    allowance: number;
    inFlight: number;
    queue: Waiter[];
    /** A wake-up is scheduled for when the lane opens. */
    waking?: boolean;
}

/** Runs `wake` after `ms` (setTimeout; tests pass a fake). */
export type Scheduler = (wake: () => void, ms: number) => void;

export class ThrottleGate {
    private readonly lanes = new Map<string, Lane>();
    /** Milliseconds requests spent waiting here, summed (for tests and the benchmark). */
    waitedMs = 0;
    /** 429 answers seen. */
    throttled = 0;

    constructor(
        private readonly now: () => number = Date.now,
        private readonly schedule: Scheduler = (wake, ms) => void setTimeout(wake, ms),
    ) {}

    /** The lane of a request: its kind and the subscription in its path (ARM throttles per subscription). */
    static laneOf(kind: RequestKind, path: string): string {
        const subscription = /\/subscriptions\/([^/?#]+)/i.exec(path)?.[1]?.toLowerCase() ?? "";
        return `${kind}:${subscription}`;
    }

    /** Waits for the request's turn. `retry`: the request was sent before (e.g. throttled), so it goes first. */
    acquire(lane: string, retry = false): Promise<void> {
        const state = this.lane(lane);
        if (state.queue.length === 0 && this.mayStart(state)) {
            state.inFlight++;
            return Promise.resolve();
        }
        return new Promise<void>((resolve) => {
            const waiter = { resolve, since: this.now() };
            if (retry) state.queue.unshift(waiter);
            else state.queue.push(waiter);
            this.pump(state);
        });
    }

    /** The request holding a turn of `lane` got its answer (or failed without one). */
    release(lane: string, signal: QuotaSignal = {}): void {
        const state = this.lane(lane);
        state.inFlight = Math.max(0, state.inFlight - 1);
        if ("throttledForMs" in signal) {
            this.throttled++;
            state.openAt = Math.max(state.openAt, this.now() + signal.throttledForMs);
            state.allowance = 1;
        } else if ("remaining" in signal) {
            state.allowance = Math.max(1, signal.remaining);
        } else if ("unlimited" in signal) {
            state.allowance = Infinity;
        }
        this.pump(state);
    }

    /** Closes the lane for `forMs` without changing its allowance (a 503 with Retry-After). */
    block(lane: string, forMs: number): void {
        const state = this.lane(lane);
        state.openAt = Math.max(state.openAt, this.now() + forMs);
    }

    private lane(key: string): Lane {
        let state = this.lanes.get(key);
        if (!state) {
            state = { openAt: 0, allowance: Infinity, inFlight: 0, queue: [] };
            this.lanes.set(key, state);
        }
        return state;
    }

    private mayStart(state: Lane): boolean {
        return this.now() >= state.openAt && state.inFlight < state.allowance;
    }

    /** Lets waiting requests through, in order, as far as the lane allows; wakes up again when it opens. */
    private pump(state: Lane): void {
        while (state.queue.length > 0 && this.mayStart(state)) {
            const waiter = state.queue.shift()!;
            state.inFlight++;
            this.waitedMs += this.now() - waiter.since;
            waiter.resolve();
        }
        // Requests still wait with a turn free: the loop found the lane closed. A release will not come (nothing is
        // in flight to release), so a wake-up must: at least 1 ms away, because a timer may fire a millisecond before
        // openAt and a second reading of the clock may then already say "open" (a lane left waiting for ever).
        if (state.queue.length === 0 || state.inFlight >= state.allowance || state.waking) return;
        state.waking = true;
        this.schedule(
            () => {
                state.waking = false;
                this.pump(state);
            },
            Math.max(1, state.openAt - this.now()),
        );
    }
}
