/**
 * Registration sets with the plain `pulumi` CLI against the emulator: examples/registration-set from its own directory
 * (the Node.js language host runs its index.ts), and the root stack with `set` in its registrations' config.
 * - `pulumi preview --diff` names exactly the entries that change, not the ones that stay;
 * - one re-pointed tenant is one PUT; a drift check lists the registration (pages + 1 request) and writes nothing;
 * - undeclared mappings: warn (the warning, and `azs-mappings drift-report` exits 1 on them), fail (the preview fails),
 *   remove (preview --diff shows them, `up` deletes them);
 * - migration from single mappings to sets and back, with no PUT and no DELETE (the emulator's request log).
 * The `up`s run with `--skip-preview`: what they are checked for is the update (its writes, the state), each
 * preview that matters is a `pulumi preview` of its own, and the preview inside `up` is half of its CPU.
 */
import { expect } from "chai";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { PROJECT_ROOT } from "../../runner/engine";
import { CONFIG_NAMESPACE } from "../../program/declarations";
import {
    C,
    EXISTING_SUB,
    providerSuiteSeed,
    REGISTRATION_SUBSCRIPTION,
    registrationId,
    RG,
    STAMP1,
    STAMP2,
    T,
    twoStampStackData,
} from "../support/fixtures";
import { CliProject, ExampleStack, rootStackConfig } from "../support/cliProject";
import type { CommandResult } from "../support/processes";
import { codeBlocks, section } from "../user/readme";

const EXAMPLE = path.join(PROJECT_ROOT, "examples", "registration-set");
const FIXTURES = path.join(PROJECT_ROOT, "test", "unit", "fixtures");

