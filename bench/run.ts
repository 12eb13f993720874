/**
 * `npm run bench`: the root stack (CustomerSubscriptionMapping) against the floor (the same shape of no-op
 * dynamic resources) through preview (new stack), up, no-change preview, preview --refresh, refresh and
 * destroy, for N mappings, against the emulator with injected latency; then a bulk create of N mappings
 * under the emulator's ARM-like write token bucket. Writes bench/results/latest.json and latest.md.
 *
 *   npm run bench                      # N = 50, 200, 500; 3 runs each; throttled N = 500
 *   npm run bench -- --quick           # N = 50, 1 run; throttled N = 300
 *   npm run bench -- --n 200 --runs 5  # any N (comma-separated) and number of runs
 */
import { Command, InvalidArgumentError } from "commander";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator } from "../emulator";
import { PROJECT_ROOT, pinnedPulumiVersion } from "../runner/engine";
import { tenantMappingsStack } from "../program/stack";
import { serializeFunction } from "@pulumi/pulumi/runtime";
import { customerSubscriptionMappingProvider } from "../provider/provider";
import { floorProvider, floorStack } from "./floor";
import { measure, type Measurement } from "./measure";
import { markdownReport } from "./report";
import { openBenchStack, WORK_ROOT } from "./stack";
import { emulatorSeed, mappingCount, STAMPS, REGISTRATION_SUBSCRIPTION, RESOURCE_GROUP, stackData, type StackData } from "./world";
import { evaluateTargets, PHASES, type BenchResults, type Phase, type PhaseResult, type ThrottledResult } from "./results";

interface Options {
    n: number[];
    runs: number;
    latency: number;
    parallel?: number;
    throttledN: number;
    throttled: boolean;
    out: string;
    quick: boolean;
}

function wholeNumber(min: number) {
    return (value: string): number => {
        const n = Number(value);
        if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`must be a whole number ≥ ${min}`);
        return n;
    };
}

function parseArgs(argv: string[]): Options {
    const program = new Command()
        .name("bench")
        .description("The root stack against the engine floor and the ARM write limit, through the real engine and the emulator.")
        .option("--n <list>", "numbers of mappings, comma-separated (default 50,200,500; --quick: 50)", (v) => v.split(",").map((x) => wholeNumber(1)(x.trim())))
        .option("--runs <k>", "runs per N; wall times are the median (default 3; --quick: 1)", wholeNumber(1))
        .option("--latency <ms>", "latency the emulator adds to every ARM answer", wholeNumber(0), 50)
        .option("--parallel <p>", "engine parallelism (default: the CLI's, 4 × CPUs)", wholeNumber(1))
        .option("--throttled-n <n>", "mappings created under the write token bucket (default 500; --quick: 300)", wholeNumber(1))
        .option("--no-throttled", "skip the throttled bulk create")
        .option("--no-phases", "skip the six phases (only the throttled bulk create)")
        .option("--quick", "a short run: N = 50, 1 run, throttled N = 300", false)
        .option("--out <dir>", "where latest.json and latest.md go", path.join(PROJECT_ROOT, "bench", "results"))
        .parse(argv);
    const o = program.opts<{ n?: number[]; runs?: number; latency: number; parallel?: number; throttledN?: number; throttled: boolean;
        phases: boolean; quick: boolean; out: string }>();
    return {
        n: !o.phases ? [] : o.n ?? (o.quick ? [50] : [50, 200, 500]),
        runs: o.runs ?? (o.quick ? 1 : 3),
        latency: o.latency,
        parallel: o.parallel,
        throttledN: o.throttledN ?? (o.quick ? 300 : 500),
        throttled: o.throttled,
        out: path.resolve(o.out),
        quick: o.quick,
    };
}

function log(text: string): void {
    process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
}

/** Every mapping in the emulator, on both stamps. */
function mappingsIn(emulator: RunningEmulator): number {
    return Object.values(STAMPS).reduce((sum, name) =>
        sum + emulator.state.mappings({ subscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RESOURCE_GROUP, name }).length, 0);
}

function expect(condition: boolean, what: string): void {
    if (!condition) throw new Error(`benchmark run invalid: ${what}`);
}

type Operation = (stack: Stack) => Promise<unknown>;

