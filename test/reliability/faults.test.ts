/**
 * The fault matrix: the root stack with N = 50 generated mappings, `pulumi up` through the real engine
 * against the emulator while it injects the faults ARM really has. For each fault the stack must converge
 * after at most one re-run: the emulator holds exactly the declared mappings, the state holds exactly what
 * the emulator holds (no pending operation), no duplicate, no stray mapping, every request took a bounded
 * number of attempts, and `pulumi preview --refresh --expect-no-changes` agrees. Attempts, retries and wall
 * time per fault are printed as a table at the end.
 *
 * Killing `pulumi up`: the Automation API spawns the CLI, which starts the dynamic-provider host; the inline
 * program's language runtime is served from this test process. A dying CI runner or laptop takes the CLI
 * and the provider host down at once, mid-write: that is simulated by SIGKILL of the CLI and every process
 * below it, while writes are in flight (the emulator has applied them, their answers are delayed), so some
 * mappings exist in Azure but not in state. Ctrl-C is simulated with UpOptions.signal (SIGINT to the CLI).
 */
import { expect } from "chai";
import { readdirSync, rmSync, statSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type EmulatorOptions, type FaultRule, type RunningEmulator } from "../../emulator";
import { EngineStack } from "../support/engineStack";
import {
    convergenceProblems,
    emulatorMappings,
    errorSummary,
    existingMappings,
    FiguresTable,
    generatedData,
    killPulumiTree,
    MAX_ATTEMPTS,
    reliabilitySeed,
    requestFigures,
    rewritesSince,
    seconds,
    stateSummary,
    until,
    upOutcome,
    type RequestFigures,
    type RunOutcome,
} from "./harness";

const N = 50;

interface FaultCase {
    name: string;
    rules?: FaultRule[];
    emulator?: Partial<EmulatorOptions>;
    env?: Record<string, string>;
    /** Says how the figures prove the fault happened, or why they do not. */
    happened(f: RequestFigures, emulator: RunningEmulator): string | undefined;
}

const FAULTS: FaultCase[] = [
    {
        name: "429 storm: first 20 requests, Retry-After 1 s",
        rules: [{ kind: "throttle", count: 20, retryAfterSeconds: 1 }],
        happened: (f) => (f.faulted === 20 ? undefined : `expected 20 throttled answers, saw ${f.faulted}`),
    },
    {
        name: "429 storm: ARM token bucket, writes 5 burst + 5/s",
        emulator: { throttling: { writes: { burst: 5, refillPerSecond: 5 }, reads: { burst: 5, refillPerSecond: 5 } } },
        happened: (_f, e) => (e.counters().throttled > 0 ? undefined : "the bucket never throttled"),
    },
    {
        name: "MetadataResolverBadGatewayError burst: 25 PUTs",
        rules: [{ kind: "metadata-bad-gateway", method: "PUT", count: 25 }],
        happened: (f) => (f.faulted === 25 ? undefined : `expected 25 faults, saw ${f.faulted}`),
    },
    {
        name: "502 burst: 2 GETs, 25 PUTs",
        rules: [
            { kind: "status", status: 502, method: "GET", count: 2 },
            { kind: "status", status: 502, method: "PUT", count: 25 },
        ],
        happened: (f) => (f.faulted === 27 ? undefined : `expected 27 faults, saw ${f.faulted}`),
    },
    {
        name: "503 burst with Retry-After 1 s: 25 PUTs",
        rules: [{ kind: "status", status: 503, method: "PUT", count: 25, retryAfterSeconds: 1 }],
        happened: (f) => (f.faulted === 25 ? undefined : `expected 25 faults, saw ${f.faulted}`),
    },
    {
        name: "connection resets: 2 GETs, 25 PUTs",
        rules: [
            { kind: "reset", method: "GET", count: 2 },
            { kind: "reset", method: "PUT", count: 25 },
        ],
        happened: (f) => (f.faulted === 27 ? undefined : `expected 27 resets, saw ${f.faulted}`),
    },
    {
        name: "hanging PUTs (never answered), client timeout 2 s: 15 PUTs",
        rules: [{ kind: "hang", method: "PUT", count: 15 }],
        env: { AZURESTACK_MAPPINGS_REQUEST_TIMEOUT_SECONDS: "2" },
        happened: (f) => (f.faulted === 15 ? undefined : `expected 15 hung requests, saw ${f.faulted}`),
    },
    {
        // The write lands, its answer comes after the client gave up: the retry meets its own mapping (412
        // to the create-only PUT) and must recognise it instead of failing or writing twice.
        name: "PUT applied, answer 4 s late, client timeout 2 s: 15 PUTs",
        rules: [{ kind: "latency", method: "PUT", count: 15, latencyMs: 4000 }],
        env: { AZURESTACK_MAPPINGS_REQUEST_TIMEOUT_SECONDS: "2" },
        happened: (f) =>
            f.retries > 0 && f.preconditionFailed > 0
                ? undefined
                : `expected retries that met their own mapping (412), saw ${f.retries} retries and ${f.preconditionFailed} 412s`,
    },
    {
        // Tokens outlive few requests, and requests wait for the throttled write quota holding one. A request
        // that carries a token into its last moments is refused and retried once, with the token renewed at
        // half its lifetime; that one must outlive the retry's way to ARM even on a loaded 2-core machine:
        // with 2 s tokens (1 s left at worst) a second refusal made both runs fail now and then.
        name: "bearer token expiring mid-run: 4 s lifetime, writes 5 burst + 5/s",
        emulator: {
            tokenLifetimeSeconds: 4,
            throttling: { writes: { burst: 5, refillPerSecond: 5 }, reads: { burst: 250, refillPerSecond: 25 } },
        },
        happened: (f) => (f.tokenRequests >= 3 ? undefined : `expected the token to be renewed, saw ${f.tokenRequests} token request(s)`),
    },
];

