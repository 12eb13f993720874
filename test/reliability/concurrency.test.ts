/**
 * Concurrency and safety. Stacks that run at the same time run in separate processes (stackProcess.ts):
 * two inline programs in one Node process would share Pulumi's global runtime state, and two real users
 * run two CLIs anyway.
 *
 * - Two stacks managing different mappings of the same registrations, in parallel: both converge, through
 *   creates, updates and deletes, under ARM's write throttling shared by both.
 * - Two stacks declaring the same mapping: the second is told (MappingAlreadyExists at preview, or from
 *   the create-only PUT when both race), never silently fighting over it.
 * - Two stacks giving one tenant two subscriptions at the same time (a known limit): Azure keeps one, and
 *   the other stack's drift check says so.
 * - The tenant-overwrite guard holds under parallel creates in one `up` (TenantMappedTwiceInProgram).
 * - Renaming a tenant key (a replace with the same ARM id) keeps the mapping.
 * - A mapping removed by hand comes back with its tenant on `up --refresh`; one whose tenant was re-mapped
 *   by hand meanwhile is refused, not overwritten.
 */
import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { C, T } from "../support/fixtures";
import { EngineStack, expectCliFailure, type StackData } from "../support/engineStack";
import {
    convergenceProblems,
    declaredMappings,
    EAST,
    emulatorMappings,
    FiguresTable,
    generatedData,
    reliabilitySeed,
    requestFigures,
    seconds,
    stampRef,
    stateSummary,
    until,
    WEST,
} from "./harness";
import { ProcessStack } from "./stackProcess";

