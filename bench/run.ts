/**
 * `npm run bench`: the root stack (CustomerSubscriptionMapping) against the floor (the same shape of no-op
 * dynamic resources) through preview (new stack), up, no-change preview, preview --refresh, refresh and
 * destroy, for N mappings, against the emulator with injected latency; ours' up and no-change preview again
 * with state on Azure Blob Storage (azblob://, Azurite; azblob.ts); a bulk create of N mappings under the
 * emulator's ARM-like write token bucket; the scale rows (5,000 mappings on 10 stamps under ARM's buckets,
 * bench/scale.ts); ours next to the official SDK and the Azure CLI (bench/peers/); registration sets at the same scale,
 * their single-stack limit and one set beside the SDK script (bench/setsRun.ts). Writes bench/results/latest.json
 * and latest.md.
 *
 *   npm run bench                      # N = 50, 200, 500; 3 runs each; throttled N = 500; scale 5,000; peers 200 (az 20); sets
 *   npm run bench -- --quick           # N = 50, 1 run; throttled N = 250 (bucket-bound only); scale 50, no layout row; peers 10 (az 1)
 *   npm run bench -- --n 200 --runs 5  # any N (comma-separated) and number of runs
 *   npm run bench -- --only-sets       # the sets alone, merged into the results file already there
 *
 * This process only orchestrates: every run and every throttled create is a job process (jobs.ts).
 */
import { Command, InvalidArgumentError } from "commander";
import { mkdirSync, rmdirSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { serializeFunction } from "@pulumi/pulumi/runtime";
import { customerSubscriptionMappingProvider } from "../provider/provider";
import { PROJECT_ROOT, pinnedPulumiVersion } from "../runner/engine";
import { floorProvider } from "./floor";
import { runJob } from "./jobs";
import { log, maxDefined, median, round, type BenchOptions } from "./options";
import type { PhaseMeasurement } from "./measure";
import type { RunMeasurements } from "./phases";
import { markdownReport } from "./report";
import { AZBLOB_PHASES } from "./azblob";
import { engineLimitOf, evaluateTargets } from "./targets";
import { PHASES, type BackendResult, type BenchResults, type PhaseResult, type ThrottledResult } from "./results";
import { WORK_ROOT } from "./stack";
import { throttledVariants } from "./throttled";
import { earlierResults, measureSets } from "./setsRun";

function wholeNumber(min: number) {
    return (value: string): number => {
        const n = Number(value);
        if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`must be a whole number ≥ ${min}`);
        return n;
    };
}

function parseArgs(argv: string[]): BenchOptions {
    const program = new Command()
        .name("bench")
        .description("The root stack against the engine floor and the ARM write limit, through the real engine and the emulator.")
        .option("--n <list>", "numbers of mappings, comma-separated (default 50,200,500; --quick: 50)", (v) =>
            v.split(",").map((x) => wholeNumber(1)(x.trim())),
        )
        .option("--runs <k>", "runs per N, each with new stacks (default 3; --quick: 1)", wholeNumber(1))
        .option(
            "--repeat <k>",
            "times each phase that changes nothing (previews, refresh) is measured per run (default 3; --quick: 1)",
            wholeNumber(1),
        )
        .option("--latency <ms>", "latency the emulator adds to every ARM answer", wholeNumber(0), 50)
        .option("--parallel <p>", "engine parallelism (default: the CLI's, 4 × CPUs)", wholeNumber(1))
        .option("--throttled-n <n>", "mappings created under the write token bucket (default 500; --quick: 250)", wholeNumber(1))
        .option("--no-throttled", "skip the throttled bulk create")
        .option("--no-phases", "skip the six phases")
        .option(
            "--scale-n <n>",
            "mappings of the scale rows, on --scale-stamps stamps under ARM's buckets (default 5000; --quick: 50)",
            wholeNumber(1),
        )
        .option("--scale-stamps <s>", "stamps of the scale rows", wholeNumber(1), 10)
        .option("--no-scale", "skip the scale rows")
        .option("--peers-n <n>", "mappings ours, the SDK peer and the az peer handle (default 200; --quick: 10)", wholeNumber(1))
        .option(
            "--az-n <n>",
            "of those, the mappings the az loop handles (each az call starts Python; default 20; --quick: 1)",
            wholeNumber(1),
        )
        .option("--no-peers", "skip the peers")
        .option("--sets-n <n>", "mappings of the registration sets' rows, one set per stamp (default 5000; --quick: 50)", wholeNumber(1))
        .option("--sets-stamps <s>", "stamps of the sets' rows and ladder", wholeNumber(1), 10)
        .option("--sets-ladder <list>", "N tried for one stack of sets within 10 minutes (default 10000,25000,50000; --quick: 500)", (v) =>
            v.split(",").map((x) => wholeNumber(1)(x.trim())),
        )
        .option("--sets-peer-n <n>", "mappings one set creates beside the SDK script (default 1000; --quick: 100)", wholeNumber(1))
        .option("--no-sets", "skip the registration sets")
        .option("--only-sets", "only the registration sets, merged into the results file already in --out", false)
        .option(
            "--quick",
            "a short run: N = 50, 1 run, no repeats, throttled N = 250 bucket-bound only, scale 50 without the layout row, peers 10 (az 1)",
            false,
        )
        .option("--out <dir>", "where latest.json and latest.md go (default bench/results; --quick: bench/results/quick)")
        .parse(argv);
    const o = program.opts<{
        n?: number[];
        runs?: number;
        repeat?: number;
        latency: number;
        parallel?: number;
        throttledN?: number;
        throttled: boolean;
        phases: boolean;
        quick: boolean;
        out?: string;
        scaleN?: number;
        scaleStamps: number;
        scale: boolean;
        peersN?: number;
        azN?: number;
        peers: boolean;
        setsN?: number;
        setsStamps: number;
        setsLadder?: number[];
        setsPeerN?: number;
        sets: boolean;
        onlySets: boolean;
    }>();
    const others = !o.onlySets;
    return {
        n: !o.phases || !others ? [] : (o.n ?? (o.quick ? [50] : [50, 200, 500])),
        runs: o.runs ?? (o.quick ? 1 : 3),
        repeat: o.repeat ?? (o.quick ? 1 : 3),
        latency: o.latency,
        parallel: o.parallel,
        throttledN: o.throttledN ?? (o.quick ? 250 : 500),
        throttled: o.throttled && others,
        scale: { n: !o.scale || !others ? 0 : (o.scaleN ?? (o.quick ? 50 : 5000)), stamps: o.scaleStamps },
        peers: { n: !o.peers || !others ? 0 : (o.peersN ?? (o.quick ? 10 : 200)), azN: o.azN ?? (o.quick ? 1 : 20) },
        sets: {
            n: !o.sets ? 0 : (o.setsN ?? (o.quick ? 50 : 5000)),
            stamps: o.setsStamps,
            ladder: o.setsLadder ?? (o.quick ? [500] : [10000, 25000, 50000]),
            peerN: o.setsPeerN ?? (o.quick ? 100 : 1000),
            only: o.onlySets,
        },
        // A quick run never replaces the committed full run.
        out: path.resolve(o.out ?? path.join(PROJECT_ROOT, "bench", "results", ...(o.quick ? ["quick"] : []))),
        quick: o.quick,
    };
}

