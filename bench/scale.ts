/**
 * The large CSP: N mappings (5,000 in the full run) on S stamps (10), under ARM's token buckets (writes
 * 200 burst + 10/s, reads 250 + 25/s, per subscription; all registrations share one), ours and the floor
 * with PULUMI_SKIP_CHECKPOINTS=true so that the ratios measure the provider, not the file backend's
 * rewrite of the whole state after every step (measured on its own by the layout rows):
 *   1. `up` of a new stack creating N under the write bucket (against the bucket's minimum),
 *   2. the floor's `up` of the same data,
 *   3. no-change preview, ours and the floor, --repeat times in pairs (requests, wall, provider host peak RSS),
 *   4. drift check `preview --refresh --expect-no-changes`, the same way (ARM requests against the
 *      registrations' listing pages plus 2 per stamp),
 *   5. adoption: a new stack of the same data, the first `up` after `azs-mappings export`, against the
 *      mappings step 1 made (0 writes), compared with the floor's `up` of step 2.
 * Then, except in a quick run, the layout rows: one stamp's stack (the same data, the tenants on that stamp) `up` with the engine's
 * defaults (checkpoints on), ours and the floor, on an emulator of its own. Runs in a job process (jobs.ts).
 */
import type { Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator } from "../emulator";
import { tenantMappingsStack } from "../program/stack";
import { floorStack } from "./floor";
import { measure, type Measurement } from "./measure";
import { expect, log, maxDefined, median, round, type BenchOptions } from "./options";
import type { ScaleResult, ScaleRow } from "./results";
import { openBenchStack } from "./stack";
import { emulatorSeed, mappingCount, mappingsIn, REGISTRATION_SUBSCRIPTION, RESOURCE_GROUP, stackData, stampData } from "./world";

const BUCKET = { writes: { burst: 200, refillPerSecond: 10 }, reads: { burst: 250, refillPerSecond: 25 } };
const PAGE_SIZE = 100;
const SKIP_CHECKPOINTS = { PULUMI_SKIP_CHECKPOINTS: "true" };

function row(label: string, m: Omit<Measurement, "log"> & { log?: unknown }, floor?: Omit<Measurement, "log">): ScaleRow {
    return {
        label,
        wallMs: m.wallMs,
        floorWallMs: floor?.wallMs,
        ratio: floor ? round(m.wallMs / floor.wallMs, 3) : undefined,
        armRequests: m.armRequests,
        armByMethod: m.armByMethod,
        tokenRequests: m.tokenRequests,
        throttled: m.throttled,
        providerPeakRssMiB: m.peakRssMiB,
        floorProviderPeakRssMiB: floor?.peakRssMiB,
    };
}

/** Listing GETs (…/customerSubscriptions) and mapping GETs (…/customerSubscriptions/{id}) in a request log. */
function readsIn(m: Measurement): { listingPages: number; mappingGets: number; writes: number } {
    const arm = m.log.filter((e) => e.kind === "arm");
    return {
        listingPages: arm.filter((e) => e.method === "GET" && /\/customerSubscriptions$/i.test(e.path)).length,
        mappingGets: arm.filter((e) => e.method === "GET" && /\/customerSubscriptions\/[^/]+$/i.test(e.path)).length,
        writes: arm.filter((e) => e.method !== "GET").length,
    };
}

