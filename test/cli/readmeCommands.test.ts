/**
 * The README's "Everyday commands" table, run: every command line exactly as the table shows it, through bash
 * in a directory holding the root project (the repository's Pulumi.yaml and the compiled program its `main`
 * names), with the plain `pulumi` CLI and its Node.js language host, against the emulator. Only placeholders
 * are filled in (`<registration id>` after `east=`/`west=` with that stamp's registration, `<stack>` with the
 * stack's name). Each row has a check of what its Goal says; a row without a check, or a check without a row,
 * fails the suite. The rows run in the order below on one stack, as a CSP's day would run them.
 *
 * The CLI asks before `pulumi up` changes anything; with no terminal here, PULUMI_SKIP_CONFIRMATIONS=true
 * gives the answer a user gives at that prompt (it does not bypass anything `--force` would be needed for).
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { PROJECT_ROOT } from "../../runner/engine";
import { CliProject, rootStackConfig } from "../support/cliProject";
import type { CommandResult } from "../support/processes";
import {
    C,
    EXISTING_SUB,
    EXISTING_TENANT,
    OTHER_PARTNER_SUB,
    providerSuiteSeed,
    REGISTRATION_SUBSCRIPTION,
    registrationId,
    RG,
    STAMP1,
    STAMP2,
    T,
    twoStampStackData,
} from "../support/fixtures";

const STACK = "prod";

interface Row {
    goal: string;
    command: string;
}

/** The rows of the table after "Everyday commands" in README.md: the goal and the first code span of the command cell. */
function everydayCommands(): Row[] {
    const readme = readFileSync(path.join(PROJECT_ROOT, "docs", "operations.md"), "utf8");
    const start = readme.indexOf("Everyday commands");
    expect(start, "README.md has no 'Everyday commands' table").to.be.greaterThan(0);
    const lines = readme.slice(start).split("\n").slice(1);
    const table = lines.slice(lines.findIndex((l) => l.startsWith("|")));
    const rows = table
        .slice(
            0,
            table.findIndex((l) => !l.startsWith("|")),
        )
        .slice(2);
    return rows.map((line) => {
        const [goal, cell] = line
            .split(/(?<!\\)\|/)
            .slice(1, 3)
            .map((c) => c.trim());
        const command = /`([^`]+)`/.exec(cell)?.[1];
        if (!command) throw new Error(`README 'Everyday commands' row without a command: ${line}`);
        return { goal, command };
    });
}

describe("README 'Everyday commands', run as written with the plain Pulumi CLI", function () {
    this.timeout(15 * 60_000);
    let emulator: RunningEmulator;
    let project: CliProject;
    const data = twoStampStackData();

    const stampRef = (name: string) => ({ subscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RG, name });
    const writes = () => emulator.requestLog().filter((r) => r.kind === "arm" && r.method !== "GET");
    const inAzure = () =>
        [STAMP1, STAMP2]
            .flatMap((stamp) => emulator.state.mappings(stampRef(stamp)).map((m) => `${stamp}/${m.subscriptionId}=${m.tenantId}`))
            .sort();
    /** What the stack config declares, as inAzure() shows it, plus the seed's hand-made mapping no stack declares. */
    const declared = () =>
        [
            `${STAMP1}/${EXISTING_SUB}=${EXISTING_TENANT}`,
            ...Object.values(data.tenants).flatMap((t) =>
                t.stamps.map((s) => `${s === "west" ? STAMP1 : STAMP2}/${t.customerSubscriptionId}=${t.tenantId}`),
            ),
        ].sort();
    const show = (r: CommandResult) => `exit ${r.code}\n${r.stdout}\n${r.stderr}`;

    /** The row's command line, placeholders filled in. */
    function commandLine(command: string): string {
        const line = command
            .replace(/(\w+)=<registration id>/g, (_, stamp: string) => `${stamp}=${data.registrations[stamp].registrationId}`)
            .replace(/<stack>/g, STACK);
        const left = /<[a-z][^<>]*>/i.exec(line);
        if (left) throw new Error(`README command has a placeholder this test does not fill: ${left[0]} in ${command}`);
        return line;
    }

    async function run(command: string): Promise<CommandResult> {
        emulator.clearRequestLog();
        // The prompt's "yes" only where the CLI asks (`pulumi up`); refresh --preview-only refuses --yes.
        return project.bash(commandLine(command), /^pulumi up\b/.test(command) ? { PULUMI_SKIP_CONFIRMATIONS: "true" } : {});
    }

    /** The resources a preview plans a change for (its lines ending in an operation), by name. */
    const planned = (output: string) =>
        [
            ...new Set(
                output
                    .split("\n")
                    .map((l) => /\s([\w-]+@\w+)\s+(create|update|delete|replace|create-replacement|delete-replacement)(\s|$)/.exec(l))
                    .filter((m): m is RegExpExecArray => !!m)
                    .map((m) => `${m[1]} ${m[2]}`),
            ),
        ].sort();

    /** Each row's check, keyed by the command as the README writes it, in the order they run. */
    const checks: Array<[string, (command: string) => Promise<void>]> = [
        [
            "pulumi up",
            async (command) => {
                const result = await run(command);
                expect(result.code, show(result)).to.equal(0);
                expect(inAzure()).to.deep.equal(declared());
                const outputs = await project.outputs(STACK);
                expect(outputs.mappingCount).to.equal(4);
            },
        ],
        [
            "pulumi preview --diff",
            async (command) => {
                data.tenants.fabrikam.tenantId = T(20); // the pull request's change
                project.setConfig(STACK, rootStackConfig(data));
                const result = await run(command);
                expect(result.code, show(result)).to.equal(0);
                expect(result.stdout)
                    .to.match(/~ .*fabrikam@west/)
                    .and.include(T(20))
                    .and.match(/~ 1 to update/)
                    .and.match(/4 unchanged/);
                expect(writes()).to.deep.equal([]);
                // "no request is made for unchanged mappings"
                const touched = emulator
                    .requestLog()
                    .filter((r) => r.kind === "arm" && r.path.toLowerCase().includes("/customersubscriptions/"));
                for (const request of touched) expect(request.path.toLowerCase(), "a request about an unchanged mapping").to.include(C(2));
            },
        ],
        [
            "pulumi up --continue-on-error",
            async (command) => {
                data.tenants.otherPartner = { tenantId: T(40), customerSubscriptionId: OTHER_PARTNER_SUB, stamps: ["west"] }; // a bad entry
                project.setConfig(STACK, rootStackConfig(data));
                const result = await run(command);
                expect(result.code, show(result)).to.not.equal(0);
                expect(result.stdout + result.stderr)
                    .to.match(/otherPartner@west/)
                    .and.match(/BadCustomerSubscriptionId/);
                // The rest was applied despite it: fabrikam re-pointed.
                expect(emulator.state.mapping(stampRef(STAMP1), C(2))?.tenantId).to.equal(T(20));
                delete (data.tenants as Record<string, unknown>).otherPartner; // the CSP fixes the entry
                project.setConfig(STACK, rootStackConfig(data));
                expect(inAzure()).to.deep.equal(declared());
            },
        ],
        [
            "pulumi preview --refresh --expect-no-changes",
            async (command) => {
                const clean = await run(command);
                expect(clean.code, show(clean)).to.equal(0);
                // Behind Pulumi's back: adatum@east deleted, contoso@east re-pointed.
                await emulator.state.deleteMapping(stampRef(STAMP2), C(3));
                await emulator.state.putMapping(stampRef(STAMP2), C(1), T(81));
                const drifted = await run(command);
                expect(drifted.code, "exit code 7 on drift").to.equal(7);
                expect(planned(drifted.stdout), drifted.stdout).to.deep.equal(["adatum@east create", "contoso@east update"]);
                expect(writes()).to.deep.equal([]);
            },
        ],
        [
            "pulumi refresh --preview-only",
            async (command) => {
                const state = project.stateText(STACK);
                const result = await run(command);
                expect(result.code, show(result)).to.equal(0);
                expect(planned(result.stdout), result.stdout).to.deep.equal(["adatum@east delete", "contoso@east update"]);
                expect(writes()).to.deep.equal([]);
                expect(project.stateText(STACK), "--preview-only leaves the state alone").to.equal(state);
            },
        ],
        [
            "pulumi preview --refresh --expect-no-changes --json > preview.json; npx azs-mappings drift-report preview.json",
            async (command) => {
                const result = await run(command);
                expect(result.code, `exit code 1 on drift: ${show(result)}`).to.equal(1);
                const rows = result.stdout.split("\n").filter((l) => /^\| [\w-]+@\w+ \|/.test(l));
                expect(rows.map((r) => r.split("|")[1].trim())).to.deep.equal(["adatum@east", "contoso@east"]);
                expect(rows[0]).to.include("deleted outside Pulumi");
                expect(rows[1]).to.include("tenant re-pointed outside Pulumi").and.include(T(81));
            },
        ],
        [
            "pulumi up --refresh",
            async (command) => {
                const result = await run(command);
                expect(result.code, show(result)).to.equal(0);
                expect(inAzure()).to.deep.equal(declared());
                const check = await run("pulumi preview --refresh --expect-no-changes");
                expect(check.code, show(check)).to.equal(0);
            },
        ],
        [
            "npx azs-mappings list east=<registration id> west=<registration id>",
            async (command) => {
                const result = await run(command);
                expect(result.code, show(result)).to.equal(0);
                const listed = result.stdout
                    .split("\n")
                    .map((l) => /^(east|west)\s+(\S+)\s+(\S+)\s*$/.exec(l))
                    .filter((m): m is RegExpExecArray => !!m)
                    .map((m) => `${m[1] === "west" ? STAMP1 : STAMP2}/${m[2]}=${m[3]}`)
                    .sort();
                expect(listed, result.stdout).to.deep.equal(inAzure());
                expect(writes()).to.deep.equal([]);
            },
        ],
        [
            "npx azs-mappings export --stack-config Pulumi.<stack>.yaml --check",
            async (command) => {
                const config = readFileSync(project.stackConfigFile(STACK), "utf8");
                const result = await run(command);
                expect(result.code, `exit code 1 if any: ${show(result)}`).to.equal(1);
                expect(result.stdout).to.include(EXISTING_SUB).and.include(EXISTING_TENANT);
                for (const tenant of Object.values(data.tenants)) expect(result.stdout).to.not.include(tenant.customerSubscriptionId);
                expect(readFileSync(project.stackConfigFile(STACK), "utf8")).to.equal(config);
                expect(writes()).to.deep.equal([]);
            },
        ],
    ];

    before(async () => {
        emulator = await startEmulator({ seed: providerSuiteSeed() });
        project = CliProject.rootProject("readme-commands", emulator.clientEnv());
        await project.initStack(STACK, rootStackConfig(data));
    });
    after(async () => {
        project?.dispose();
        await emulator?.stop();
    });

    it("every row of the table has a check here, and every check a row", () => {
        expect(
            everydayCommands()
                .map((r) => r.command)
                .sort(),
        ).to.deep.equal(checks.map(([command]) => command).sort());
    });

    for (const [command, check] of checks) {
        it(`\`${command}\` (${everydayCommands().find((r) => r.command === command)?.goal ?? "not in the README"})`, async () => {
            expect(
                everydayCommands().some((r) => r.command === command),
                `README has no row for ${command}`,
            ).to.equal(true);
            await check(command);
        });
    }
});
