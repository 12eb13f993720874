/**
 * Teams and CI: one stack's state shared on Azure Blob Storage (Pulumi's `azblob://` backend, Azurite in
 * place of the storage account), several runners at once. Each runner is a separate checkout with its own
 * PULUMI_HOME and its own connection to the storage account, running the plain `pulumi` CLI on the root
 * project; they share nothing but the backend and Azure (the ARM emulator, in this process).
 *
 * 1. Two `pulumi up` of one stack at once: the second is refused with Pulumi's lock error, the first completes.
 * 2. A pull request's preview while another runner is in `up`: it completes and writes nothing.
 * 3. A runner killed in the middle of an `up` of 200 mappings: the README's recovery, run from another
 *    runner, converges without losing, duplicating or rewriting a mapping.
 * 4. The nightly drift workflow's steps from another runner: clean, then the drift named after a delete.
 * 5. A backend that cannot be used (unreachable, wrong key, missing container): a clear error naming the
 *    backend, never the key, and no request to Azure.
 * Runner A's `up` is the background the other runner acts against, so it runs with `--skip-preview` (the
 * preview inside `up` is half of its CPU); the commands under test run as the README and workflows write them.
 */
import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { CONFIG_NAMESPACE } from "../../program/stack";
import { PROJECT_ROOT } from "../../runner/engine";
import {
    AZURITE_ACCOUNT,
    AZURITE_KEY,
    azuriteBackendUrl,
    azuriteStorageEnv,
    startAzurite,
    type RunningAzurite,
} from "../../scripts/azurite";
import type { CommandResult } from "../support/processes";
import type { StackData } from "../support/engineStack";
import { C, T } from "../support/fixtures";
import {
    convergenceProblems,
    EAST,
    emulatorMappings,
    generatedData,
    reliabilitySeed,
    stampRef,
    stateSummary,
    until,
    WEST,
    type HasState,
} from "../reliability/harness";
import { Runner } from "./runner";
import { StorageTap } from "./storageTap";

const CONTAINER = "pulumi-state";
const PASSPHRASE = "team-suite-passphrase";
const PROJECT = CONFIG_NAMESPACE; // the project's name in Pulumi.yaml
const README = path.join(PROJECT_ROOT, "examples", "github-actions", "README.md");
const NIGHTLY = path.join(PROJECT_ROOT, "examples", "github-actions", "nightly-drift.yml");
/** The lock error's first words, as Pulumi prints them and the README quotes them. */
const LOCK_ERROR = "the stack is currently locked by 1 lock(s)";

const printed = (r: CommandResult) => `${r.stdout}\n${r.stderr}`;

/** The commands of the README's fenced ```sh block right below `heading`. */
function readmeCommands(heading: string): string[] {
    const text = readFileSync(README, "utf8");
    const at = text.indexOf(heading);
    if (at < 0) throw new Error(`examples/github-actions/README.md has no section "${heading}"`);
    const block = /```sh\n([\s\S]*?)```/.exec(text.slice(at));
    if (!block) throw new Error(`no \`\`\`sh block under "${heading}" in examples/github-actions/README.md`);
    return block[1]!
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "" && !l.startsWith("#"));
}

/** The `run:` script of a step of the nightly drift workflow, as written. */
function nightlyStep(name: string): string {
    const workflow = parseYaml(readFileSync(NIGHTLY, "utf8")) as {
        jobs: Record<string, { steps: Array<{ name?: string; run?: string }> }>;
    };
    const step = Object.values(workflow.jobs)
        .flatMap((j) => j.steps)
        .find((s) => s.name === name);
    if (!step?.run) throw new Error(`nightly-drift.yml has no step "${name}" with a run: script`);
    return step.run;
}