/** CAPTURE_PREVIEW_JSON=1 keeps a preview's JSON for the unit tests of `azs-mappings drift-report` (test/unit/setDrift.test.ts). */
function capture(stack: ExampleStack, file: string, name: string): void {
    if (process.env.CAPTURE_PREVIEW_JSON)
        copyFileSync(path.join(stack.project.workDir, file), path.join(FIXTURES, "preview-json", `${name}.json`));
}
const stampRef = (name: string) => ({ subscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RG, name });
const show = (r: CommandResult) => `exit ${r.code}\n${r.stdout}\n${r.stderr}`;
const entries = (...numbers: number[]) => Object.fromEntries(numbers.map((n) => [C(n), T(n)]));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("registration sets with the plain CLI", function () {
    this.timeout(15 * 60_000);
    let emulator: RunningEmulator;
    const disposables: Array<{ dispose(): void }> = [];

    before(async () => {
        emulator = await startEmulator({ seed: providerSuiteSeed(60), throttling: false });
    });
    after(async () => {
        for (const d of disposables) d.dispose();
        await emulator?.stop();
    });

    const arm = () => emulator.requestLog().filter((r) => r.kind === "arm");
    const writes = () => arm().filter((r) => r.method !== "GET");
    const subscriptionOf = (p: string) => decodeURIComponent(p.split("/").pop()!);
    const mappingsOn = (stamp: string) =>
        Object.fromEntries(emulator.state.mappings(stampRef(stamp)).map((m) => [m.subscriptionId, m.tenantId]));

    /** examples/registration-set with the given config (`pulumi config set` writes the same file). */
    async function exampleSet(config: Record<string, unknown>): Promise<ExampleStack> {
        const stack = new ExampleStack(new CliProject(EXAMPLE, CliProject.workDir("registration-set"), emulator.clientEnv()));
        disposables.push(stack);
        await stack.project.initStack(stack.name, {});
        configure(stack, config);
        return stack;
    }
    const configure = (stack: ExampleStack, config: Record<string, unknown>) =>
        stack.project.setConfig(stack.name, Object.fromEntries(Object.entries(config).map(([k, v]) => [`registration-set:${k}`, v])));

    it("preview --diff names only the entries that change; one re-pointed tenant is one PUT; a drift check lists the registration and writes nothing", async () => {
        const all = range(1, 30);
        // The bound raised: destroying the set at the end deletes its 30 mappings.
        const base = { registrationId: registrationId(STAMP2), maxDeletions: 100 };
        const stack = await exampleSet({ ...base, mappings: entries(...all) });
        await stack.ok("up", "--yes", "--skip-preview");
        expect(mappingsOn(STAMP2)).to.deep.equal(entries(...all));
        // The serialized provider the engine stored is the pinned one: the engine's diff compares it like any input.
        const set = JSON.parse(stack.project.stateText(stack.name)).checkpoint.latest.resources.find((r: { type: string }) =>
            r.type.endsWith(":CustomerSubscriptionMappingSet"),
        );
        const pinned = readFileSync(path.join(FIXTURES, "set-provider.serialized.txt"), "utf8");
        expect(set.inputs.__provider).to.equal(pinned);
        expect(set.outputs.__provider).to.equal(pinned);

        configure(stack, { ...base, mappings: { ...entries(...all.filter((n) => n !== 3), 31), [C(2)]: T(42) } });
        emulator.clearRequestLog();
        const preview = await stack.ok("preview", "--diff");
        expect(writes()).to.deep.equal([]);
        expect(preview).to.include(C(2)).and.include(T(42)).and.include(C(31)).and.include(C(3));
        for (const n of [1, 4, 17, 30]) expect(preview, `unchanged ${C(n)} is not listed`).to.not.include(C(n));
        expect(preview).to.match(/~ 1 to update/);

        emulator.clearRequestLog();
        await stack.ok("up", "--yes", "--skip-preview");
        expect(
            writes()
                .map((r) => `${r.method} ${subscriptionOf(r.path)}`)
                .sort(),
        ).to.deep.equal([`DELETE ${C(3)}`, `PUT ${C(2)}`, `PUT ${C(31)}`].sort());

        configure(stack, { ...base, mappings: { ...entries(...all.filter((n) => n !== 3), 31), [C(2)]: T(43) } });
        emulator.clearRequestLog();
        await stack.ok("up", "--yes", "--skip-preview");
        expect(writes().map((r) => `${r.method} ${subscriptionOf(r.path)}`)).to.deep.equal([`PUT ${C(2)}`]);

        emulator.clearRequestLog();
        const drift = await stack.run("preview", "--refresh", "--expect-no-changes");
        expect(drift.code, show(drift)).to.equal(0);
        // 30 mappings: one page of the listing, and the registration.
        expect(arm().map((r) => r.method)).to.deep.equal(["GET", "GET"]);
        await stack.ok("destroy", "--yes");
        expect(mappingsOn(STAMP2)).to.not.have.property(C(1));
    });

    it("undeclared mappings: warn says how to adopt them and drift-report exits 1; fail fails the preview; remove deletes them", async () => {
        const stack = await exampleSet({ registrationId: registrationId(STAMP2), mappings: entries(45, 46) });
        await stack.ok("up", "--yes", "--skip-preview");
        await emulator.state.putMapping(stampRef(STAMP2), C(47), T(47));

        const warned = await stack.project.bash(
            `pulumi preview --stack ${stack.name} --refresh --expect-no-changes --json > ${stack.project.workDir}/preview.json; ` +
                `echo "preview $?"; npx azs-mappings drift-report ${stack.project.workDir}/preview.json; echo "report $?"`,
        );
        expect(warned.stdout, show(warned)).to.include("preview 0").and.include("report 1");
        capture(stack, "preview.json", "set-undeclared");
        expect(warned.stdout).to.include(
            `| \`customers[${C(47)}]\` | ${STAMP2} | ${C(47)} | in Azure, not declared by the set |  | ${T(47)} | nothing`,
        );
        const human = await stack.ok("preview");
        expect(human).to.not.include(C(47)); // nothing listed the registration: no warning without a drift check
        const refreshed = await stack.ok("preview", "--refresh");
        expect(refreshed)
            .to.include(`"${C(47)}": "${T(47)}"`)
            .and.include("azs-mappings export");

        configure(stack, { registrationId: registrationId(STAMP2), mappings: entries(45, 46), undeclared: "fail" });
        emulator.clearRequestLog();
        const failed = await stack.run("preview");
        expect(failed.code).to.not.equal(0);
        expect(failed.stdout + failed.stderr)
            .to.match(/UndeclaredMappings: registration 'azurestack-stamp2' holds 1 mapping\(s\) this set does not declare/)
            .and.include(`"${C(47)}": "${T(47)}"`);
        expect(writes()).to.deep.equal([]);

        configure(stack, { registrationId: registrationId(STAMP2), mappings: entries(45, 46), undeclared: "remove" });
        const removing = await stack.ok("preview", "--diff");
        expect(removing)
            .to.match(/removeUndeclared/)
            .and.include(C(47));
        emulator.clearRequestLog();
        await stack.ok("up", "--yes", "--skip-preview");
        expect(writes().map((r) => `${r.method} ${subscriptionOf(r.path)}`)).to.deep.equal([`DELETE ${C(47)}`]);
        expect(mappingsOn(STAMP2)).to.not.have.property(C(47));
        const clean = await stack.run("preview", "--refresh", "--expect-no-changes");
        expect(clean.code, show(clean)).to.equal(0);
        await stack.ok("destroy", "--yes");
    });

    it("drift-report lists a set's entries like single mappings: re-pointed and deleted outside Pulumi", async () => {
        // Configured with the commands examples/registration-set/README.md shows.
        const stack = await exampleSet({});
        await stack.ok("config", "set", "registrationId", registrationId(STAMP2));
        for (const n of [50, 51, 52]) await stack.ok("config", "set", "--path", `mappings["${C(n)}"]`, T(n));
        await stack.ok("up", "--yes", "--skip-preview");
        expect(mappingsOn(STAMP2)).to.include(entries(50, 51, 52));
        await emulator.state.putMapping(stampRef(STAMP2), C(50), T(59));
        await emulator.state.deleteMapping(stampRef(STAMP2), C(51));
        const report = await stack.project.bash(
            `pulumi preview --stack ${stack.name} --refresh --expect-no-changes --json > ${stack.project.workDir}/drift.json; ` +
                `npx azs-mappings drift-report ${stack.project.workDir}/drift.json; echo "report $?"`,
        );
        capture(stack, "drift.json", "set-drift");
        expect(report.stdout, show(report))
            .to.include("report 1")
            .and.include("## Tenant mapping drift: 2 mapping(s)")
            .and.include(
                `| \`customers[${C(50)}]\` | ${STAMP2} | ${C(50)} | tenant re-pointed outside Pulumi | ${T(50)} | ${T(59)} | update it to the declared tenant |`,
            )
            .and.include(
                `| \`customers[${C(51)}]\` | ${STAMP2} | ${C(51)} | deleted outside Pulumi | ${T(51)} | none (deleted) | re-create it |`,
            )
            .and.not.include(`customers[${C(52)}]`);
        await stack.ok("up", "--yes", "--skip-preview", "--refresh");
        expect(mappingsOn(STAMP2)).to.include(entries(50, 51, 52));
        await stack.ok("destroy", "--yes");
    });

    it("the root stack moves its mappings from single resources to sets (`set: true`) and back, with no PUT and no DELETE", async () => {
        const project = CliProject.rootProject("sets-migration", emulator.clientEnv());
        disposables.push(project);
        const data = twoStampStackData();
        await project.initStack("dev", rootStackConfig(data));
        await project.pulumiOk(["up", "--yes", "--skip-preview", "--stack", "dev"]);
        const singles = (await project.outputs("dev")).mappings;
        const state = () =>
            JSON.parse(project.stateText("dev")).checkpoint.latest.resources.map((r: { type: string }) => r.type.split(":").pop());

        const asSets = structuredClone(data) as unknown as { registrations: Record<string, Record<string, unknown>> };
        for (const stamp of Object.keys(asSets.registrations)) asSets.registrations[stamp].set = true;
        project.setConfig("dev", rootStackConfig(asSets as never));
        emulator.clearRequestLog();
        const up = await project.pulumiOk(["up", "--yes", "--skip-preview", "--stack", "dev"]);
        expect(writes(), up).to.deep.equal([]);
        expect(state().filter((t: string) => t.startsWith("CustomerSubscriptionMapping"))).to.deep.equal([
            "CustomerSubscriptionMappingSet",
            "CustomerSubscriptionMappingSet",
        ]);
        const viaSets = await project.outputs("dev");
        expect(viaSets.mappings).to.deep.equal(singles);
        expect(Object.keys(viaSets.sets).sort()).to.deep.equal(["east", "west"]);
        expect(viaSets.sets.west.undeclaredMappings).to.have.property(EXISTING_SUB); // made outside Pulumi on STAMP1
        const drift = await project.pulumi(["preview", "--refresh", "--expect-no-changes", "--stack", "dev"]);
        expect(drift.code, show(drift)).to.equal(0);

        project.setConfig("dev", rootStackConfig(data));
        emulator.clearRequestLog();
        const back = await project.pulumiOk(["up", "--yes", "--skip-preview", "--stack", "dev"]);
        expect(writes(), back).to.deep.equal([]);
        expect((await project.outputs("dev")).mappings).to.deep.equal(singles);
        expect(state().filter((t: string) => t.startsWith("CustomerSubscriptionMapping"))).to.have.length(4);
        for (const stamp of [STAMP1, STAMP2]) expect(mappingsOn(stamp)).to.include({ [C(1)]: T(1) });
        await project.pulumiOk(["destroy", "--yes", "--stack", "dev"]);
    });

    it("the root stack's set settings: `set: { undeclared: fail }` fails the preview on a mapping nobody declared", async () => {
        const project = CliProject.rootProject("sets-fail", emulator.clientEnv());
        disposables.push(project);
        const data = {
            registrations: { west: { registrationId: registrationId(STAMP1), set: { undeclared: "fail" } } },
            tenants: { contoso: { tenantId: T(55), customerSubscriptionId: C(55), stamps: ["west"] } },
        };
        await project.initStack("dev", {
            [`${CONFIG_NAMESPACE}:registrations`]: data.registrations,
            [`${CONFIG_NAMESPACE}:tenants`]: data.tenants,
        });
        const preview = await project.pulumi(["preview", "--stack", "dev"]);
        expect(preview.code).to.not.equal(0);
        expect(preview.stdout + preview.stderr)
            .to.match(/UndeclaredMappings/)
            .and.include(EXISTING_SUB);
    });

    it("the program docs/sets.md shows runs as shown against the demo world: adopts, creates, and warns about the undeclared mapping", async () => {
        const docs = readFileSync(path.join(PROJECT_ROOT, "docs", "sets.md"), "utf8");
        const program = codeBlocks(section(docs, "## In a program")).find((b) => b.lang === "ts")!.text;
        const demo = await startEmulator({ seed: path.join(PROJECT_ROOT, "emulator", "seeds", "demo.yaml"), throttling: false });
        try {
            const workDir = CliProject.workDir("sets-doc");
            const dir = path.join(workDir, "project");
            mkdirSync(dir);
            writeFileSync(path.join(dir, "Pulumi.yaml"), "name: sets-doc\nruntime: nodejs\nmain: index.ts\n");
            copyFileSync(path.join(EXAMPLE, "tsconfig.json"), path.join(dir, "tsconfig.json"));
            writeFileSync(path.join(dir, "index.ts"), program);
            const project = new CliProject(dir, workDir, demo.clientEnv());
            disposables.push(project);
            await project.initStack("dev");
            const east = {
                subscriptionId: "9a6b7c8d-0000-4000-8000-000000000e01",
                resourceGroup: "azurestack",
                name: "azurestack-stamp-east",
            };
            demo.clearRequestLog();
            const up = await project.pulumiOk(["up", "--yes", "--stack", "dev"]);
            const puts = demo.requestLog().filter((r) => r.kind === "arm" && r.method !== "GET");
            expect(puts.map((r) => `${r.method} ${subscriptionOf(r.path)}`)).to.deep.equal(["PUT c0000009-0000-4000-8000-000000000009"]);
            expect(up).to.include('"c0000002-0000-4000-8000-000000000002": "70000002-0000-4000-8000-000000000002"');
            expect((await project.outputs("dev")).undeclaredMappings).to.deep.equal({
                "c0000002-0000-4000-8000-000000000002": "70000002-0000-4000-8000-000000000002",
            });
            expect(demo.state.mapping(east, "c0000009-0000-4000-8000-000000000009")?.tenantId).to.equal(
                "70000009-0000-4000-8000-000000000009",
            );
        } finally {
            await demo.stop();
        }
    });
});