export async function benchScale(n: number, stamps: number, options: BenchOptions): Promise<ScaleResult> {
    const data = stackData(n, stamps);
    expect(mappingCount(data) === n, `the generated data has ${mappingCount(data)} mappings, not ${n}`);
    const emulator = await startEmulator({ seed: emulatorSeed(data), latencyMs: options.latency, throttling: BUCKET, pageSize: PAGE_SIZE });
    const env = { ...emulator.clientEnv(), ...SKIP_CHECKPOINTS };
    const ours = await openBenchStack(`scale-ours-${n}`, tenantMappingsStack, env, data, options.parallel);
    const adopter = await openBenchStack(`scale-adopt-${n}`, tenantMappingsStack, env, data, options.parallel);
    const floor = await openBenchStack(`scale-floor-${n}`, floorStack, env, data, options.parallel);
    const rows: ScaleRow[] = [];
    const say = (r: ScaleRow) =>
        log(
            `scale N=${n} on ${stamps} stamps: ${r.label}: ${r.wallMs} ms` +
                (r.floorWallMs !== undefined ? ` (floor ${r.floorWallMs} ms, ${r.ratio}×)` : "") +
                ` ARM ${JSON.stringify(r.armByMethod)} 429s ${r.throttled} peak RSS ${r.providerPeakRssMiB ?? "?"} / ${r.floorProviderPeakRssMiB ?? "?"} MiB`,
        );
    const pagesNow = () =>
        Object.values(data.registrations).reduce(
            (sum, r) =>
                sum +
                Math.max(
                    1,
                    Math.ceil(
                        emulator.state.mappings({
                            subscriptionId: REGISTRATION_SUBSCRIPTION,
                            resourceGroup: RESOURCE_GROUP,
                            name: r.registrationName,
                        }).length / PAGE_SIZE,
                    ),
                ),
            0,
        );
    try {
        // 1. up under the write bucket.
        let upError: string | undefined;
        const up = await measure(emulator, async () => {
            await ours.stack.up().catch((e) => {
                upError = firstErrorLine(e);
            });
        });
        const failures = n - mappingsIn(emulator, data);
        const bucketMinimumMs = Math.max(0, (n - BUCKET.writes.burst) / BUCKET.writes.refillPerSecond) * 1000;
        const upRow = {
            ...row("up: create all under the write bucket", up),
            failures,
            bucketMinimumMs,
            bucketRatio: bucketMinimumMs > 0 ? round(up.wallMs / bucketMinimumMs, 3) : undefined,
            ...(upError ? { error: upError } : {}),
        };
        rows.push(upRow);
        say(upRow);

        // 2. the floor's up (also the floor of the adoption).
        const floorUp = await measure(undefined, () => floor.stack.up());
        rows.push(row("up: the floor (no requests)", floorUp));
        say(rows[rows.length - 1]!);

        // 3. and 4., side by side, --repeat times (3; --quick: 1), the order swapped every time, as the
        // phases are: one pair at 5,000 varied from 1.009× to 1.123× on the same stacks (2026-12-02).
        const pair = async (label: string, op: (s: Stack) => Promise<unknown>) => {
            const o: Measurement[] = [];
            const f: Measurement[] = [];
            for (let i = 0; i < options.repeat; i++) {
                const oursFirst = i % 2 === 0;
                if (oursFirst) o.push(await measure(emulator, () => op(ours.stack)));
                f.push(await measure(undefined, () => op(floor.stack)));
                if (!oursFirst) o.push(await measure(emulator, () => op(ours.stack)));
            }
            const worst = o.reduce((a, b) => (b.armRequests > a.armRequests ? b : a));
            const r: ScaleRow = {
                ...row(label, worst),
                ...readsIn(worst),
                wallMs: Math.round(median(o.map((m) => m.wallMs))),
                floorWallMs: Math.round(median(f.map((m) => m.wallMs))),
                ratio: round(median(o.map((m, i) => m.wallMs / f[i]!.wallMs)), 3),
                providerPeakRssMiB: maxDefined(o.map((m) => m.peakRssMiB)),
                floorProviderPeakRssMiB: maxDefined(f.map((m) => m.peakRssMiB)),
                wallMsRuns: o.map((m) => m.wallMs),
                floorWallMsRuns: f.map((m) => m.wallMs),
            };
            rows.push(r);
            say(r);
            return r;
        };
        const nochange = await pair("no-change preview", (s) => s.preview({ expectNoChanges: true }));
        const pagesBeforeDrift = pagesNow();
        const drift = await pair("drift check: preview --refresh --expect-no-changes", (s) =>
            s.preview({ refresh: true, expectNoChanges: true }),
        );

        // 5. adoption: a new stack of the same data, against what step 1 made.
        const adoption = await measure(emulator, () => adopter.stack.up());
        const adoptRow = { ...row("adoption: first up after export", adoption, floorUp), ...readsIn(adoption) };
        rows.push(adoptRow);
        say(adoptRow);
        expect(mappingsIn(emulator, data) === n - failures, "adoption must not change the mappings");

        // A quick run's stamp holds a handful of mappings: its layout row would only measure the engine's start-up.
        const layout = options.quick ? undefined : await benchLayout(data, Object.keys(data.registrations)[0]!, options);
        return {
            n,
            stamps,
            skipCheckpoints: true,
            bucket: BUCKET,
            pageSize: PAGE_SIZE,
            rows,
            budgets: {
                driftCheck: { listingPages: pagesBeforeDrift, allowed: pagesBeforeDrift + 2 * stamps, measured: drift.armRequests },
                adoption: {
                    listingPages: pagesBeforeDrift,
                    allowed: pagesBeforeDrift + 2 * stamps,
                    measured: adoption.armRequests,
                    writes: adoptRow.writes,
                },
                noChange: { measured: nochange.armRequests },
            },
            ...(layout ? { layout } : {}),
        };
    } finally {
        ours.dispose();
        adopter.dispose();
        floor.dispose();
        await emulator.stop();
    }
}

/** One stack per stamp: the first stamp's stack, `up` with the engine's defaults (checkpoints on), ours and the floor. */
async function benchLayout(data: ReturnType<typeof stackData>, stamp: string, options: BenchOptions): Promise<ScaleResult["layout"]> {
    const one = stampData(data, stamp);
    const emulator: RunningEmulator = await startEmulator({ seed: emulatorSeed(one), latencyMs: options.latency, throttling: false });
    const ours = await openBenchStack(`layout-ours`, tenantMappingsStack, emulator.clientEnv(), one, options.parallel);
    const floor = await openBenchStack(`layout-floor`, floorStack, emulator.clientEnv(), one, options.parallel);
    try {
        const o = await measure(emulator, () => ours.stack.up());
        const f = await measure(undefined, () => floor.stack.up());
        const r = row(`up of one stamp's stack (${mappingCount(one)} mappings), engine defaults`, o, f);
        log(`layout: ${r.label}: ${r.wallMs} ms (floor ${r.floorWallMs} ms)`);
        return { stamp, mappings: mappingCount(one), stacks: Object.keys(data.registrations).length, up: r };
    } finally {
        ours.dispose();
        floor.dispose();
        await emulator.stop();
    }
}

function firstErrorLine(e: unknown): string {
    const lines = (e instanceof Error ? e.message : String(e)).split("\n").map((l) => l.trim());
    return lines.find((l) => /^error:/i.test(l)) ?? lines[0] ?? "?";
}
