/**
 * A process-wide gate per request kind: when ARM answers 429 with Retry-After, every request of that kind
 * (reads or writes) waits until the quota is back, instead of each one discovering the throttle on its own.
 * This is what keeps a bulk create near ARM's token-bucket rate without a thundering herd of retries.
 */
import { setTimeout as sleep } from "node:timers/promises";

export type RequestKind = "read" | "write";

export class ThrottleGate {
    private readonly openAt: Record<RequestKind, number> = { read: 0, write: 0 };
    /** Milliseconds requests spent waiting here, summed (for the benchmark). */
    waitedMs = 0;

    constructor(private readonly now: () => number = Date.now) {}

    block(kind: RequestKind, forMs: number): void {
        this.openAt[kind] = Math.max(this.openAt[kind], this.now() + forMs);
    }

    async wait(kind: RequestKind): Promise<void> {
        for (let remaining = this.openAt[kind] - this.now(); remaining > 0; remaining = this.openAt[kind] - this.now()) {
            this.waitedMs += remaining;
            await sleep(remaining);
        }
    }
}
