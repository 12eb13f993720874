/**
 * One run of the six phases for N mappings: ours and the floor side by side, each phase checked for doing
 * what it should (a fast wrong answer is no result). Runs in a job process of its own (jobs.ts).
 */
import type { Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator } from "../emulator";
import { tenantMappingsStack } from "../program/stack";
import { benchAzblob, type AzblobMeasurement, type AzblobPhase } from "./azblob";
import { floorStack } from "./floor";
import { measure, type PhaseMeasurement } from "./measure";
import { expect, log, type BenchOptions } from "./options";
import { PHASES, type Phase } from "./results";
import { openBenchStack } from "./stack";
import { emulatorSeed, mappingCount, mappingsIn, stackData, type StackData } from "./world";

/** A measurement without the request log it was computed from (which stays in the job process). */

export interface RunMeasurements {
    ours: Record<Phase, PhaseMeasurement[]>;
    floor: Record<Phase, PhaseMeasurement[]>;
    /** Ours again, with state on Azure Blob Storage (Azurite) instead of the file backend. */
    azblob: Record<AzblobPhase, AzblobMeasurement[]>;
}

interface PhaseOperation {
    run: (stack: Stack) => Promise<unknown>;
    check?: (emulator: RunningEmulator | undefined, result: any) => void;
    /** Changes nothing, so it can be measured several times per run. */
    idempotent?: boolean;
}

function phaseOperations(n: number, data: StackData): Record<Phase, PhaseOperation> {
    const resources = n + 1; // the mappings and the stack
    const holds = (e: RunningEmulator | undefined, count: number, when: string) => {
        if (e) expect(mappingsIn(e, data) === count, `the emulator should hold ${count} mappings ${when}, holds ${mappingsIn(e, data)}`);
    };
    return {
        "preview-new": {
            idempotent: true,
            run: (s) => s.preview(),
            check: (_e, r) =>
                expect(
                    r.changeSummary?.create === resources,
                    `preview-new should create ${resources}, got ${JSON.stringify(r.changeSummary)}`,
                ),
        },
        up: {
            run: (s) => s.up(),
            check: (e, r) => {
                expect(
                    r.summary?.resourceChanges?.create === resources,
                    `up should create ${resources}, got ${JSON.stringify(r.summary?.resourceChanges)}`,
                );
                holds(e, n, "after up");
            },
        },
        "preview-nochange": {
            idempotent: true,
            run: (s) => s.preview({ expectNoChanges: true }),
            check: (_e, r) =>
                expect(
                    r.changeSummary?.same === resources,
                    `preview-nochange should see ${resources} same, got ${JSON.stringify(r.changeSummary)}`,
                ),
        },
        "preview-refresh": { idempotent: true, run: (s) => s.preview({ refresh: true, expectNoChanges: true }) },
        refresh: { idempotent: true, run: (s) => s.refresh({ expectNoChanges: true }) },
        destroy: { run: (s) => s.destroy(), check: (e) => holds(e, 0, "after destroy") },
    };
}

export async function benchRun(n: number, run: number, options: BenchOptions): Promise<RunMeasurements> {
    const data = stackData(n);
    expect(mappingCount(data) === n, `the generated data has ${mappingCount(data)} mappings, not ${n}`);
    const emulator = await startEmulator({ seed: emulatorSeed(data), latencyMs: options.latency, throttling: false });
    const result: RunMeasurements = {
        ours: Object.fromEntries(PHASES.map((p) => [p, []])) as never,
        floor: Object.fromEntries(PHASES.map((p) => [p, []])) as never,
        azblob: { up: [], "preview-nochange": [] },
    };
    const operations = phaseOperations(n, data);
    const handles = {
        ours: await openBenchStack(`ours-${n}`, tenantMappingsStack, emulator.clientEnv(), data, options.parallel),
        floor: await openBenchStack(`floor-${n}`, floorStack, emulator.clientEnv(), data, options.parallel),
    };
    let pairs = run; // odd runs start with ours, even runs with the floor
    try {
        for (const phase of PHASES) {
            const { run: operation, check, idempotent } = operations[phase];
            for (let repeat = 1; repeat <= (idempotent ? options.repeat : 1); repeat++) {
                // Side by side, alternating which goes first, so drift of a noisy machine hits both alike.
                const order = pairs++ % 2 === 1 ? (["ours", "floor"] as const) : (["floor", "ours"] as const);
                for (const which of order) {
                    const observed = which === "ours" ? emulator : undefined;
                    let outcome: unknown;
                    const { log: _requests, ...m } = await measure(observed, async () => {
                        outcome = await operation(handles[which].stack);
                    });
                    check?.(observed, outcome);
                    result[which][phase].push(m);
                    log(`N=${n} run ${run}/${options.runs} ${phase.padEnd(16)} ${which.padEnd(5)} ${describe(m, which === "ours")}`);
                }
            }
        }
        // After destroy the emulator holds no mapping again: the same up, with remote checkpoints.
        result.azblob = await benchAzblob(n, run, emulator, data, options);
    } finally {
        handles.ours.dispose();
        handles.floor.dispose();
        await emulator.stop();
    }
    return result;
}

function describe(m: PhaseMeasurement, ours: boolean): string {
    return (
        `${String(m.wallMs).padStart(6)} ms` +
        (ours ? `  ARM ${JSON.stringify(m.armByMethod)} tokens ${m.tokenRequests} 429s ${m.throttled}` : "") +
        `  provider hosts ${m.providerProcesses}` +
        (ours ? ` (${m.providerProcessesCallingArm} calling ARM, ${m.armConnections} connections)` : "") +
        `  peak RSS ${m.peakRssMiB ?? "?"} MiB`
    );
}