/** The six phases, each checked for doing what it should (a fast wrong answer is no result). */
function phaseOperations(n: number): Record<Phase, { run: Operation; check?: (emulator: RunningEmulator | undefined, result: any) => void }> {
    const resources = n + 1; // the mappings and the stack
    return {
        "preview-new": {
            run: (s) => s.preview(),
            check: (_e, r) => expect(r.changeSummary?.create === resources, `preview-new should create ${resources}, got ${JSON.stringify(r.changeSummary)}`),
        },
        "up": {
            run: (s) => s.up(),
            check: (e, r) => {
                expect(r.summary?.resourceChanges?.create === resources, `up should create ${resources}, got ${JSON.stringify(r.summary?.resourceChanges)}`);
                if (e) expect(mappingsIn(e) === n, `the emulator should hold ${n} mappings after up, holds ${mappingsIn(e)}`);
            },
        },
        "preview-nochange": {
            run: (s) => s.preview({ expectNoChanges: true }),
            check: (_e, r) => expect(r.changeSummary?.same === resources, `preview-nochange should see ${resources} same, got ${JSON.stringify(r.changeSummary)}`),
        },
        "preview-refresh": { run: (s) => s.preview({ refresh: true, expectNoChanges: true }) },
        "refresh": { run: (s) => s.refresh({ expectNoChanges: true }) },
        "destroy": {
            run: (s) => s.destroy(),
            check: (e) => { if (e) expect(mappingsIn(e) === 0, `the emulator should hold no mapping after destroy, holds ${mappingsIn(e)}`); },
        },
    };
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

async function benchN(n: number, options: Options): Promise<PhaseResult[]> {
    const data = stackData(n);
    expect(mappingCount(data) === n, `the generated data has ${mappingCount(data)} mappings, not ${n}`);
    const emulator = await startEmulator({ seed: emulatorSeed(data), latencyMs: options.latency, throttling: false });
    const ours: Record<Phase, Measurement[]> = Object.fromEntries(PHASES.map((p) => [p, []])) as never;
    const floor: Record<Phase, Measurement[]> = Object.fromEntries(PHASES.map((p) => [p, []])) as never;
    const operations = phaseOperations(n);
    try {
        for (let run = 1; run <= options.runs; run++) {
            const oursStack = await openBenchStack(`ours-${n}`, tenantMappingsStack, emulator.clientEnv(), data, options.parallel);
            const floorStackHandle = await openBenchStack(`floor-${n}`, floorStack, emulator.clientEnv(), data, options.parallel);
            try {
                for (const phase of PHASES) {
                    const { run: operation, check } = operations[phase];
                    // Side by side, alternating which goes first, so drift of a noisy machine hits both alike.
                    const order = run % 2 === 1 ? ["ours", "floor"] as const : ["floor", "ours"] as const;
                    for (const which of order) {
                        const stack = which === "ours" ? oursStack.stack : floorStackHandle.stack;
                        let result: unknown;
                        const m = await measure(which === "ours" ? emulator : undefined, async () => { result = await operation(stack); });
                        check?.(which === "ours" ? emulator : undefined, result);
                        (which === "ours" ? ours : floor)[phase].push(m);
                        log(`N=${n} run ${run}/${options.runs} ${phase.padEnd(16)} ${which.padEnd(5)} ${String(m.wallMs).padStart(6)} ms` +
                            (which === "ours" ? `  ARM ${JSON.stringify(m.armByMethod)} tokens ${m.tokenRequests} 429s ${m.throttled}` : "") +
                            `  provider hosts ${m.providerProcesses}` + (which === "ours" ? ` (${m.providerProcessesCallingArm} calling ARM, ${m.armConnections} connections)` : "") +
                            `  peak RSS ${m.peakRssMiB ?? "?"} MiB`);
                    }
                }
            } finally {
                oursStack.dispose();
                floorStackHandle.dispose();
            }
        }
    } finally {
        await emulator.stop();
    }
    return PHASES.map((phase): PhaseResult => {
        const o = ours[phase];
        const f = floor[phase];
        const wallMs = median(o.map((m) => m.wallMs));
        const floorWallMs = median(f.map((m) => m.wallMs));
        // Request counts are the same in every run; the largest is reported, to be safe.
        const worst = o.reduce((a, b) => (b.armRequests > a.armRequests || b.tokenRequests > a.tokenRequests ? b : a));
        const byMethod: Record<string, number> = {};
        for (const [method, count] of Object.entries(worst.armByMethod)) byMethod[method] = round(count / n, 3);
        const processes = Math.max(...o.map((m) => m.providerProcesses));
        return {
            phase, n, wallMs, floorWallMs, ratio: round(wallMs / floorWallMs, 2),
            armRequestsPerMapping: round(worst.armRequests / n, 3),
            armRequestsPerMappingByMethod: byMethod,
            armRequests: worst.armRequests,
            tokenRequests: Math.max(...o.map((m) => m.tokenRequests)),
            providerProcesses: processes,
            providerProcessesCallingArm: worst.providerProcessesCallingArm,
            armConnections: Math.max(...o.map((m) => m.armConnections)),
            throttledResponses: Math.max(...o.map((m) => m.throttled)),
            providerPeakRssMiB: maxDefined(o.map((m) => m.peakRssMiB)),
            floorProviderPeakRssMiB: maxDefined(f.map((m) => m.peakRssMiB)),
            wallMsRuns: o.map((m) => m.wallMs),
            floorWallMsRuns: f.map((m) => m.wallMs),
        };
    });
}

interface ThrottledVariant {
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
 */
function throttledVariants(options: Options): ThrottledVariant[] {
    return [
        { label: "engine defaults", parallel: options.parallel, skipCheckpoints: false },
        { label: "bucket-bound: PULUMI_SKIP_CHECKPOINTS=true, parallel 64", parallel: 64, skipCheckpoints: true },
    ];
}

/** Bulk create of N mappings under ARM's write bucket (200 burst, 10/s refill) and its default read bucket. */
async function benchThrottled(n: number, options: Options, variant: ThrottledVariant): Promise<ThrottledResult> {
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
                error = [...new Set(lines.filter((line) => /^error:/i.test(line) || /throttl|429|TooManyRequests/i.test(line)))]
                    .slice(0, 5).join(" / ") || lines[0];
            }
        });
        const created = mappingsIn(emulator);
        const writes = m.log.filter((e) => e.kind === "arm" && e.method === "PUT");
        const accepted = writes.filter((e) => e.status >= 200 && e.status < 300);
        const perRequest = new Map<string, number>();
        for (const e of writes) if (e.status === 429) perRequest.set(e.clientRequestId ?? e.requestId, (perRequest.get(e.clientRequestId ?? e.requestId) ?? 0) + 1);
        const theoreticalMinMs = Math.max(0, (n - bucket.burst) / bucket.refillPerSecond) * 1000;
        // When the writes were let in: first PUT's arrival to the last accepted PUT's arrival (emulator's clock).
        const arrival = (e: { time: string }) => Date.parse(e.time);
        const writeWindowMs = accepted.length > 0 ? arrival(accepted[accepted.length - 1]!) - arrival(writes[0]!) : 0;
        log(`throttled N=${n} (${variant.label}): ${m.wallMs} ms (bucket minimum ${theoreticalMinMs} ms), ${accepted.length} PUTs accepted, ` +
            `${m.throttled} 429s, ${n - created} failures${error ? `; error: ${error}` : ""}`);
        return {
            n, variant: variant.label, parallel: variant.parallel ?? "engine default", skipCheckpoints: variant.skipCheckpoints,
            wallMs: m.wallMs, theoreticalMinMs, ratio: theoreticalMinMs > 0 ? round(m.wallMs / theoreticalMinMs, 2) : undefined,
            failures: n - created, bucket, writeWindowMs,
            writeWindowRatio: theoreticalMinMs > 0 ? round(writeWindowMs / theoreticalMinMs, 2) : undefined,
            throttledResponses: m.throttled, putRequests: writes.length,
            maxThrottledAnswersForOneRequest: Math.max(0, ...perRequest.values()),
            armRequestsByMethod: m.armByMethod, tokenRequests: m.tokenRequests, providerPeakRssMiB: m.peakRssMiB,
            ...(error ? { error } : {}),
        };
    } finally {
        handle.dispose();
        await emulator.stop();
    }
}

