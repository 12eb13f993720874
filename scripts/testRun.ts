/**
 * Runs `npm test`'s suite groups (scripts/testGroups.ts) side by side: each spec file of an engine group is a
 * mocha process of its own, the fast group one process in mocha's parallel mode, and CSM_TEST_PROCESSES of
 * them (default 4) run at once, the ones that took longest on this machine when they last passed first. The engine
 * suites spend much of their time waiting on child processes, Azure's (the emulator's) throttling and
 * retries, so they overlap well on two cores. Each file's spec output is printed whole when it ends (live
 * when only one runs) and kept in .test-results/; then a table of each group's wall time and cases, and the
 * ten slowest cases (scripts/testSummary.ts). Exits 1 if anything failed.
 *
 *   node dist/scripts/testRun.js [group ...]           the groups named (default: all), after scripts/test.sh
 *   node dist/scripts/testRun.js --needs [group ...]   prints what those groups need (scripts/test.sh reads it)
 *   node dist/scripts/testRun.js --needs-of-specs <mocha arguments>   what the spec files named there need
 */
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { toolsDir } from "../runner/tools";
import { GROUPS, needsOfSpecs, RUN_DIR_VARIABLE, unitsOf, type Group, type Unit } from "./testGroups";
import type { GroupTimings } from "./testReporter";
import { summary, type UnitResult } from "./testSummary";

const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
/** What the run's suites make once and share (test/support/sharedPack.ts); removed when the run ends. */
const RUN_DIR = path.join(PROJECT_ROOT, ".e2e-work", `run-${process.pid}`);
/**
 * The suite processes' TMPDIR (and so every tool's they start: Pulumi, its language hosts, npm, pip), removed
 * when the run ends: what a suite leaves behind (a process it had to kill, Pulumi's pipes directories) does not
 * pile up in the machine's /tmp run after run. Outside the clone: projects made there must not see its node_modules.
 */
let runTempDir = "";

const RESULTS = path.join(PROJECT_ROOT, ".test-results");
const MOCHA = path.join(PROJECT_ROOT, "node_modules", "mocha", "bin", "mocha.js");
const REPORTER = path.join(__dirname, "testReporter.js");
/** How long each unit took last time on this machine (seconds, by its first file), to start the longest first. */
const DURATIONS = path.join(toolsDir(PROJECT_ROOT), "test-durations.json");

/**
 * The environment of every suite process, and so of every process below it. NODE_COMPILE_CACHE: Node 22's
 * on-disk cache of compiled modules, for the run (it is keyed by a module's path, and most projects live in
 * temporary directories). Each `pulumi` command starts Node processes (the program, the dynamic-provider host,
 * the plugin) that load @pulumi/pulumi and its dependencies again: with the cache, loading them and the provider
 * takes 0.36 s of CPU instead of 0.58 s on this machine (`npm run demo` as a whole, about 7% less), on a run whose
 * time is CPU. It changes no behaviour: Node checks each entry against the module's source, and goes without the
 * cache where it cannot use it.
 */
function suiteEnv(): NodeJS.ProcessEnv {
    return {
        ...process.env,
        [RUN_DIR_VARIABLE]: RUN_DIR,
        TMPDIR: runTempDir,
        NODE_COMPILE_CACHE: path.join(runTempDir, "node-compile-cache"),
    };
}

function selected(names: string[]): Group[] {
    const unknown = names.filter((n) => !GROUPS.some((g) => g.name === n));
    if (unknown.length > 0) throw new Error(`no suite group ${unknown.join(", ")}; the groups: ${GROUPS.map((g) => g.name).join(", ")}`);
    return names.length === 0 ? GROUPS : GROUPS.filter((g) => names.includes(g.name));
}

const unitName = (unit: Unit) => (unit.files.length === 1 ? `${unit.group.name}: ${unit.files[0]}` : unit.group.name);
const logName = (unit: Unit) => unitName(unit).replace(/[^\w.-]+/g, "_");

