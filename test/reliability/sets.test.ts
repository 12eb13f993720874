/**
 * The fault matrix's set cases: the root stack with both registrations held as sets (`set: true`), N = 100 generated
 * mappings (two sets of 50), `pulumi up` through the real engine against the emulator while it injects a fault. As
 * for single mappings, each case must converge after at most one re-run (emulator = declared = state, nothing lost,
 * duplicated, stray or pending) with every request's attempts bounded; and a set adds its own promises: a failed entry
 * is named with its code, no entry is written twice, and state records exactly what was applied.
 */
import { expect } from "chai";
import { startEmulator, type EmulatorSeed, type RunningEmulator } from "../../emulator";
import { EngineStack } from "../support/engineStack";
import { OTHER_PARTNER_SUB, T } from "../support/fixtures";
import {
    asSets,
    convergenceProblems,
    emulatorMappings,
    existingMappings,
    FiguresTable,
    generatedData,
    killPulumiTree,
    MAX_ATTEMPTS,
    reliabilitySeed,
    requestFigures,
    rewritesSince,
    seconds,
    until,
    upOutcome,
    type RunOutcome,
} from "./harness";

const N = 100;

describe("reliability: fault matrix for registration sets (N = 100 mappings, two sets)", function () {
    this.timeout(15 * 60_000);
    const table = new FiguresTable(`Fault matrix: root stack as two sets of ${N / 2} mappings, \`pulumi up\` through the real engine`);
    const data = asSets(generatedData(N));
    after(() => table.print());

    const up = upOutcome;

    /** Successful PUTs per mapping path: none may be written twice. */
    function writtenTwice(emulator: RunningEmulator): string[] {
        const puts = emulator.requestLog().filter((r) => r.kind === "arm" && r.method === "PUT" && r.status < 300);
        const counts = new Map<string, number>();
        for (const r of puts) counts.set(r.path.toLowerCase(), (counts.get(r.path.toLowerCase()) ?? 0) + 1);
        return [...counts].filter(([, n]) => n > 1).map(([p]) => p);
    }

    async function verify(emulator: RunningEmulator, stack: EngineStack, runs: RunOutcome[], expected = data): Promise<void> {
        expect(convergenceProblems(emulator, stack, expected), runs.map((r) => r.error ?? "ok").join("\n")).to.deep.equal([]);
        expect(runs.length).to.be.at.most(2, "at most one re-run");
        expect(runs[runs.length - 1].ok, runs[runs.length - 1].error).to.equal(true);
        expect(requestFigures(emulator.requestLog()).maxAttemptsPerRequest).to.be.at.most(MAX_ATTEMPTS);
        expect(writtenTwice(emulator), "no entry written twice").to.deep.equal([]);
        emulator.setFaults([]);
        await stack.stack.preview({ refresh: true, expectNoChanges: true, onOutput: stack.onOutput });
    }

    async function withStack(
        name: string,
        seed: EmulatorSeed,
        options: Parameters<typeof startEmulator>[0],
        fn: (emulator: RunningEmulator, stack: EngineStack) => Promise<void>,
    ): Promise<void> {
        const emulator = await startEmulator({ seed, throttling: false, ...options });
        const stack = new EngineStack(`sets-${name}`);
        try {
            await stack.open(emulator.clientEnv(), data);
            emulator.clearRequestLog();
            await fn(emulator, stack);
        } finally {
            await stack.dispose();
            await emulator.stop();
        }
    }

    const row = (fault: string, runs: RunOutcome[], emulator: RunningEmulator, recovery = "re-run up") => {
        const f = requestFigures(emulator.requestLog());
        table.add({
            fault,
            runs: runs.map((r) => (r.ok ? "ok" : "failed")).join(", "),
            "ARM attempts": f.attempts,
            retries: f.retries,
            "max attempts/request": f.maxAttemptsPerRequest,
            "faulted answers": f.faulted,
            PUTs: f.puts,
            "wall time": runs.map((r) => seconds(r.ms)).join(" + "),
            recovery,
        });
    };

    it("a documented error for one subscription: that entry named with its code, the others applied and kept; fixed, the next up converges", async () => {
        const seed = reliabilitySeed();
        seed.customerSubscriptions!.push({ id: OTHER_PARTNER_SUB, cspPartner: "partner-fabrikam-csp", isCsp: true } as never);
        const bad = structuredClone(data);
        bad.tenants.intruder = { tenantId: T(99), customerSubscriptionId: OTHER_PARTNER_SUB, stamps: ["east"] };
        await withStack("documented-error", seed, {}, async (emulator, stack) => {
            await stack.setData(bad);
            const runs = [await up(stack)];
            expect(runs[0].ok).to.equal(false);
            expect(runs[0].error)
                .to.match(/SetEntriesFailed: 1 of 51 mapping\(s\) of registration 'azurestack-rel-east' failed/)
                .and.include(`- ${OTHER_PARTNER_SUB}: BadCustomerSubscriptionId: `);
            // Everything else was applied and is in state; the failed entry is neither in Azure nor in state.
            expect(convergenceProblems(emulator, stack, data)).to.deep.equal([]);
            const east = JSON.parse(stack.stateText()).checkpoint.latest.resources.find((r: { urn: string }) => r.urn.endsWith("::east"));
            expect(east.outputs.failedEntries).to.deep.equal({ [OTHER_PARTNER_SUB]: "BadCustomerSubscriptionId" });
            await stack.setData(data);
            runs.push(await up(stack));
            row("BadCustomerSubscriptionId for one subscription, then the data fixed", runs, emulator, "fix the data, re-run up");
            await verify(emulator, stack, runs);
        });
    });

    it("429 storm: ARM's token bucket, writes 5 burst + 5/s, converges in one run", async () => {
        await withStack(
            "bucket",
            reliabilitySeed(),
            { throttling: { writes: { burst: 5, refillPerSecond: 5 }, reads: { burst: 5, refillPerSecond: 5 } } },
            async (emulator, stack) => {
                const runs = [await up(stack)];
                expect(emulator.counters().throttled, "the bucket throttled").to.be.greaterThan(0);
                row("429 storm: writes 5 burst + 5/s", runs, emulator);
                await verify(emulator, stack, runs);
            },
        );
    });

    it("429 storm: the first 20 requests, Retry-After 1 s", async () => {
        await withStack(
            "throttle-20",
            reliabilitySeed(),
            { faults: [{ kind: "throttle", count: 20, retryAfterSeconds: 1 }] },
            async (emulator, stack) => {
                const runs = [await up(stack)];
                expect(requestFigures(emulator.requestLog()).faulted).to.equal(20);
                row("429 storm: first 20 requests, Retry-After 1 s", runs, emulator);
                await verify(emulator, stack, runs);
            },
        );
    });

    it("pulumi up interrupted with Ctrl-C (SIGINT) after 20 writes: the sets finish what they started, nothing is left untracked", async () => {
        await withStack(
            "sigint",
            reliabilitySeed(),
            { faults: [{ kind: "latency", method: "PUT", latencyMs: 300 }] },
            async (emulator, stack) => {
                const controller = new AbortController();
                const first = up(stack, { signal: controller.signal });
                await until(() => emulatorMappings(emulator).length >= 20, "20 mappings written", first);
                controller.abort();
                const runs = [await first];
                // The engine waits for the steps in flight: each set's create, which applies all its entries.
                expect(convergenceProblems(emulator, stack, data).filter((p) => !p.startsWith("LOST"))).to.deep.equal([]);
                const written = emulatorMappings(emulator).length;
                if (!runs[0].ok || written < N) runs.push(await up(stack));
                row(
                    "`pulumi up` interrupted (Ctrl-C) after 20 writes",
                    runs,
                    emulator,
                    `${written}/${N} written at the interrupt, none untracked`,
                );
                await verify(emulator, stack, runs);
            },
        );
    });

    it("pulumi up killed (SIGKILL of the CLI and the provider host) mid-write: the documented recovery adopts what was written", async () => {
        await withStack(
            "sigkill",
            reliabilitySeed(),
            { faults: [{ kind: "latency", method: "PUT", latencyMs: 1500 }] },
            async (emulator, stack) => {
                const first = up(stack);
                await until(() => emulatorMappings(emulator).length >= 20, "20 mappings written", first);
                killPulumiTree("up");
                const runs = [await first];
                expect(runs[0].ok).to.equal(false);
                emulator.setFaults([]);
                const untracked = convergenceProblems(emulator, stack, data).filter((p) => p.startsWith("UNTRACKED")).length;
                expect(untracked, "the kill left entries written but not in state").to.be.greaterThan(0);
                // The documented recovery (docs/reliability.md): the dead CLI's lock, then the pending creates.
                await stack.stack.cancel().catch(() => undefined);
                await stack.stack.refresh({ clearPendingCreates: true, onOutput: stack.onOutput });
                const existed = existingMappings(emulator);
                const rerunStarted = Date.now();
                runs.push(await up(stack));
                expect(
                    rewritesSince(emulator, existed, rerunStarted),
                    "entries written before the kill are adopted, not written again",
                ).to.deep.equal([]);
                row(
                    "`pulumi up` killed (SIGKILL) after 20 writes",
                    runs,
                    emulator,
                    `cancel, refresh --clear-pending-creates, up (${untracked} written but untracked)`,
                );
                await verify(emulator, stack, runs);
            },
        );
    });
});
