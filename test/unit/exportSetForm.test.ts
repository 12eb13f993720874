/**
 * `azs-mappings export --form set`: the shipped CLI against the emulator writes each exported registration with
 * `set: true`, so the root stack holds its mappings as one CustomerSubscriptionMappingSet; a registration the file
 * already declares keeps its set settings.
 */
import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { CONFIG_NAMESPACE, planMappings, planSets } from "../../program/declarations";
import { PROJECT_ROOT } from "../../runner/engine";
import { runCommand } from "../support/processes";
import { approvedRegistration, C, PARTNER, registrationId, T } from "../support/fixtures";

const EAST = "azurestack-export-set-east";
const WEST = "azurestack-export-set-west";
const CLI = path.join(PROJECT_ROOT, "bin", "azs-mappings.js");

describe("azs-mappings export --form set", function () {
    this.timeout(120_000);
    let emulator: RunningEmulator;

    before(async () => {
        emulator = await startEmulator({
            seed: {
                registrations: [
                    approvedRegistration(EAST, { customerSubscriptions: [1, 2, 3].map((n) => ({ subscriptionId: C(n), tenantId: T(n) })) }),
                    approvedRegistration(WEST, { customerSubscriptions: [{ subscriptionId: C(1), tenantId: T(1) }] }),
                ],
                customerSubscriptions: [1, 2, 3].map((n) => ({ id: C(n), tenantId: T(n), cspPartner: PARTNER, isCsp: true })),
            } as never,
        });
    });
    const dirs: string[] = [];
    after(async () => {
        await emulator?.stop();
        for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });

    it("writes each registration as a set, keeping the settings a registration already has; the root stack plans one set each", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "export-set-"));
        dirs.push(dir);
        const stackConfig = path.join(dir, "Pulumi.prod.yaml");
        writeFileSync(
            stackConfig,
            `config:\n  ${CONFIG_NAMESPACE}:registrations:\n    west:\n      registrationId: ${registrationId(WEST)}\n      set:\n        undeclared: fail\n`,
        );
        const run = await runCommand(
            process.execPath,
            [CLI, "export", "--form", "set", "--stack-config", stackConfig, `east=${registrationId(EAST)}`, `west=${registrationId(WEST)}`],
            { env: { PATH: process.env.PATH ?? "", ...emulator.clientEnv() }, cwd: dir },
        );
        expect(run.code, run.stderr).to.equal(0);
        const config = parseYaml(readFileSync(stackConfig, "utf8")).config;
        const registrations = config[`${CONFIG_NAMESPACE}:registrations`];
        expect(registrations.east).to.deep.equal({ registrationId: registrationId(EAST), set: true });
        expect(registrations.west.set).to.deep.equal({ undeclared: "fail" });
        const { sets, singles } = planSets(
            CONFIG_NAMESPACE,
            planMappings(CONFIG_NAMESPACE, registrations, config[`${CONFIG_NAMESPACE}:tenants`]),
        );
        expect(singles).to.deep.equal([]);
        expect(Object.fromEntries(sets.map((s) => [s.stamp, s.mappings.length]))).to.deep.equal({ east: 3, west: 1 });
        const bad = await runCommand(process.execPath, [CLI, "export", "--form", "sets", `east=${registrationId(EAST)}`], {
            env: { PATH: process.env.PATH ?? "", ...emulator.clientEnv() },
            cwd: dir,
        });
        expect(bad.code).to.not.equal(0);
        expect(bad.stderr).to.include("single or set");
    });
});