/** Every measurement of N's runs, per phase, summarised. */
function summarise(n: number, runs: RunMeasurements[]): PhaseResult[] {
    return PHASES.map((phase): PhaseResult => {
        const o: PhaseMeasurement[] = runs.flatMap((r) => r.ours[phase]);
        const f: PhaseMeasurement[] = runs.flatMap((r) => r.floor[phase]);
        // Each measurement of ours has the floor's measured right next to it: the median of those paired
        // ratios is less sensitive to a noisy machine than the ratio of the two medians.
        const ratio = median(o.map((m, i) => m.wallMs / f[i]!.wallMs));
        // Request counts are the same in every measurement; the largest is reported, to be safe.
        const worst = o.reduce((a, b) => (b.armRequests > a.armRequests || b.tokenRequests > a.tokenRequests ? b : a));
        const byMethod: Record<string, number> = {};
        for (const [method, count] of Object.entries(worst.armByMethod)) byMethod[method] = round(count / n, 3);
        return {
            phase,
            n,
            wallMs: Math.round(median(o.map((m) => m.wallMs))),
            floorWallMs: Math.round(median(f.map((m) => m.wallMs))),
            ratio: round(ratio, 3),
            armRequestsPerMapping: round(worst.armRequests / n, 3),
            armRequestsPerMappingByMethod: byMethod,
            armRequests: worst.armRequests,
            tokenRequests: Math.max(...o.map((m) => m.tokenRequests)),
            providerProcesses: Math.max(...o.map((m) => m.providerProcesses)),
            providerProcessesCallingArm: worst.providerProcessesCallingArm,
            armConnections: Math.max(...o.map((m) => m.armConnections)),
            maxTokenRequestsPerCallingProcess: Math.max(...o.map((m) => m.tokenRequests / Math.max(1, m.providerProcessesCallingArm))),
            throttledResponses: Math.max(...o.map((m) => m.throttled)),
            providerPeakRssMiB: maxDefined(o.map((m) => m.peakRssMiB)),
            floorProviderPeakRssMiB: maxDefined(f.map((m) => m.peakRssMiB)),
            wallMsRuns: o.map((m) => m.wallMs),
            floorWallMsRuns: f.map((m) => m.wallMs),
        };
    });
}

