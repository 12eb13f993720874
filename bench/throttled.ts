/**
 * Bulk create of N mappings (a new stack's `up`) under the emulator's ARM-like write bucket: 200 burst,
 * 10 per second (and ARM's default read bucket, 250/25). The bucket cannot admit N writes in less than
 * (N − 200) / 10 seconds; the run is reported against that. Runs in a job process of its own (jobs.ts).
 */
import { startEmulator } from "../emulator";
import { tenantMappingsStack } from "../program/stack";
import { measure } from "./measure";
import { log, round, type BenchOptions } from "./options";
import type { ThrottledResult } from "./results";
import { openBenchStack } from "./stack";
import { emulatorSeed, mappingsIn, stackData } from "./world";

export interface ThrottledVariant {
    label: string;
    parallel?: number;
    /** PULUMI_SKIP_CHECKPOINTS=true: the engine writes state once at the end instead of after every step. */
    skipCheckpoints: boolean;
}

/**
 * The two ways the throttled create runs. With the engine's defaults, a big `up` can be slower than the
 * bucket by itself (the engine rewrites the whole checkpoint after every step), which hides how the provider
 * paces. The second variant takes the engine out of the way (no per-step checkpoints) and raises the
 * parallelism to 64 (the default of a 16-core CI runner), so the bucket is the bottleneck and 64 requests
 * at a time wait on it: the thundering-herd case.
 *
 * A quick run keeps only the second: with the engine's defaults the create is checkpoint-bound at any N a
 * quick run can afford (38 s of a 205 s quick run for N = 300, 3.8× the bucket), so it says nothing there
 * that the full run does not say better.
 */
export function throttledVariants(options: BenchOptions): ThrottledVariant[] {
    const engineDefaults: ThrottledVariant = { label: "engine defaults", parallel: options.parallel, skipCheckpoints: false };
    const bucketBound: ThrottledVariant = {
        label: "bucket-bound: PULUMI_SKIP_CHECKPOINTS=true, parallel 64",
        parallel: 64,
        skipCheckpoints: true,
    };
    return options.quick ? [bucketBound] : [engineDefaults, bucketBound];
}

export async function benchThrottled(n: number, options: BenchOptions, variant: ThrottledVariant): Promise<ThrottledResult> {
    const data = stackData(n);
    const bucket = { burst: 200, refillPerSecond: 10 };
    const emulator = await startEmulator({ seed: emulatorSeed(data), latencyMs: options.latency, throttling: { writes: bucket } });
    const env = { ...emulator.clientEnv(), ...(variant.skipCheckpoints ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {}) };
    const handle = await openBenchStack(`throttled-${n}`, tenantMappingsStack, env, data, variant.parallel);
    let error: string | undefined;
    try {
        const m = await measure(emulator, async () => {
            try {
                await handle.stack.up();
            } catch (e) {
                // The CLI's own diagnostics, not the command line the Automation API puts first.
                const lines = (e instanceof Error ? e.message : String(e)).split("\n").map((line) => line.trim());
                error =
                    [...new Set(lines.filter((line) => /^error:/i.test(line) || /throttl|429|TooManyRequests/i.test(line)))]
                        .slice(0, 5)
                        .join(" / ") || lines[0];
            }
        });
        const created = mappingsIn(emulator, data);
        const writes = m.log.filter((e) => e.kind === "arm" && e.method === "PUT");
        const accepted = writes.filter((e) => e.status >= 200 && e.status < 300);
        const perRequest = new Map<string, number>();
        for (const e of writes.filter((w) => w.status === 429)) {
            const id = e.clientRequestId ?? e.requestId;
            perRequest.set(id, (perRequest.get(id) ?? 0) + 1);
        }
        const theoreticalMinMs = Math.max(0, (n - bucket.burst) / bucket.refillPerSecond) * 1000;
        // When the writes were let in: first PUT's arrival to the last accepted PUT's arrival (emulator's clock).
        const arrival = (e: { time: string }) => Date.parse(e.time);
        const writeWindowMs = accepted.length > 0 ? arrival(accepted[accepted.length - 1]!) - arrival(writes[0]!) : 0;
        log(
            `throttled N=${n} (${variant.label}): ${m.wallMs} ms (bucket minimum ${theoreticalMinMs} ms), ${accepted.length} PUTs accepted, ` +
                `${m.throttled} 429s, ${n - created} failures${error ? `; error: ${error}` : ""}`,
        );
        return {
            n,
            variant: variant.label,
            parallel: variant.parallel ?? "engine default",
            skipCheckpoints: variant.skipCheckpoints,
            wallMs: m.wallMs,
            theoreticalMinMs,
            ratio: theoreticalMinMs > 0 ? round(m.wallMs / theoreticalMinMs, 3) : undefined,
            failures: n - created,
            bucket,
            writeWindowMs,
            writeWindowRatio: theoreticalMinMs > 0 ? round(writeWindowMs / theoreticalMinMs, 3) : undefined,
            throttledResponses: m.throttled,
            putRequests: writes.length,
            maxThrottledAnswersForOneRequest: Math.max(0, ...perRequest.values()),
            armRequestsByMethod: m.armByMethod,
            tokenRequests: m.tokenRequests,
            providerPeakRssMiB: m.peakRssMiB,
            ...(error ? { error } : {}),
        };
    } finally {
        handle.dispose();
        await emulator.stop();
    }
}
