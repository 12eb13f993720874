/**
 * Registration sets at fleet scale (issue 24): N mappings (5,000 in the full run) on S stamps (10) as one
 * CustomerSubscriptionMappingSet per stamp, in one stack, with the engine's defaults (checkpoints on), under ARM's
 * token buckets (writes 200 burst + 10/s, reads 250 + 25/s, per subscription):
 *   1. up: a new stack creating all N under the write bucket, against the bucket's minimum;
 *   2. no-change preview and 3. drift check (`preview --refresh --expect-no-changes`), --repeat times;
 *   4. one tenant re-pointed: `up` (its PUTs);
 *   5. the sets switched to undeclared: fail (an up that writes nothing), then ten mappings made by hand across the
 *      stamps: the nightly drift check fails on them in one error; then, the sets back at undeclared: warn (another up
 *      that writes nothing), the drift check warns of them; each within the drift check's request budget;
 *   6. adoption: a new stack's first `up` over what step 1 made (0 writes), on the file backend and on azblob
 *      (Azurite), then that azblob stack's no-change preview and drift check.
 * Runs in a job process (jobs.ts).
 */
import type { Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator } from "../emulator";
import { tenantMappingsStack } from "../program/stack";
import { azuriteBackendUrl, azuriteStorageEnv, startAzurite } from "../scripts/azurite";
import { measure, type Measurement } from "./measure";
import { expect, log, median, round, type BenchOptions } from "./options";
import type { SetRow, SetsScaleResult } from "./results";
import { openBenchStack, type BenchStack } from "./stack";
import {
    customerSubscription,
    emulatorSeed,
    mappingsIn,
    REGISTRATION_SUBSCRIPTION,
    RESOURCE_GROUP,
    stackData,
    tenant,
    withSets,
    type StackData,
} from "./world";

export const SET_BUCKET = { writes: { burst: 200, refillPerSecond: 10 }, reads: { burst: 250, refillPerSecond: 25 } };
const PAGE_SIZE = 100;
const HAND_MADE = 10;

const writesIn = (m: Measurement) => m.log.filter((e) => e.kind === "arm" && e.method !== "GET").length;

function rowOf(label: SetRow["label"], backend: SetRow["backend"], n: number, ms: Measurement[], extra: Partial<SetRow> = {}): SetRow {
    const worst = ms.reduce((a, b) => (b.armRequests > a.armRequests ? b : a));
    return {
        label,
        backend,
        n,
        wallMs: Math.round(median(ms.map((m) => m.wallMs))),
        armRequests: worst.armRequests,
        armByMethod: worst.armByMethod,
        writes: writesIn(worst),
        throttled: worst.throttled,
        skipCheckpoints: false,
        providerPeakRssMiB: worst.peakRssMiB,
        ...(ms.length > 1 ? { wallMsRuns: ms.map((m) => m.wallMs) } : {}),
        ...extra,
    };
}