function round(value: number, digits: number): number {
    const f = 10 ** digits;
    return Math.round(value * f) / f;
}

function maxDefined(values: Array<number | undefined>): number | undefined {
    const defined = values.filter((v): v is number => v !== undefined);
    return defined.length > 0 ? Math.max(...defined) : undefined;
}

async function main(): Promise<void> {
    const options = parseArgs(process.argv);
    const started = Date.now();
    mkdirSync(WORK_ROOT, { recursive: true });
    log(`N = ${options.n.join(", ")}; ${options.runs} run(s); ARM latency ${options.latency} ms; ` +
        `throttled N = ${options.throttled ? options.throttledN : "skipped"}; ${os.cpus().length} CPUs`);
    const phases: PhaseResult[] = [];
    for (const n of options.n) phases.push(...await benchN(n, options));
    const throttledRuns: ThrottledResult[] = [];
    if (options.throttled) for (const variant of throttledVariants(options)) throttledRuns.push(await benchThrottled(options.throttledN, options, variant));
    const results: BenchResults = {
        generatedAt: new Date().toISOString(),
        durationSeconds: Math.round((Date.now() - started) / 1000),
        settings: {
            n: options.n, runs: options.runs, armLatencyMs: options.latency,
            parallel: options.parallel ?? "engine default", quick: options.quick,
            command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
        },
        machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "?", node: process.version, pulumi: pinnedPulumiVersion() },
        serializedProviderBytes: {
            ours: (await serializeFunction(() => customerSubscriptionMappingProvider, { allowSecrets: true })).text.length,
            floor: (await serializeFunction(() => floorProvider, { allowSecrets: true })).text.length,
        },
        phases,
        ...(throttledRuns.length > 0 ? { throttled: throttledRuns[0], throttledVariants: throttledRuns } : {}),
        targets: [],
    };
    results.targets = evaluateTargets(results);
    mkdirSync(options.out, { recursive: true });
    writeFileSync(path.join(options.out, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(path.join(options.out, "latest.md"), markdownReport(results));
    rmSync(WORK_ROOT, { recursive: true, force: true });
    process.stdout.write(markdownReport(results));
    log(`done in ${results.durationSeconds} s; results in ${path.relative(process.cwd(), options.out) || "."}/latest.{json,md}`);
}

main().then(() => process.exit(0), (error) => {
    console.error(error instanceof Error ? error.stack ?? error.message : error);
    process.exit(1);
});
