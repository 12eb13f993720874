/**
 * Case 13: adopting mappings made by hand. `azs-mappings list` and `export` run as the shipped CLI (a child
 * process with the emulator's credentials, real HTTP and sign-in), then the root stack's first `pulumi up`
 * over the exported config adopts every mapping without a write, and the preview after it is empty.
 */
import { expect } from "chai";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { startEmulator, type EmulatorSeed, type RunningEmulator } from "../../emulator";
import { PROJECT_ROOT } from "../../runner/engine";
import { approvedRegistration, C, PARTNER, REGISTRATION_SUBSCRIPTION, registrationId, RG, T } from "../support/fixtures";
import { runCommand, type CommandResult } from "../support/processes";
import { EngineStack } from "../support/engineStack";

const EAST = "azurestack-adopt-east";
const WEST = "azurestack-adopt-west";
const CLI = path.join(PROJECT_ROOT, "bin", "azs-mappings.js"); // what `npx azs-mappings` runs

/** 30 tenants mapped by hand: the first 10 on both stamps, the rest on one; a page holds 8 mappings. */
function handMadeSeed(): EmulatorSeed {
    const registration = (name: string, customers: number[]) =>
        approvedRegistration(name, { customerSubscriptions: customers.map((n) => ({ subscriptionId: C(n), tenantId: T(n) })) });
    const numbers = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    return {
        registrations: [registration(EAST, numbers(1, 20)), registration(WEST, [...numbers(1, 10), ...numbers(21, 30)])],
        customerSubscriptions: numbers(1, 31).map((n) => ({ id: C(n), tenantId: T(n), cspPartner: PARTNER, isCsp: true })),
    } as EmulatorSeed;
}

function azsMappings(env: Record<string, string>, ...args: string[]): Promise<CommandResult> {
    return runCommand(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? "", ...env }, cwd: PROJECT_ROOT });
}