export async function benchSetsAtScale(n: number, stamps: number, options: BenchOptions): Promise<SetsScaleResult> {
    const data = withSets(stackData(n, stamps));
    const emulator = await startEmulator({
        seed: emulatorSeed(data),
        latencyMs: options.latency,
        throttling: SET_BUCKET,
        pageSize: PAGE_SIZE,
    });
    const env = emulator.clientEnv();
    const rows: SetRow[] = [];
    const add = (r: SetRow) => {
        rows.push(r);
        log(
            `sets N=${n} on ${stamps} stamps, ${r.backend}: ${r.label}: ${r.wallMs} ms, ARM ${JSON.stringify(r.armByMethod)}, ` +
                `${r.writes} writes${r.bucketRatio !== undefined ? `, ${r.bucketRatio}× the bucket's minimum` : ""}` +
                `${r.allowedRequests !== undefined ? ` (≤ ${r.allowedRequests} allowed)` : ""}${r.found !== undefined ? `, found ${r.found}` : ""}`,
        );
    };
    const pages = () =>
        Object.values(data.registrations).reduce((sum, r) => {
            const held = emulator.state.mappings({
                subscriptionId: REGISTRATION_SUBSCRIPTION,
                resourceGroup: RESOURCE_GROUP,
                name: r.registrationName,
            });
            return sum + Math.max(1, Math.ceil(held.length / PAGE_SIZE));
        }, 0);
    const repeated = async (stack: Stack, op: (s: Stack) => Promise<unknown>) => {
        const ms: Measurement[] = [];
        for (let i = 0; i < options.repeat; i++) ms.push(await measure(emulator, () => op(stack)));
        return ms;
    };
    const ours = await openBenchStack(`sets-ours-${n}`, tenantMappingsStack, env, data, options.parallel);
    const adopter = await openBenchStack(`sets-adopt-${n}`, tenantMappingsStack, env, data, options.parallel);
    try {
        // 1. up under the write bucket.
        let upError: string | undefined;
        const up = await measure(emulator, () =>
            ours.stack.up().catch(
                (e) =>
                    void (upError = String(e)
                        .split("\n")
                        .find((l) => /error/i.test(l))),
            ),
        );
        const bucketMinimumMs = Math.max(0, (n - SET_BUCKET.writes.burst) / SET_BUCKET.writes.refillPerSecond) * 1000;
        const failures = n - mappingsIn(emulator, data);
        add(
            rowOf("up", "file", n, [up], {
                failures,
                bucketMinimumMs,
                bucketRatio: bucketMinimumMs > 0 ? round(up.wallMs / bucketMinimumMs, 3) : undefined,
                ...(upError ? { error: upError } : {}),
            }),
        );

        // 2. and 3.
        add(rowOf("no-change", "file", n, await repeated(ours.stack, (s) => s.preview({ expectNoChanges: true }))));
        const budget = () => pages() + 2 * stamps;
        add(
            rowOf("drift", "file", n, await repeated(ours.stack, (s) => s.preview({ refresh: true, expectNoChanges: true })), {
                allowedRequests: budget(),
            }),
        );

        // 4. one tenant re-pointed (a tenant on one stamp: one mapping).
        const key = Object.keys(data.tenants).find((k) => data.tenants[k]!.stamps.length === 1)!;
        const repointed: StackData = structuredClone(data);
        repointed.tenants[key]!.tenantId = tenant(n + 1);
        ours.setData(repointed);
        const repoint = await measure(emulator, () => ours.stack.up());
        add(rowOf("re-point", "file", n, [repoint], { mappingsChanged: repointed.tenants[key]!.stamps.length }));
        // The nightly check's stack: every set in `fail` mode, applied (a mode change writes nothing).
        ours.setData(withSets(data, { undeclared: "fail" }));
        await ours.stack.up();

        // 5. ten mappings made by hand, across the stamps.
        const registrations = Object.values(data.registrations);
        const handMade = Array.from({ length: HAND_MADE }, (_, i) => ({
            registration: registrations[i % registrations.length]!.registrationName,
            subscription: customerSubscription(n * 10 + i + 1),
        }));
        for (const h of handMade) {
            await emulator.state.putMapping(
                { subscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RESOURCE_GROUP, name: h.registration },
                h.subscription,
                tenant(n * 10 + handMade.indexOf(h) + 1),
            );
        }
        const foundIn = (text: string) => handMade.filter((h) => text.includes(h.subscription)).length;
        let failed = "";
        // The nightly check: a drift check reads every set first, so the one error names every registration's.
        const fail = await measure(emulator, () =>
            ours.stack.preview({ refresh: true, expectNoChanges: true, onOutput: (t) => (failed += t) }).then(
                () => {
                    failed += "\n(the preview did not fail)";
                },
                (e) => void (failed += String(e)),
            ),
        );
        add(rowOf("fail", "file", n, [fail], { found: foundIn(failed), allowedRequests: budget() }));
        ours.setData(data); // back to `warn`, the default: an up that writes nothing
        await ours.stack.up();
        let warned = "";
        const warn = await measure(emulator, () =>
            ours.stack.preview({ refresh: true, expectNoChanges: true, onOutput: (t) => (warned += t) }).catch(() => undefined),
        );
        add(rowOf("warn", "file", n, [warn], { found: foundIn(warned), allowedRequests: budget() }));

        // 6. adoption on the file backend, then on azblob with that stack's no-change preview and drift check.
        add(rowOf("adoption", "file", n, [await measure(emulator, () => adopter.stack.up())], { allowedRequests: budget() }));
        expect(mappingsIn(emulator, data) === n - failures + HAND_MADE, "adoption must not change the mappings");
        rows.push(...(await onAzblob(n, emulator, env, data, options, budget)));
        return { n, stamps, bucket: SET_BUCKET, pageSize: PAGE_SIZE, handMade: HAND_MADE, rows };
    } finally {
        ours.dispose();
        adopter.dispose();
        await emulator.stop();
    }
}

/** Adoption, no-change preview and drift check of the same sets with state on Azure Blob Storage (Azurite). */
async function onAzblob(
    n: number,
    emulator: RunningEmulator,
    env: Record<string, string>,
    data: StackData,
    options: BenchOptions,
    budget: () => number,
): Promise<SetRow[]> {
    const azurite = await startAzurite();
    let stack: BenchStack | undefined;
    try {
        await azurite.createContainer("bench-sets");
        stack = await openBenchStack(
            `sets-azblob-${n}`,
            tenantMappingsStack,
            { ...env, ...azuriteStorageEnv(), PULUMI_BACKEND_URL: azuriteBackendUrl("bench-sets", `127.0.0.1:${azurite.port}`) },
            data,
            options.parallel,
        );
        const s = stack.stack;
        const rows = [rowOf("adoption", "azblob", n, [await measure(emulator, () => s.up())], { allowedRequests: budget() })];
        const repeat = async (op: () => Promise<unknown>) => {
            const ms: Measurement[] = [];
            for (let i = 0; i < options.repeat; i++) ms.push(await measure(emulator, op));
            return ms;
        };
        rows.push(rowOf("no-change", "azblob", n, await repeat(() => s.preview({ expectNoChanges: true }))));
        // The ten hand-made mappings are still there: warn reports them, which is not a change.
        rows.push(
            rowOf("drift", "azblob", n, await repeat(() => s.preview({ refresh: true, expectNoChanges: true })), {
                allowedRequests: budget(),
            }),
        );
        for (const r of rows)
            log(`sets N=${n}, azblob: ${r.label}: ${r.wallMs} ms, ARM ${JSON.stringify(r.armByMethod)}, ${r.writes} writes`);
        return rows;
    } finally {
        stack?.dispose();
        await azurite.stop();
    }
}