describe("reliability: fault matrix through the real engine (N = 50 mappings)", function () {
    this.timeout(15 * 60_000);
    const table = new FiguresTable(`Fault matrix: root stack, ${N} mappings on 2 registrations, \`pulumi up\` through the real engine`);
    const data = generatedData(N);
    after(() => table.print());

    const up = upOutcome;

    /** After the runs: converged, bounded, and Pulumi itself sees no drift. */
    async function verify(emulator: RunningEmulator, stack: EngineStack, runs: RunOutcome[], figures: RequestFigures): Promise<void> {
        const problems = convergenceProblems(emulator, stack, data);
        expect(problems, `not converged after ${runs.length} run(s):\n${runs.map((r) => r.error ?? "ok").join("\n")}`).to.deep.equal([]);
        expect(runs.length).to.be.at.most(2, "at most one re-run");
        expect(runs[runs.length - 1].ok, runs[runs.length - 1].error).to.equal(true);
        expect(figures.maxAttemptsPerRequest).to.be.at.most(MAX_ATTEMPTS, "a request retried beyond its bound");
        emulator.setFaults([]);
        await stack.stack.preview({ refresh: true, expectNoChanges: true, onOutput: stack.onOutput });
        expect(emulatorMappings(emulator)).to.have.length(N);
    }

    for (const fault of FAULTS) {
        it(fault.name, async () => {
            const emulator = await startEmulator({
                seed: reliabilitySeed(),
                throttling: false,
                ...fault.emulator,
                faults: fault.rules ?? [],
            });
            const stack = new EngineStack(`fault-${slug(fault.name)}`);
            try {
                await stack.open({ ...emulator.clientEnv(), ...fault.env }, data);
                emulator.clearRequestLog();
                const runs = [await up(stack)];
                if (!runs[0].ok) {
                    // Said in the run's output; the table shows why the re-run was needed.
                    console.log(`first run of "${fault.name}" failed:\n${runs[0].error}`);
                    runs.push(await up(stack));
                }
                const log = emulator.requestLog();
                const figures = requestFigures(log);
                table.add(row(fault.name, runs, figures));
                await verify(emulator, stack, runs, figures);
                expect(fault.happened(figures, emulator)).to.equal(undefined);
            } finally {
                await stack.dispose();
                await emulator.stop();
            }
        });
    }

    it("pulumi up interrupted with Ctrl-C (SIGINT) after 20 writes, then `pulumi up` again", async () => {
        // Writes answer after 1 s, so several are in flight when the interrupt comes.
        const emulator = await startEmulator({
            seed: reliabilitySeed(),
            throttling: false,
            faults: [{ kind: "latency", method: "PUT", latencyMs: 1000 }],
        });
        const stack = new EngineStack("fault-sigint");
        try {
            await stack.open(emulator.clientEnv(), data);
            emulator.clearRequestLog();
            const controller = new AbortController();
            const first = up(stack, { signal: controller.signal });
            await until(() => emulatorMappings(emulator).length >= 20, "20 mappings written", first);
            controller.abort();
            const runs = [await first];
            expect(runs[0].ok, "the interrupted up must fail").to.equal(false);
            // Pulumi finishes the operations in flight and records them: nothing pending, nothing untracked.
            const afterInterrupt = convergenceProblems(emulator, stack, data);
            expect(afterInterrupt.filter((p) => !p.startsWith("LOST"))).to.deep.equal([]);
            const writtenAtInterrupt = emulatorMappings(emulator).length;
            runs.push(await up(stack));
            const figures = requestFigures(emulator.requestLog());
            table.add({
                ...row("`pulumi up` interrupted (Ctrl-C) after 20 writes", runs, figures),
                recovery: `none: re-run up (${writtenAtInterrupt}/${N} written, 0 pending at interrupt)`,
            });
            await verify(emulator, stack, runs, figures);
        } finally {
            await stack.dispose();
            await emulator.stop();
        }
    });

    it("pulumi up killed (SIGKILL of the CLI and the provider host) mid-write, then the documented recovery", async () => {
        // Writes are applied at once and answered after 1.5 s: at the kill, some mappings exist in Azure
        // whose creation Pulumi recorded only as pending.
        const emulator = await startEmulator({
            seed: reliabilitySeed(),
            throttling: false,
            faults: [{ kind: "latency", method: "PUT", latencyMs: 1500 }],
        });
        const stack = new EngineStack("fault-sigkill");
        try {
            await stack.open(emulator.clientEnv(), data);
            emulator.clearRequestLog();
            const first = up(stack);
            await until(() => emulatorMappings(emulator).length >= 20, "20 mappings written", first);
            const killed = killPulumiTree("up");
            const runs = [await first];
            expect(runs[0].ok).to.equal(false);
            expect(killed.killed.length, "the CLI and the provider host").to.be.at.least(2);
            emulator.setFaults([]);

            const atKill = stateSummary(stack);
            const untracked = convergenceProblems(emulator, stack, data).filter((p) => p.startsWith("UNTRACKED")).length;
            const recoveryStarted = Date.now();
            // 1. The file backend keeps the dead CLI's lock: `pulumi cancel` removes it.
            let repairedAttrs = false;
            const cancel = await stack.stack.cancel().then(
                () => undefined,
                (e) => errorSummary(e),
            );
            if (cancel !== undefined) {
                // 1b. A kill during a checkpoint write can leave the backend's metadata sidecar empty; the CLI
                // then fails with "failed to load checkpoint: EOF". The checkpoint itself is written by rename.
                expect(cancel).to.match(/failed to load checkpoint: EOF/);
                repairedAttrs = removeEmptyAttrs(stack.backendDir) > 0;
                expect(repairedAttrs, "an empty .attrs sidecar explains the EOF").to.equal(true);
                await stack.stack.cancel();
            }
            // 2. Drop the pending creates: the dynamic provider cannot import them (read gets no __provider).
            await stack.stack.refresh({ clearPendingCreates: true, onOutput: stack.onOutput });
            expect(stateSummary(stack).pendingOperations).to.deep.equal([]);
            // 3. `up` again: it adopts the mappings this stack wrote before dying (identical to the declaration),
            // without writing them again.
            const existedBeforeRerun = existingMappings(emulator);
            const rerunStartedAt = Date.now();
            runs.push(await up(stack));
            const recoveryMs = Date.now() - recoveryStarted;
            expect(
                rewritesSince(emulator, existedBeforeRerun, rerunStartedAt),
                "mappings that existed are adopted, not written again",
            ).to.deep.equal([]);

            const figures = requestFigures(emulator.requestLog());
            table.add({
                ...row("`pulumi up` killed (SIGKILL of CLI + provider host) after 20 writes", runs, figures),
                "wall time": `${seconds(runs[0].ms)} + recovery ${seconds(recoveryMs)}`,
                recovery:
                    `cancel${repairedAttrs ? " (+ empty .attrs removed)" : ""}, refresh --clear-pending-creates, ` +
                    `up, which adopts what was written (${atKill.pendingOperations.length} pending, ${untracked} written but untracked)`,
            });
            await verify(emulator, stack, runs, figures);
        } finally {
            await stack.dispose();
            await emulator.stop();
        }
    });

    it("with adoption turned off, the re-run after a kill refuses the untracked mappings instead of fighting over them", async () => {
        const emulator = await startEmulator({
            seed: reliabilitySeed(),
            throttling: false,
            faults: [{ kind: "latency", method: "PUT", latencyMs: 1500 }],
        });
        const stack = new EngineStack("fault-sigkill-plain");
        try {
            await stack.open(emulator.clientEnv(), data);
            const first = up(stack);
            await until(() => emulatorMappings(emulator).length >= 10, "10 mappings written", first);
            killPulumiTree("up");
            await first;
            emulator.setFaults([]);
            const untracked = convergenceProblems(emulator, stack, data).filter((p) => p.startsWith("UNTRACKED"));
            expect(untracked, "the kill left mappings written but not recorded").to.not.deep.equal([]);
            if (
                await stack.stack.cancel().then(
                    () => false,
                    () => true,
                )
            ) {
                removeEmptyAttrs(stack.backendDir);
                await stack.stack.cancel();
            }
            await stack.stack.refresh({ clearPendingCreates: true, onOutput: stack.onOutput });
            const before = emulatorMappings(emulator);
            emulator.clearRequestLog();
            stack.stack.workspace.envVars.AZURESTACK_MAPPINGS_ADOPT_EXISTING = "false";
            const rerun = await up(stack);
            delete stack.stack.workspace.envVars.AZURESTACK_MAPPINGS_ADOPT_EXISTING;
            expect(rerun.ok).to.equal(false);
            expect(rerun.error)
                .to.match(/MappingAlreadyExists/)
                .and.match(/AZURESTACK_MAPPINGS_ADOPT_EXISTING=true/);
            // Nothing was overwritten: every mapping that existed still maps the same tenant.
            for (const m of before) expect(emulatorMappings(emulator)).to.include(m);
        } finally {
            await stack.dispose();
            await emulator.stop();
        }
    });
});

function row(name: string, runs: RunOutcome[], f: RequestFigures): Record<string, string | number> {
    return {
        fault: name,
        runs: runs.map((r) => (r.ok ? "ok" : "failed")).join(", "),
        "ARM attempts": f.attempts,
        retries: f.retries,
        "max attempts/request": f.maxAttemptsPerRequest,
        "faulted answers": f.faulted,
        "401s": f.unauthorized,
        "token requests": f.tokenRequests,
        PUTs: f.puts,
        "412s": f.preconditionFailed,
        "wall time": runs.map((r) => seconds(r.ms)).join(" + "),
    };
}

function slug(name: string): string {
    return name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "")
        .slice(0, 40);
}

/** Removes zero-byte `*.attrs` sidecars of the file backend; returns how many. */
function removeEmptyAttrs(dir: string): number {
    let removed = 0;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) removed += removeEmptyAttrs(file);
        else if (entry.name.endsWith(".attrs") && statSync(file).size === 0) {
            rmSync(file);
            removed++;
        }
    }
    return removed;
}