function runUnit(unit: Unit, live: boolean): Promise<UnitResult> {
    const timingsFile = path.join(RESULTS, `${logName(unit)}.json`);
    const logFile = path.join(RESULTS, `${logName(unit)}.log`);
    const args = [
        "--enable-source-maps",
        MOCHA,
        "--no-config",
        "--timeout",
        "600000",
        "--reporter",
        REPORTER,
        "--reporter-option",
        `timings=${timingsFile}`,
        ...(process.stdout.isTTY ? ["--color"] : []),
        ...(unit.group.jobs ? ["--parallel", "--jobs", String(unit.group.jobs)] : []),
        ...unit.files,
    ];
    const started = Date.now();
    const child = spawn(process.execPath, args, {
        cwd: PROJECT_ROOT,
        env: suiteEnv(),
        stdio: ["ignore", live ? "inherit" : "pipe", live ? "inherit" : "pipe"],
    });
    const log = createWriteStream(logFile);
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    return new Promise((resolve, reject) => {
        child.on("error", reject);
        child.on("close", (code) => {
            log.end(() => {
                const ended = Date.now();
                const timings: GroupTimings = existsSync(timingsFile)
                    ? JSON.parse(readFileSync(timingsFile, "utf8"))
                    : {
                          cases: [],
                          hookFailures: [`mocha ended (exit ${code}) before reporting: see ${path.relative(PROJECT_ROOT, logFile)}`],
                      };
                if (!live) process.stdout.write(`\n===== ${unitName(unit)} =====\n${readFileSync(logFile, "utf8")}`);
                resolve({ unit, code: code ?? 1, started, ended, timings });
            });
        });
    });
}

function readDurations(): Record<string, number> {
    try {
        return JSON.parse(readFileSync(DURATIONS, "utf8"));
    } catch {
        return {};
    }
}

function writeDurations(results: UnitResult[]): void {
    try {
        const durations = { ...readDurations() };
        // A unit that failed may have stopped early (a before hook): its time says nothing of a full run.
        for (const r of results.filter((r) => r.code === 0 && r.timings.hookFailures.length === 0))
            durations[r.unit.files[0]] = Math.round((r.ended - r.started) / 1000);
        mkdirSync(path.dirname(DURATIONS), { recursive: true });
        writeFileSync(`${DURATIONS}.${process.pid}`, JSON.stringify(durations, null, 1));
        renameSync(`${DURATIONS}.${process.pid}`, DURATIONS);
    } catch {
        // only an ordering hint
    }
}

/** Runs the units, `atOnce` at a time: those with a record of an earlier run on this machine longest first, after those without one (in the order given). */
async function runAll(units: Unit[], atOnce: number): Promise<UnitResult[]> {
    const durations = readDurations();
    const known = (u: Unit) => durations[u.files[0]];
    const recorded = units.filter((u) => known(u) !== undefined).sort((a, b) => known(b)! - known(a)!);
    const queue = [...units.filter((u) => known(u) === undefined), ...recorded];
    const live = units.length === 1;
    const results: UnitResult[] = [];
    const worker = async () => {
        for (let unit = queue.shift(); unit; unit = queue.shift()) {
            log(`started ${unitName(unit)}`);
            const result = await runUnit(unit, live);
            results.push(result);
            const outcome = result.code === 0 ? "passed" : "FAILED";
            log(
                `${outcome}: ${unitName(unit)}, ${result.timings.cases.length} cases in ${Math.round((result.ended - result.started) / 1000)} s`,
            );
        }
    };
    await Promise.all(Array.from({ length: Math.min(atOnce, units.length) }, worker));
    return results;
}

function log(message: string): void {
    process.stderr.write(`[test] ${message}\n`);
}

async function main(argv: string[]): Promise<number> {
    if (argv[0] === "--needs-of-specs") {
        console.log(needsOfSpecs(argv.slice(1), PROJECT_ROOT).join(" "));
        return 0;
    }
    if (argv[0] === "--needs") {
        console.log([...new Set(selected(argv.slice(1)).flatMap((g) => g.needs))].join(" "));
        return 0;
    }
    const groups = selected(argv);
    const atOnce = Number(process.env.CSM_TEST_PROCESSES ?? 4);
    if (!Number.isInteger(atOnce) || atOnce < 1) throw new Error(`CSM_TEST_PROCESSES must be a whole number of at least 1, not ${atOnce}`);
    rmSync(RESULTS, { recursive: true, force: true });
    mkdirSync(RESULTS, { recursive: true });
    const started = Date.now();
    mkdirSync(RUN_DIR, { recursive: true });
    runTempDir = mkdtempSync(path.join(os.tmpdir(), "csm-test-run-"));
    const results = await runAll(
        groups.flatMap((g) => unitsOf(g, PROJECT_ROOT)),
        atOnce,
    ).finally(() => {
        rmSync(RUN_DIR, { recursive: true, force: true });
        rmSync(runTempDir, { recursive: true, force: true });
    });
    writeDurations(results);
    const text = summary(groups, results, Date.now() - started);
    writeFileSync(path.join(RESULTS, "summary.txt"), text);
    process.stdout.write(text);
    return results.every((r) => r.code === 0 && r.timings.hookFailures.length === 0) ? 0 : 1;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
        log(error.message);
        process.exit(2);
    },
);