describe("reliability: concurrency and safety", function () {
    this.timeout(15 * 60_000);
    let emulator: RunningEmulator;
    const engineStacks: EngineStack[] = [];
    const processStacks: ProcessStack[] = [];
    const processStack = (name: string) => {
        const stack = new ProcessStack(name);
        processStacks.push(stack);
        return stack;
    };
    const table = new FiguresTable("Concurrency and safety: outcomes");

    const clearMappings = async () => {
        for (const name of [EAST, WEST]) {
            for (const m of emulator.state.mappings(stampRef(name))) await emulator.state.deleteMapping(stampRef(name), m.subscriptionId);
        }
    };
    const union = (...lists: string[][]) => [...new Set(lists.flat())].sort();
    const tenants = (data: StackData, keep: (key: string) => boolean): StackData => ({
        ...data,
        tenants: Object.fromEntries(Object.entries(data.tenants).filter(([k]) => keep(k))),
    });

    before(async () => {
        emulator = await startEmulator({ seed: reliabilitySeed(), throttling: { writes: { burst: 10, refillPerSecond: 5 } } });
    });
    beforeEach(async () => {
        await clearMappings();
        emulator.clearRequestLog();
        emulator.resetCounters();
    });
    after(async () => {
        table.print();
        for (const stack of engineStacks) await stack.dispose();
        for (const stack of processStacks) stack.dispose();
        await emulator?.stop();
    });

    it("two stacks with different mappings of the same registrations, in parallel: both converge (create, update, delete)", async () => {
        const a = processStack("conc-a");
        const b = processStack("conc-b");
        let dataA = generatedData(20, 1); // t001..t010 on east and west
        let dataB = generatedData(20, 11); // t011..t020
        const rounds: string[] = [];
        const round = async (label: string) => {
            const started = Date.now();
            const [ra, rb] = await Promise.all([
                a.run(emulator.clientEnv(), { data: dataA, command: "up" }),
                b.run(emulator.clientEnv(), { data: dataB, command: "up" }),
            ]);
            expect(ra.ok, ra.error).to.equal(true);
            expect(rb.ok, rb.error).to.equal(true);
            expect(emulatorMappings(emulator)).to.deep.equal(union(declaredMappings(dataA), declaredMappings(dataB)));
            expect(stateSummary(a).mappings).to.deep.equal(declaredMappings(dataA));
            expect(stateSummary(b).mappings).to.deep.equal(declaredMappings(dataB));
            expect([...stateSummary(a).pendingOperations, ...stateSummary(b).pendingOperations]).to.deep.equal([]);
            rounds.push(`${label} ${seconds(Date.now() - started)}`);
        };
        await round("create 20 + 20:");
        // A changes three tenants (6 updates); B drops two tenants (4 deletes) and adds two (3 creates).
        dataA = structuredClone(dataA);
        for (const key of ["t001", "t002", "t003"]) dataA.tenants[key].tenantId = T(Number(key.slice(1)) + 50);
        dataB = tenants(dataB, (k) => k !== "t011" && k !== "t012");
        dataB.tenants.t021 = { tenantId: T(21), customerSubscriptionId: C(21), stamps: ["east", "west"] };
        dataB.tenants.t022 = { tenantId: T(22), customerSubscriptionId: C(22), stamps: ["east"] };
        await round("update 6 + delete 4, create 3:");
        dataA = tenants(dataA, () => false);
        dataB = tenants(dataB, () => false);
        await round("delete all:");
        expect(emulatorMappings(emulator)).to.deep.equal([]);
        const f = requestFigures(emulator.requestLog());
        table.add({
            case: "2 stacks, different mappings, same registrations, in parallel",
            outcome: "both converged, 3 rounds",
            PUTs: f.puts,
            "429s": emulator.counters().throttled,
            "wall time": rounds.join("; "),
        });
    });

    // Stacks that may declare each other's mappings turn adoption off (it is on by default, to take over
    // hand-made mappings): then a second stack is told instead of silently sharing the mapping.
    const strictEnv = () => ({ ...emulator.clientEnv(), AZURESTACK_MAPPINGS_ADOPT_EXISTING: "false" });

    it("with adoption off, a stack declaring a mapping another stack manages is told at preview, and changes nothing", async () => {
        const a = processStack("same-a");
        const b = processStack("same-b");
        const data = generatedData(4, 30);
        expect((await a.run(strictEnv(), { data, command: "up" })).ok).to.equal(true);
        const before = emulator.state.mappings(stampRef(EAST)).map((m) => `${m.subscriptionId}=${m.tenantId}@${m.etag}`);
        emulator.clearRequestLog();
        const preview = await b.run(strictEnv(), { data, command: "preview" });
        expect(preview.ok).to.equal(false);
        expect(preview.error)
            .to.match(/MappingAlreadyExists/)
            .and.match(/adoptExisting: true/);
        const up = await b.run(strictEnv(), { data, command: "up" });
        expect(up.ok).to.equal(false);
        expect(up.error).to.match(/MappingAlreadyExists/);
        // The same subscription declared with another tenant: told too, with what it would overwrite. Declared
        // alone, so the engine's stop at the first failing check cannot hide this failure behind the others.
        const other = tenants(structuredClone(data), (k) => k === "t030");
        other.tenants.t030.tenantId = T(77);
        const repoint = await b.run(strictEnv(), { data: other, command: "preview" });
        expect(repoint.error)
            .to.match(/SubscriptionAlreadyMapped/)
            .and.include(T(30));
        expect(requestFigures(emulator.requestLog()).puts, "the second stack wrote nothing").to.equal(0);
        expect(emulator.state.mappings(stampRef(EAST)).map((m) => `${m.subscriptionId}=${m.tenantId}@${m.etag}`)).to.deep.equal(before);
        expect(stateSummary(b).mappings).to.deep.equal([]);
        table.add({
            case: "2nd stack declares mappings the 1st manages (adoption off)",
            outcome: "told at preview (MappingAlreadyExists, SubscriptionAlreadyMapped)",
            PUTs: 0,
            "429s": "-",
            "wall time": "-",
        });
    });

    it("with adoption off, two stacks racing to create the same mappings: no mapping ends up in both states, and the stack that lost one is told", async () => {
        // Both previews pass before either stack writes: every PUT is throttled (429, Retry-After 1 s) until
        // both have listed the registrations' mappings, then both write at once. Throttled attempts make
        // every loser's PUT a retry, which must not be mistaken for its own earlier write.
        const a = processStack("race-a");
        const b = processStack("race-b");
        const data = generatedData(20, 40);
        emulator.setFaults([{ kind: "throttle", method: "PUT", retryAfterSeconds: 1 }]);
        const lists = () => emulator.requestLog().filter((r) => r.method === "GET" && r.path.endsWith("/customerSubscriptions")).length;
        const started = Date.now();
        const runA = a.run(strictEnv(), { data, command: "up" });
        await until(() => lists() >= 2, "stack A's preflight", runA);
        const runB = b.run(strictEnv(), { data, command: "up" });
        await until(() => lists() >= 4, "stack B's preflight", runB);
        emulator.setFaults([]);
        const [ra, rb] = await Promise.all([runA, runB]);
        const declared = declaredMappings(data);
        const inA = stateSummary(a).mappings;
        const inB = stateSummary(b).mappings;
        expect(
            inA.filter((m) => inB.includes(m)),
            "mappings both stacks believe they manage",
        ).to.deep.equal([]);
        expect(emulatorMappings(emulator)).to.deep.equal(declared.filter((m) => inA.includes(m) || inB.includes(m)).sort());
        for (const [outcome, held] of [
            [ra, inA],
            [rb, inB],
        ] as const) {
            if (held.length < declared.length)
                expect(outcome.error, "the stack that lost a mapping is told").to.match(/MappingAlreadyExists/);
        }
        const f = requestFigures(emulator.requestLog());
        table.add({
            case: "2 stacks race to create the same 20 mappings (both previews pass first; adoption off)",
            outcome: `A holds ${inA.length}, B ${inB.length}, none in both; the other told MappingAlreadyExists (${f.preconditionFailed} PUTs refused with 412)`,
            PUTs: f.puts,
            "429s": emulator.counters().throttled,
            "wall time": seconds(Date.now() - started),
        });
        expect(f.preconditionFailed, "the race happened: some create-only PUTs met the other stack's mapping").to.be.greaterThan(0);
    });

    it("two stacks giving one tenant two subscriptions at the same time: Azure keeps one, and the other stack's drift check says so", async () => {
        // A known limit, measured: no condition on a PUT covers another mapping, and Azure keeps one subscription
        // per tenant, so the later PUT displaces the earlier one. The guard cannot see it coming when both
        // previews pass first; the displaced stack's `pulumi preview --refresh --expect-no-changes` flags it.
        const a = processStack("tenant-race-a");
        const b = processStack("tenant-race-b");
        const dataA: StackData = {
            ...generatedData(2, 1),
            tenants: { shared: { tenantId: T(90), customerSubscriptionId: C(71), stamps: ["east"] } },
        };
        const dataB: StackData = {
            ...generatedData(2, 1),
            tenants: { shared: { tenantId: T(90), customerSubscriptionId: C(72), stamps: ["east"] } },
        };
        emulator.setFaults([{ kind: "throttle", method: "PUT", retryAfterSeconds: 1 }]);
        const lists = () => emulator.requestLog().filter((r) => r.method === "GET" && r.path.endsWith("/customerSubscriptions")).length;
        const runA = a.run(emulator.clientEnv(), { data: dataA, command: "up" });
        await until(() => lists() >= 1, "stack A's preflight", runA);
        const runB = b.run(emulator.clientEnv(), { data: dataB, command: "up" });
        await until(() => lists() >= 2, "stack B's preflight", runB);
        emulator.setFaults([]);
        const [ra, rb] = await Promise.all([runA, runB]);
        expect([ra.ok, rb.ok]).to.deep.equal([true, true]);
        const held = emulatorMappings(emulator, [EAST]);
        expect(held, "Azure keeps one subscription per tenant").to.have.length(1);
        const displaced = held[0].includes(C(71)) ? b : a;
        const drift = await displaced.run(emulator.clientEnv(), {
            data: displaced === a ? dataA : dataB,
            command: "preview",
            refresh: true,
            expectNoChanges: true,
        });
        expect(drift.ok, "the displaced stack's drift check fails").to.equal(false);
        const kept = await (displaced === a ? b : a).run(emulator.clientEnv(), {
            data: displaced === a ? dataB : dataA,
            command: "preview",
            refresh: true,
            expectNoChanges: true,
        });
        expect(kept.ok, kept.error).to.equal(true);
        table.add({
            case: "2 stacks map one tenant to 2 subscriptions at once (both previews pass first)",
            outcome: "known limit: Azure keeps the later PUT; the displaced stack's preview --refresh --expect-no-changes fails (drift)",
            PUTs: requestFigures(emulator.requestLog()).puts,
            "429s": emulator.counters().throttled,
            "wall time": "-",
        });
    });

    it("the tenant-overwrite guard holds under parallel creates in one up (TenantMappedTwiceInProgram)", async () => {
        // 50 mappings created 8 at a time, and twice in them a tenant declared with two subscriptions.
        const data = generatedData(50, 1);
        data.tenants.twinA = { tenantId: T(60), customerSubscriptionId: C(60), stamps: ["east"] };
        data.tenants.twinB = { tenantId: T(60), customerSubscriptionId: C(61), stamps: ["east"] };
        data.tenants.twinC = { tenantId: T(62), customerSubscriptionId: C(62), stamps: ["west"] };
        data.tenants.twinD = { tenantId: T(62), customerSubscriptionId: C(63), stamps: ["west"] };
        const stack = await new EngineStack("guard-parallel").open(emulator.clientEnv(), data);
        engineStacks.push(stack);
        const started = Date.now();
        const failure = await expectCliFailure(() => stack.stack.up({ parallel: 16, onOutput: stack.onOutput }));
        expect(failure.output).to.match(/TenantMappedTwiceInProgram/);
        const puts = emulator.requestLog().filter((r) => r.kind === "arm" && r.method === "PUT");
        for (const [first, second] of [
            [C(60), C(61)],
            [C(62), C(63)],
        ]) {
            const written = puts.filter((r) => r.path.endsWith(first) || r.path.endsWith(second)).map((r) => r.path.split("/").pop());
            expect(new Set(written).size, `both subscriptions of one tenant were written: ${written}`).to.be.at.most(1);
        }
        const problems = convergenceProblems(emulator, stack, data);
        // The run stopped early (LOST is expected); nothing may be untracked, phantom, duplicated or pending.
        expect(problems.filter((p) => !p.startsWith("LOST"))).to.deep.equal([]);
        for (const tenant of [T(60), T(62)]) {
            expect(emulatorMappings(emulator).filter((m) => m.endsWith(`=${tenant}`)).length).to.be.at.most(1);
        }
        const firstRun = emulatorMappings(emulator).length;
        // Fixed data: one subscription per tenant, keeping the twin that was created, if any. The next up converges.
        const created = stateSummary(stack).mappings;
        const holds = (sub: string) => created.some((m) => m.includes(`|${sub}=`));
        const drop = [holds(C(61)) ? "twinA" : "twinB", holds(C(63)) ? "twinC" : "twinD"];
        const fixed = tenants(data, (k) => !drop.includes(k));
        await stack.setData(fixed);
        await stack.stack.up({ parallel: 16, onOutput: stack.onOutput });
        expect(convergenceProblems(emulator, stack, fixed)).to.deep.equal([]);
        table.add({
            case: "one up, 54 mappings at parallel 16, 2 tenants declared twice",
            outcome: `refused (TenantMappedTwiceInProgram), ${firstRun} created before the stop, no twin written; fixed data converged`,
            PUTs: requestFigures(emulator.requestLog()).puts,
            "429s": emulator.counters().throttled,
            "wall time": seconds(Date.now() - started),
        });
    });

    it("renaming a tenant key keeps its mappings: the new resources adopt them, the old ones leave state without deleting them", async () => {
        const data = generatedData(4, 1);
        const stack = await new EngineStack("rename-key").open(emulator.clientEnv(), data);
        engineStacks.push(stack);
        await stack.stack.up({ onOutput: stack.onOutput });
        const before = emulatorMappings(emulator);
        const renamed = tenants(data, (k) => k !== "t001");
        renamed.tenants.contoso = { ...data.tenants.t001 };
        await stack.setData(renamed);
        emulator.clearRequestLog();
        const up = await stack.stack.up({ onOutput: stack.onOutput });
        expect(up.stdout).to.match(/adopted customer subscription .* without writing to it\. \(\/subscriptions\/.*customerSubscriptions\//);
        expect(
            emulator.requestLog().filter((r) => r.method === "PUT" || r.method === "DELETE"),
            "no write at all",
        ).to.deep.equal([]);
        expect(emulatorMappings(emulator)).to.deep.equal(before);
        expect(convergenceProblems(emulator, stack, renamed)).to.deep.equal([]);
        expect(stateSummary(stack).ids.length).to.equal(4);
        table.add({
            case: "tenant key renamed (t001 -> contoso, both stamps)",
            outcome: "adopted by the new resources without a write; old resources left state without a DELETE; mappings kept",
            PUTs: requestFigures(emulator.requestLog()).puts,
            "429s": "-",
            "wall time": "-",
        });
    });

    it("a mapping removed by hand comes back with its tenant on up --refresh; one re-mapped by hand meanwhile is refused", async () => {
        const data = generatedData(10, 1);
        const stack = await new EngineStack("removed-by-hand").open(emulator.clientEnv(), data);
        engineStacks.push(stack);
        await stack.stack.up({ onOutput: stack.onOutput });
        await emulator.state.deleteMapping(stampRef(EAST), C(3));

        // Plain `up` trusts state: nothing changes (documented: use --refresh or a drift check).
        await stack.stack.up({ onOutput: stack.onOutput });
        expect(emulator.state.mapping(stampRef(EAST), C(3))).to.equal(undefined);
        const drift = await expectCliFailure(() => stack.stack.preview({ refresh: true, expectNoChanges: true, onOutput: stack.onOutput }));
        expect(drift.output).to.include("t003@east");

        emulator.clearRequestLog();
        await stack.stack.up({ refresh: true, onOutput: stack.onOutput });
        expect(emulator.state.mapping(stampRef(EAST), C(3))?.tenantId).to.equal(T(3));
        expect(convergenceProblems(emulator, stack, data)).to.deep.equal([]);
        const puts = requestFigures(emulator.requestLog()).puts;

        // Removed by hand, and the tenant mapped by hand to another subscription meanwhile: refused, kept.
        await emulator.state.deleteMapping(stampRef(WEST), C(4));
        await emulator.state.putMapping(stampRef(WEST), C(70), T(4));
        const refused = await expectCliFailure(() => stack.stack.up({ refresh: true, onOutput: stack.onOutput }));
        expect(refused.output)
            .to.match(/TenantAlreadyMapped/)
            .and.include(C(70));
        expect(emulator.state.mapping(stampRef(WEST), C(70))?.tenantId).to.equal(T(4));
        expect(emulator.state.mapping(stampRef(WEST), C(4))).to.equal(undefined);
        table.add({
            case: "mapping removed by hand, then up --refresh",
            outcome:
                `plain up: no change (drift check flags it); up --refresh: re-created with tenant ${T(3).slice(-4)} (${puts} PUT); ` +
                "tenant re-mapped by hand meanwhile: refused (TenantAlreadyMapped), nothing overwritten",
            PUTs: puts,
            "429s": "-",
            "wall time": "-",
        });
    });
});