describe("13. adopting hand-made mappings: azs-mappings list / export, then pulumi up", function () {
    this.timeout(10 * 60_000);
    let emulator: RunningEmulator;
    let env: Record<string, string>;
    const stacks: EngineStack[] = [];
    const inEmulator = () =>
        [EAST, WEST]
            .flatMap((name) =>
                emulator.state
                    .mappings({ subscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RG, name })
                    .map((m) => `${name}|${m.subscriptionId}=${m.tenantId}@${m.etag}`),
            )
            .sort();

    before(async () => {
        emulator = await startEmulator({ seed: handMadeSeed(), pageSize: 8 });
        env = emulator.clientEnv();
    });
    after(async () => {
        for (const stack of stacks) await stack.dispose();
        await emulator?.stop();
    });

    it("list: every page of every registration, as JSON and as a table, with progress on stderr", async () => {
        const json = await azsMappings(env, "list", `east=${registrationId(EAST)}`, `west=${registrationId(WEST)}`, "--json");
        expect(json.code, json.stderr).to.equal(0);
        const listed = JSON.parse(json.stdout).registrations as {
            key: string;
            mappings: { customerSubscriptionId: string; tenantId: string; etag: string }[];
        }[];
        const name = { east: EAST, west: WEST } as Record<string, string>;
        expect(
            listed.flatMap((r) => r.mappings.map((m) => `${name[r.key]}|${m.customerSubscriptionId}=${m.tenantId}@${m.etag}`)).sort(),
        ).to.deep.equal(inEmulator());
        expect(json.stderr)
            .to.match(/east: \d+ mappings so far \(page 2\)/)
            .and.include("east: 20 mappings")
            .and.include("west: 20 mappings");

        const table = await azsMappings(env, "list", `east=${registrationId(EAST)}`, "--quiet");
        expect(table.code).to.equal(0);
        expect(table.stdout)
            .to.match(new RegExp(`^east +${C(20)} +${T(20)}$`, "m"))
            .and.include("20 mapping(s) on 1 registration(s)");
        expect(table.stderr).to.equal("");
    });

    it("list: a registration that fails is reported on its own, with its code; the others are still listed", async () => {
        const missing = registrationId("azurestack-no-such-stamp");
        const run = await azsMappings(env, "list", `east=${registrationId(EAST)}`, `gone=${missing}`, "--json");
        expect(run.code).to.equal(1);
        const listed = JSON.parse(run.stdout).registrations;
        expect(listed[0].mappings).to.have.length(20);
        expect(listed[1].error.code).to.equal("RegistrationNotFound");
        expect(run.stderr).to.match(/gone: FAILED\n {2}RegistrationNotFound: /);
    });

    it("bad arguments are refused before any request, naming the argument and the fix", async () => {
        emulator.clearRequestLog();
        const run = await azsMappings(
            env,
            "list",
            "east=/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.AzureStack/registrations/x",
        );
        expect(run.code).to.not.equal(0);
        expect(run.stderr)
            .to.match(/registrationId \(its subscription segment\) must be a GUID/)
            .and.match(/optionally named: east=\/subscriptions\//);
        expect(emulator.requestLog().filter((r) => r.kind === "arm")).to.deep.equal([]);
    });

    it("export, then the first `pulumi up` adopts every mapping with zero writes, and the next preview is empty", async () => {
        const stack = new EngineStack("adopt-export");
        stacks.push(stack);
        await stack.open(env);
        const stackConfig = path.join(stack.workDir, "Pulumi.e2e.yaml");
        const before = readFileSync(stackConfig, "utf8");
        writeFileSync(stackConfig, `# Tenants of the CSP, kept by hand until now.\n${before}`);

        const exported = await azsMappings(
            env,
            "export",
            `east=${registrationId(EAST)}`,
            `west=${registrationId(WEST)}`,
            "--stack-config",
            stackConfig,
        );
        expect(exported.code, exported.stderr).to.equal(0);
        expect(exported.stderr).to.include("40 mapping(s) on 2 registration(s): 30 tenant entries added");
        const written = readFileSync(stackConfig, "utf8");
        expect(written)
            .to.match(/^# Tenants of the CSP, kept by hand until now\./)
            .and.include(before.trim().split("\n")[0]);
        const config = parseYaml(written).config;
        expect(config["csp-tenant-mappings:registrations"]).to.deep.equal({
            east: { registrationId: registrationId(EAST) },
            west: { registrationId: registrationId(WEST) },
        });
        const tenants = Object.values(config["csp-tenant-mappings:tenants"]) as {
            tenantId: string;
            customerSubscriptionId: string;
            stamps: string[];
        }[];
        expect(tenants).to.have.length(30);
        expect(tenants.find((t) => t.customerSubscriptionId === C(1))).to.deep.equal({
            tenantId: T(1),
            customerSubscriptionId: C(1),
            stamps: ["east", "west"],
        });

        // Exporting again changes nothing: every mapping is already declared.
        const again = await azsMappings(
            env,
            "export",
            `east=${registrationId(EAST)}`,
            `west=${registrationId(WEST)}`,
            "--stack-config",
            stackConfig,
        );
        expect(again.stderr).to.include("0 tenant entries added, 40 mapping(s) already declared");
        expect(readFileSync(stackConfig, "utf8")).to.equal(written);

        const mappingsBefore = inEmulator();
        emulator.clearRequestLog();
        const up = await stack.stack.up({ onOutput: stack.onOutput });
        expect(up.summary.resourceChanges?.create).to.equal(41); // 40 mappings and the stack
        const writes = emulator.requestLog().filter((r) => r.kind === "arm" && r.method !== "GET");
        expect(writes, "adoption writes nothing to Azure").to.deep.equal([]);
        expect(inEmulator(), "etags unchanged: nothing was rewritten").to.deep.equal(mappingsBefore);
        // The engine shows each line as it comes and again in the diagnostics at the end.
        expect(
            new Set(
                up.stdout.match(
                    /adopted customer subscription [0-9a-f-]{36} \(tenant [0-9a-f-]{36}\), which already existed in Azure, without writing to it\. \(\/subscriptions\/\S+\)/g,
                ),
            ),
        ).to.have.property("size", 40);
        const outputs = await stack.outputs();
        expect(outputs.mappingCount).to.equal(40);

        emulator.clearRequestLog();
        const preview = await stack.stack.preview({ expectNoChanges: true, refresh: true, onOutput: stack.onOutput });
        expect(preview.changeSummary).to.deep.equal({ same: 41 });
        expect(emulator.requestLog().filter((r) => r.kind === "arm" && r.method !== "GET")).to.deep.equal([]);
    });

    it("export refuses to write when Azure disagrees with what the file declares", async () => {
        const stack = new EngineStack("adopt-conflict");
        stacks.push(stack);
        await stack.open(env, {
            registrations: { east: { registrationId: registrationId(EAST) } },
            tenants: { contoso: { tenantId: T(31), customerSubscriptionId: C(1), stamps: ["east"] } },
        });
        const stackConfig = path.join(stack.workDir, "Pulumi.e2e.yaml");
        const before = readFileSync(stackConfig, "utf8");
        const run = await azsMappings(env, "export", `east=${registrationId(EAST)}`, "--stack-config", stackConfig);
        expect(run.code).to.equal(1);
        expect(run.stderr)
            .to.include("Nothing written")
            .and.include(`csp-tenant-mappings:tenants.contoso maps ${C(1)} to tenant ${T(31)} on east, Azure to ${T(1)}`);
        expect(readFileSync(stackConfig, "utf8")).to.equal(before);
    });
});