/** The azblob measurements of N's runs beside the file backend's medians of the same phases. */
function summariseBackends(n: number, runs: RunMeasurements[], phases: PhaseResult[]): BackendResult[] {
    return AZBLOB_PHASES.map((phase): BackendResult => {
        const m = runs.flatMap((r) => r.azblob[phase]);
        const wallMs = Math.round(median(m.map((x) => x.wallMs)));
        const fileWallMs = phases.find((p) => p.phase === phase && p.n === n)!.wallMs;
        return {
            phase,
            n,
            backend: "azblob",
            wallMs,
            fileWallMs,
            ratio: round(wallMs / fileWallMs, 3),
            storageRequests: Math.max(...m.map((x) => x.storageRequests)),
            storageWrites: Math.max(...m.map((x) => x.storageWrites)),
            armRequests: Math.max(...m.map((x) => x.armRequests)),
            wallMsRuns: m.map((x) => x.wallMs),
        };
    });
}

/** Each job removes its own work directories; another benchmark may still be using the rest. */
function removeIfEmpty(dir: string): void {
    try {
        rmdirSync(dir);
    } catch {
        // not empty, or gone
    }
}

async function main(): Promise<void> {
    const options = parseArgs(process.argv);
    const started = Date.now();
    mkdirSync(WORK_ROOT, { recursive: true });
    log(
        `N = ${options.n.join(", ") || "none"}; ${options.runs} run(s), ${options.repeat} repeat(s); ARM latency ${options.latency} ms; ` +
            `throttled N = ${options.throttled ? options.throttledN : "skipped"}; scale N = ${options.scale.n || "skipped"} on ` +
            `${options.scale.stamps} stamps; peers N = ${options.peers.n || "skipped"} (az ${options.peers.azN}); ${os.cpus().length} CPUs`,
    );
    const phases: PhaseResult[] = [];
    const backends: BackendResult[] = [];
    for (const n of options.n) {
        const runs: RunMeasurements[] = [];
        for (let run = 1; run <= options.runs; run++) runs.push(await runJob({ kind: "run", n, run }, options));
        phases.push(...summarise(n, runs));
        backends.push(...summariseBackends(n, runs, phases));
    }
    const throttledRuns: ThrottledResult[] = [];
    if (options.throttled) {
        for (const variant of throttledVariants(options))
            throttledRuns.push(await runJob({ kind: "throttled", n: options.throttledN, variant }, options));
        // What the same `up` costs unthrottled, when the phases measured that N: the engine's share.
        const unthrottled = phases.find((p) => p.phase === "up" && p.n === options.throttledN);
        if (unthrottled)
            Object.assign(throttledRuns[0]!, { unthrottledUpWallMs: unthrottled.wallMs, floorUpWallMs: unthrottled.floorWallMs });
    }
    const scale =
        options.scale.n > 0 ? await runJob({ kind: "scale", n: options.scale.n, stamps: options.scale.stamps }, options) : undefined;
    const peers = options.peers.n > 0 ? await runJob({ kind: "peers", n: options.peers.n, azN: options.peers.azN }, options) : undefined;
    const sets = await measureSets(options);
    const earlier = options.sets.only ? earlierResults(options.out) : undefined;
    const results: BenchResults = earlier
        ? { ...earlier, ...(sets ? { sets } : {}) }
        : {
              generatedAt: new Date().toISOString(),
              durationSeconds: Math.round((Date.now() - started) / 1000),
              settings: {
                  n: options.n,
                  runs: options.runs,
                  repeat: options.repeat,
                  armLatencyMs: options.latency,
                  parallel: options.parallel ?? "engine default",
                  quick: options.quick,
                  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
              },
              machine: {
                  cpus: os.cpus().length,
                  cpuModel: os.cpus()[0]?.model ?? "?",
                  node: process.version,
                  pulumi: pinnedPulumiVersion(),
              },
              serializedProviderBytes: {
                  ours: (await serializeFunction(() => customerSubscriptionMappingProvider, { allowSecrets: true })).text.length,
                  floor: (await serializeFunction(() => floorProvider, { allowSecrets: true })).text.length,
              },
              phases,
              ...(backends.length > 0 ? { backends } : {}),
              ...(throttledRuns.length > 0 ? { throttled: throttledRuns[0], throttledVariants: throttledRuns } : {}),
              ...(scale ? { scale } : {}),
              ...(peers ? { peers } : {}),
              ...(phases.some((p) => p.phase === "up") ? { engineLimit: engineLimitOf(phases) } : {}),
              ...(sets ? { sets } : {}),
              targets: [],
          };
    results.targets = evaluateTargets(results);
    mkdirSync(options.out, { recursive: true });
    writeFileSync(path.join(options.out, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(path.join(options.out, "latest.md"), markdownReport(results));
    removeIfEmpty(WORK_ROOT);
    process.stdout.write(markdownReport(results));
    // An --only-sets run keeps the earlier run's durationSeconds in the file; this says how long this one took.
    log(
        `done in ${Math.round((Date.now() - started) / 1000)} s; results in ${path.relative(process.cwd(), options.out) || "."}/latest.{json,md}`,
    );
}

main().then(
    () => process.exit(0),
    (error) => {
        console.error(error instanceof Error ? (error.stack ?? error.message) : error);
        process.exit(1);
    },
);
