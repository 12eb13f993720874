/**
 * The largest N one stack of registration sets handles within ten minutes, measured, not extrapolated: a ladder of N
 * on S stamps (one set per stamp), each on an emulator of its own without throttling (ARM's write bucket alone holds a
 * create of N to at least (N − 200) / 10 s, about 6,200 mappings in ten minutes, whatever the tool), the engine's
 * defaults (checkpoints on): `up` creating all N, then a no-change preview and a drift check. The ladder stops at the
 * first N with a step over the limit or a failure. Runs in a job process (jobs.ts).
 */
import { startEmulator } from "../emulator";
import { tenantMappingsStack } from "../program/stack";
import { measure } from "./measure";
import { log, type BenchOptions } from "./options";
import type { SetsLimitResult } from "./results";
import { openBenchStack } from "./stack";
import { emulatorSeed, mappingsIn, stackData, withSets, type StackData } from "./world";

export const LIMIT_MS = 600_000;

/**
 * The registrations of `data`, approved and empty; customer subscriptions unlisted and accepted as the partner's
 * (the emulator's `unknownSubscriptions: accept`): at 50,000 seeded subscriptions the emulator's lookup of each PUT's
 * subscription, not the provider, would be what is measured.
 */
function ladderSeed(data: StackData) {
    return { ...emulatorSeed(data), customerSubscriptions: [], unknownSubscriptions: "accept" as const };
}

export async function benchSetsLimit(ladder: number[], stamps: number, options: BenchOptions): Promise<SetsLimitResult> {
    const result: SetsLimitResult = { stamps, limitMs: LIMIT_MS, ladder: [] };
    for (const n of ladder) {
        const data = withSets(stackData(n, stamps));
        const emulator = await startEmulator({ seed: ladderSeed(data), latencyMs: options.latency, throttling: false });
        const stack = await openBenchStack(`sets-limit-${n}`, tenantMappingsStack, emulator.clientEnv(), data, options.parallel);
        const step: SetsLimitResult["ladder"][number] = { n, withinLimit: false };
        result.ladder.push(step);
        try {
            step.upMs = (await measure(emulator, () => stack.stack.up())).wallMs;
            if (mappingsIn(emulator, data) !== n) throw new Error(`up created ${mappingsIn(emulator, data)} of ${n} mappings`);
            step.noChangeMs = (await measure(emulator, () => stack.stack.preview({ expectNoChanges: true }))).wallMs;
            step.driftMs = (await measure(emulator, () => stack.stack.preview({ refresh: true, expectNoChanges: true }))).wallMs;
            step.withinLimit = [step.upMs, step.noChangeMs, step.driftMs].every((ms) => ms <= LIMIT_MS);
        } catch (error) {
            step.error = String(error instanceof Error ? error.message : error)
                .split("\n")
                .slice(0, 3)
                .join(" / ");
        } finally {
            stack.dispose();
            await emulator.stop();
        }
        log(
            `sets limit: N=${n} on ${stamps} stamps: up ${step.upMs ?? "-"} ms, no-change ${step.noChangeMs ?? "-"} ms, ` +
                `drift ${step.driftMs ?? "-"} ms${step.error ? `, error: ${step.error}` : ""}`,
        );
        if (!step.withinLimit) break;
        result.largestN = n;
    }
    return result;
}