describe("team: one stack's state on Azure Blob Storage (Azurite), several runners at once", function () {
    this.timeout(10 * 60_000);
    let azurite: RunningAzurite;
    let emulator: RunningEmulator;
    const runners: Runner[] = [];
    const taps: StorageTap[] = [];

    const runnerEnv = (domain: string) => ({
        PULUMI_BACKEND_URL: azuriteBackendUrl(CONTAINER, domain),
        ...azuriteStorageEnv(),
        PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
        ...emulator.clientEnv(),
    });

    async function newRunner(name: string, env: (tap: StorageTap) => Record<string, string> = (tap) => runnerEnv(tap.domain)) {
        const tap = await new StorageTap(azurite.port).start();
        taps.push(tap);
        const runner = new Runner(name, env(tap));
        runners.push(runner);
        return { runner, tap };
    }

    /**
     * The stack's owner creates it once (`pulumi stack init`, which writes the passphrase's salt into
     * Pulumi.<stack>.yaml) and commits the stack config with the declared mappings: its text is returned.
     */
    async function createStack(stack: string, data: StackData): Promise<string> {
        const { runner } = await newRunner(`owner-${stack}`);
        const init = await runner.pulumi(["stack", "init", stack]);
        expect(init.code, printed(init)).to.equal(0);
        const { encryptionsalt } = parseYaml(runner.readFile(`Pulumi.${stack}.yaml`)) as { encryptionsalt: string };
        return stackConfig(encryptionsalt, data);
    }

    const stackConfig = (encryptionsalt: string, data: StackData) =>
        stringifyYaml({
            encryptionsalt,
            config: { [`${CONFIG_NAMESPACE}:registrations`]: data.registrations, [`${CONFIG_NAMESPACE}:tenants`]: data.tenants },
        });

    /** The stack's checkpoint, read from the storage account as any client of it would. */
    async function checkpoint(stack: string): Promise<HasState> {
        const text = (
            await azurite.container(CONTAINER).getBlobClient(`.pulumi/stacks/${PROJECT}/${stack}.json`).downloadToBuffer()
        ).toString("utf8");
        return { stateText: () => text };
    }

    async function lockBlobs(stack: string): Promise<string[]> {
        const names: string[] = [];
        for await (const blob of azurite.container(CONTAINER).listBlobsFlat({ prefix: ".pulumi/locks/" })) {
            if (blob.name.includes(`/${stack}/`)) names.push(blob.name);
        }
        return names;
    }

    /** Writes Azure accepted (throttled attempts are not writes). */
    const armWrites = () =>
        emulator.requestLog().filter((r) => r.kind === "arm" && (r.method === "PUT" || r.method === "DELETE") && r.status < 300);
    /**
     * Keeps runner A inside its `up` for as long as the other runner needs, without a timing guess: every PUT
     * is answered 429 (Retry-After 1 s) until the faults are cleared, and A's provider keeps waiting its turn
     * (`patient`: more throttle retries than the default 30, so a slow machine cannot make A give up).
     */
    const holdWrites = () => emulator.setFaults([{ kind: "throttle", method: "PUT", retryAfterSeconds: 1 }]);
    const throttledWrites = () => emulator.requestLog().filter((r) => r.method === "PUT" && r.status === 429).length;
    const patient = { AZURESTACK_MAPPINGS_MAX_THROTTLE_RETRIES: "600" };
    const mappingOf = (armPath: string) =>
        /registrations\/([^/]+)\/customerSubscriptions\/([^/?]+)/.exec(armPath)?.slice(1).join("|") ?? armPath;

    before(async () => {
        [azurite, emulator] = await Promise.all([startAzurite(), startEmulator({ seed: reliabilitySeed(100), throttling: false })]);
        // As on Azure: the container exists before anyone logs in (the backend does not create it).
        await azurite.createContainer(CONTAINER);
    });
    beforeEach(async () => {
        for (const name of [EAST, WEST]) {
            for (const m of emulator.state.mappings(stampRef(name))) await emulator.state.deleteMapping(stampRef(name), m.subscriptionId);
        }
        emulator.setFaults([]);
        emulator.clearRequestLog();
    });
    afterEach(() => {
        for (const runner of runners) runner.endLeftovers();
    });
    after(async () => {
        for (const runner of runners) runner.dispose();
        for (const tap of taps) await tap.stop();
        await emulator?.stop();
        await azurite?.stop();
    });

    it("1. runner B's `pulumi up` while runner A's is running is refused with the lock error; A completes, and state equals Azure", async () => {
        const data = generatedData(20, 1);
        const config = await createStack("lock", data);
        const a = await newRunner("a");
        const b = await newRunner("b");
        a.runner.checkout("lock", config);
        b.runner.checkout("lock", config);
        holdWrites();

        const upA = a.runner.start(["up", "--stack", "lock", "--yes", "--skip-preview"], patient);
        let aEnded = false;
        void upA.done.then(() => (aEnded = true));
        await until(() => throttledWrites() > 0, "runner A writing to Azure", upA.done);
        const upB = await b.runner.pulumi(["up", "--stack", "lock", "--yes"]);
        expect(aEnded, "A was still in its up when B was refused").to.equal(false);
        emulator.setFaults([]);
        const resultA = await upA.done;

        expect(upB.code, "B is refused").to.equal(1);
        expect(printed(upB)).to.include(LOCK_ERROR).and.include("pulumi cancel").and.include(`.pulumi/locks/`);
        expect(readFileSync(README, "utf8"), "the README quotes the lock error and says what to do").to.include(LOCK_ERROR);
        expect(b.tap.writes(), "the refused runner changed nothing in the storage account").to.deep.equal([]);
        expect(resultA.code, printed(resultA)).to.equal(0);

        const written = armWrites()
            .map((r) => mappingOf(r.path))
            .sort();
        expect(written, "every mapping written once, by A alone")
            .to.have.length(20)
            .and.deep.equal([...new Set(written)]);
        expect(convergenceProblems(emulator, await checkpoint("lock"), data)).to.deep.equal([]);
        expect(await lockBlobs("lock"), "A released its lock").to.deep.equal([]);
    });

    it("2. a pull request's preview on runner B while runner A is in `up` completes and writes nothing", async () => {
        const data = generatedData(20, 21);
        const config = await createStack("preview", data);
        // The pull request adds a tenant: its preview must show the create and not perform it.
        const proposed: StackData = structuredClone(data);
        proposed.tenants.t099 = { tenantId: T(99), customerSubscriptionId: C(99), stamps: ["east"] };
        const a = await newRunner("a");
        const b = await newRunner("b");
        a.runner.checkout("preview", config);
        b.runner.checkout("preview", stackConfig(parseYaml(config).encryptionsalt, proposed));
        holdWrites();

        const upA = a.runner.start(["up", "--stack", "preview", "--yes", "--skip-preview"], patient);
        let aEnded = false;
        void upA.done.then(() => (aEnded = true));
        await until(() => throttledWrites() > 0, "runner A writing to Azure", upA.done);
        // What pull-request.yml runs: `pulumi preview --stack <stack> --diff`.
        const preview = await b.runner.pulumi(["preview", "--stack", "preview", "--diff"]);
        expect(aEnded, "A was still in its up when the preview ended").to.equal(false);
        emulator.setFaults([]);
        const resultA = await upA.done;

        expect(preview.code, printed(preview)).to.equal(0);
        expect(preview.stdout).to.match(/\+ .*t099@east/);
        expect(b.tap.writes(), "the preview changed nothing in the storage account").to.deep.equal([]);
        expect(
            armWrites().filter((r) => r.path.endsWith(C(99))),
            "the proposed mapping was not created",
        ).to.deep.equal([]);
        expect(resultA.code, printed(resultA)).to.equal(0);
        const written = armWrites().map((r) => mappingOf(r.path));
        expect(written, "every write is one of A's mappings, each once").to.have.length(20);
        expect(new Set(written).size).to.equal(20);
        expect(convergenceProblems(emulator, await checkpoint("preview"), data)).to.deep.equal([]);
    });

    it("3. runner A killed mid-`up` of 200 mappings: the README's recovery from runner B converges, nothing lost, duplicated or written twice", async () => {
        const data = generatedData(200, 1);
        const config = await createStack("kill", data);
        const a = await newRunner("a");
        const b = await newRunner("b");
        a.runner.checkout("kill", config);
        b.runner.checkout("kill", config);
        // Writes are applied at once and answered 1.5 s later: at the kill some mappings exist in Azure whose
        // creation A recorded only as pending.
        emulator.setFaults([{ kind: "latency", method: "PUT", latencyMs: 1500 }]);

        const upA = a.runner.start(["up", "--stack", "kill", "--yes", "--skip-preview"]);
        await until(() => emulatorMappings(emulator).length >= 60, "60 mappings written by A", upA.done);
        const killed = a.runner.die();
        const resultA = await upA.done;
        emulator.setFaults([]);
        expect(resultA.code, "A died").to.not.equal(0);
        expect(killed, "the CLI and the processes below it").to.be.at.least(2);

        const atKill = stateSummary(await checkpoint("kill"));
        const inAzure = emulatorMappings(emulator);
        const writtenByA = new Set(inAzure.map((m) => m.split("=")[0]));
        const untracked = inAzure.filter((m) => !atKill.mappings.includes(m));
        expect(atKill.pendingOperations.length + untracked.length, "the kill left writes in flight").to.be.greaterThan(0);
        expect(inAzure.length, "A did not finish").to.be.lessThan(200);
        expect(await lockBlobs("kill"), "the dead runner's lock stays").to.have.length(1);

        // Without the recovery, B is refused by the dead runner's lock.
        const refused = await b.runner.pulumi(["up", "--stack", "kill", "--yes"]);
        expect(refused.code).to.not.equal(0);
        expect(printed(refused)).to.include(LOCK_ERROR);

        const recovery = readmeCommands("### Recovery after a runner dies");
        expect(recovery.map((l) => l.split(" ").slice(0, 2).join(" "))).to.deep.equal(["pulumi cancel", "pulumi refresh", "pulumi up"]);
        // By arrival time, not by position in the log: the emulator logs a request when its answer ends, and A's
        // last PUTs (applied at once, answered 1.5 s later to a dead client) can be logged after B has started.
        const recoveryStartedAt = Date.now();
        for (const line of recovery) {
            const result = await b.runner.bash(line, { PULUMI_STACK: "kill" });
            expect(result.code, `${line}\n${printed(result)}`).to.equal(0);
        }

        const rewritten = emulator
            .requestLog()
            .filter((r) => Date.parse(r.time) >= recoveryStartedAt)
            .filter((r) => r.kind === "arm" && r.method === "PUT" && writtenByA.has(mappingOf(r.path)));
        expect(
            rewritten.map((r) => r.path),
            "mappings A wrote are adopted, not written again",
        ).to.deep.equal([]);
        expect(convergenceProblems(emulator, await checkpoint("kill"), data), "0 lost, 0 duplicate, state = Azure").to.deep.equal([]);
        expect(emulatorMappings(emulator)).to.have.length(200);
        expect(await lockBlobs("kill")).to.deep.equal([]);
        console.log(
            `      killed A (${killed} processes) with ${inAzure.length} of 200 mappings in Azure: ${atKill.pendingOperations.length} ` +
                `pending in state, ${untracked.length} written but not recorded; recovered by B with ` +
                `${armWrites().length - inAzure.length} more PUTs`,
        );
    });

    it("4. the nightly drift workflow's steps on runner B after runner A's `up`: clean, then the drift named after an out-of-band delete", async () => {
        const data = generatedData(10, 41);
        const config = await createStack("drift", data);
        const a = await newRunner("a");
        const b = await newRunner("b");
        a.runner.checkout("drift", config);
        b.runner.checkout("drift", config);
        const up = await a.runner.pulumi(["up", "--stack", "drift", "--yes", "--skip-preview"]);
        expect(up.code, printed(up)).to.equal(0);

        const summary = path.join(b.runner.root, "step-summary.md");
        const nightly = async () => {
            writeFileSync(summary, "");
            const env = { PULUMI_STACK: "drift", GITHUB_STEP_SUMMARY: summary };
            const check = await b.runner.bash(nightlyStep("Drift check"), env);
            const undeclared = await b.runner.bash(nightlyStep("Undeclared mappings"), env);
            return { check, undeclared, report: b.runner.readFile("drift-report.md") };
        };

        emulator.clearRequestLog();
        const clean = await nightly();
        expect(clean.check.code, printed(clean.check)).to.equal(0);
        expect(clean.undeclared.code, printed(clean.undeclared)).to.equal(0);
        expect(clean.report).to.include("Tenant mapping drift: none");
        expect(armWrites(), "the drift check writes nothing to Azure").to.deep.equal([]);
        expect(b.tap.writes(), "nor to the storage account").to.deep.equal([]);

        await emulator.state.deleteMapping(stampRef(EAST), C(43)); // t043@east, behind Pulumi's back
        const drifted = await nightly();
        expect(drifted.check.code, "the step fails on drift").to.not.equal(0);
        expect(drifted.check.stdout).to.include("pulumi preview exited with 7, the drift report with 1");
        expect(drifted.report).to.include("t043@east");
        expect(drifted.report).to.not.include("t044@east");
        expect(readFileSync(summary, "utf8")).to.include("t043@east");
        expect(b.tap.writes()).to.deep.equal([]);
    });

    describe("5. a backend that cannot be used: a clear error naming the backend, never the key, and no request to Azure", () => {
        const WRONG_KEY = randomBytes(64).toString("base64");
        const cases: Array<{ name: string; domain: () => Promise<string>; container?: string; key?: string; says: RegExp }> = [
            { name: "Azurite unreachable", domain: async () => `127.0.0.1:${await closedPort()}`, says: /connect: connection refused/ },
            {
                name: "a wrong storage key",
                domain: async () => `127.0.0.1:${azurite.port}`,
                key: WRONG_KEY,
                says: /RESPONSE 403.*\s+ERROR CODE: AuthorizationFailure/,
            },
            {
                name: "a missing container",
                domain: async () => `127.0.0.1:${azurite.port}`,
                container: "no-such-container",
                says: /RESPONSE 404.*\s+ERROR CODE: ContainerNotFound/,
            },
        ];

        for (const c of cases) {
            it(c.name, async () => {
                const domain = await c.domain();
                const container = c.container ?? CONTAINER;
                const { runner } = await newRunner(`broken-${c.name.replace(/\W+/g, "-")}`, () => ({
                    ...runnerEnv(domain),
                    PULUMI_BACKEND_URL: azuriteBackendUrl(container, domain),
                    ...(c.key ? { AZURE_STORAGE_KEY: c.key } : {}),
                }));
                runner.checkout(
                    "broken",
                    stackConfig("v1:AAAAAAAAAAA=:v1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", generatedData(2, 1)),
                );
                emulator.clearRequestLog();
                const result = await runner.pulumi(["up", "--stack", "broken", "--yes"]);
                const text = printed(result);
                expect(result.code, text).to.equal(1);
                expect(text).to.match(c.says);
                // Pulumi names the blob it tried, so the storage account's endpoint and the container.
                expect(text, "names the backend's endpoint and container").to.include(`http://${domain}/${AZURITE_ACCOUNT}/${container}`);
                for (const key of [AZURITE_KEY, WRONG_KEY]) expect(text, "never prints a storage key").to.not.include(key);
                expect(emulator.requestLog(), "no request to Azure").to.deep.equal([]);
            });
        }
    });
});

/** A loopback port nothing listens on: bound, then released. */
function closedPort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.on("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}
