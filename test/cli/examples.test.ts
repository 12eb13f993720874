/**
 * Case 12: every example type-checks; the ones that need no downloadable plugin are deployed from their own
 * directories with the plain `pulumi` CLI (the Node.js language host runs each one's index.ts, compiled by
 * the SDK's TypeScript support) against the emulator: `pulumi stack init` and `pulumi config set` as each
 * README shows, then preview, up, `preview --refresh --expect-no-changes` and destroy. The stack config files
 * this writes into the example directories (Pulumi.e2e-<pid>-<n>.yaml) are removed afterwards; the file
 * backend and PULUMI_HOME live under .e2e-work/. The `up`s run with `--skip-preview`: what a case checks after
 * `up` is the update's result, where the preview matters the case runs `pulumi preview` itself, and the preview
 * inside `up` is half of its CPU.
 */
import { expect } from "chai";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { PROJECT_ROOT } from "../../runner/engine";
import { UNKNOWN } from "../../provider";
import {
    C,
    EXISTING_SUB,
    EXISTING_TENANT,
    providerSuiteSeed,
    REGISTRATION_SUBSCRIPTION,
    registrationId,
    RG,
    STAMP1,
    STAMP2,
    T,
} from "../support/fixtures";
import { outputOf, type CommandResult } from "../support/processes";
import { CliProject, ExampleStack } from "../support/cliProject";

const EXAMPLES = path.join(PROJECT_ROOT, "examples");
const stampRef = (name: string) => ({ subscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RG, name });
const show = (r: CommandResult) => `exit ${r.code}\n${r.stdout}\n${r.stderr}`;

describe("12. examples", function () {
    this.timeout(15 * 60_000);
    let emulator: RunningEmulator;
    const stacks: ExampleStack[] = [];

    before(async () => {
        emulator = await startEmulator({ seed: providerSuiteSeed() });
    });
    after(async () => {
        for (const stack of stacks) stack.dispose();
        await emulator?.stop();
    });

    const writes = () => emulator.requestLog().filter((r) => r.kind === "arm" && r.method !== "GET");
    /** The emulator's mappings of a stamp, as `subscription=tenant`. */
    const mappingsOn = (stamp: string) =>
        emulator.state
            .mappings(stampRef(stamp))
            .map((m) => `${m.subscriptionId}=${m.tenantId}`)
            .sort();

    /** `pulumi stack init`, then `pulumi config set [--path] <key> <value>` for each entry, in examples/<example>. */
    async function exampleStack(example: string, config: Record<string, string>): Promise<ExampleStack> {
        const dir = path.join(EXAMPLES, example);
        const stack = new ExampleStack(new CliProject(dir, CliProject.workDir(`example-${example}`), emulator.clientEnv()));
        stacks.push(stack);
        await stack.project.pulumiOk(["stack", "init", stack.name]);
        for (const [key, value] of Object.entries(config)) {
            await stack.ok("config", "set", ...(key.includes(".") ? ["--path"] : []), key, value);
        }
        return stack;
    }

    /** `pulumi preview --refresh --expect-no-changes`: state, program and Azure agree, and nothing is written. */
    async function expectNoChanges(stack: ExampleStack): Promise<void> {
        emulator.clearRequestLog();
        const preview = await stack.run("preview", "--refresh", "--expect-no-changes");
        expect(preview.code, show(preview)).to.equal(0);
        expect(writes()).to.deep.equal([]);
    }

    it("azure-native-registration type-checks against the real @pulumi/azure-native (plugin needed, so not deployed)", () => {
        const dir = path.join(EXAMPLES, "azure-native-registration");
        // Scripts stay off: azure-native's would try to fetch its plugin, which cannot be downloaded here.
        if (!existsSync(path.join(dir, "node_modules", "@pulumi", "azure-native"))) {
            outputOf("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "pipe" });
        }
        const tsc = path.join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc");
        const result = (() => {
            try {
                return { code: 0, output: outputOf(process.execPath, [tsc, "-p", dir], { cwd: dir }) };
            } catch (error) {
                const e = error as { status: number; stdout: string };
                return { code: e.status, output: e.stdout };
            }
        })();
        expect(result.output).to.equal("");
        expect(result.code).to.equal(0);
    });

    it("single-mapping deploys, previews without changes, and is destroyed, with the plain CLI", async () => {
        const stack = await exampleStack("single-mapping", {
            registrationSubscriptionId: REGISTRATION_SUBSCRIPTION,
            registrationName: STAMP1,
            customerSubscriptionId: C(12),
            tenantId: T(12),
        });
        emulator.clearRequestLog();
        const preview = await stack.ok("preview");
        expect(preview).to.match(/\+ .*customer.*create/);
        expect(writes()).to.deep.equal([]);
        await stack.ok("up", "--yes", "--skip-preview");
        const outputs = await stack.outputs();
        expect(outputs.mappingId).to.equal(`${registrationId(STAMP1)}/customerSubscriptions/${C(12)}`);
        expect(emulator.state.mapping(stampRef(STAMP1), C(12))?.tenantId)
            .to.equal(outputs.tenantId)
            .and.equal(T(12));
        await expectNoChanges(stack);
        await stack.ok("destroy", "--yes");
        expect(emulator.state.mapping(stampRef(STAMP1), C(12))).to.equal(undefined);
    });

    it("registration-report lists the registration's mappings and the ones no stack manages", async () => {
        // This program calls Azure itself: the language host starts it with the CLI's environment (credentials, CA).
        const stack = await exampleStack("registration-report", { registrationId: registrationId(STAMP1) });
        await stack.ok("up", "--yes", "--skip-preview");
        const outputs = await stack.outputs();
        expect(outputs.total).to.equal(1);
        expect(outputs.notManagedHere).to.deep.equal([{ customerSubscriptionId: EXISTING_SUB, tenantId: EXISTING_TENANT }]);
        await stack.ok("destroy", "--yes");
    });

    it("multiple-stamps maps each customer on each of its stamps; the emulator holds what the outputs say", async () => {
        const before: Record<string, string[]> = { [STAMP1]: mappingsOn(STAMP1), [STAMP2]: mappingsOn(STAMP2) };
        const stack = await exampleStack("multiple-stamps", {
            "stamps.east": registrationId(STAMP1),
            "stamps.west": registrationId(STAMP2),
        });
        await stack.ok("up", "--yes", "--skip-preview");
        const mappings = (await stack.outputs()).mappings as Record<
            string,
            { registrationId: string; customerSubscriptionId: string; tenantId: string }
        >;
        // The example's customers: contoso on both stamps, fabrikam on east, northwind on west.
        expect(Object.keys(mappings).sort()).to.deep.equal(["contoso@east", "contoso@west", "fabrikam@east", "northwind@west"]);
        expect(mappings["contoso@east"]!.tenantId).to.equal(mappings["contoso@west"]!.tenantId);
        for (const stamp of [STAMP1, STAMP2]) {
            const fromOutputs = Object.values(mappings)
                .filter((m) => m.registrationId === registrationId(stamp))
                .map((m) => `${m.customerSubscriptionId}=${m.tenantId}`);
            expect(fromOutputs, stamp).to.have.length(2);
            expect(mappingsOn(stamp), stamp).to.deep.equal([...before[stamp]!, ...fromOutputs].sort());
        }
        await expectNoChanges(stack);
        await stack.ok("destroy", "--yes");
        expect({ [STAMP1]: mappingsOn(STAMP1), [STAMP2]: mappingsOn(STAMP2) }).to.deep.equal(before);
    });

    it("multiple-stamps names a stamp its customers use that the stack config lacks", async () => {
        const stack = await exampleStack("multiple-stamps", { "stamps.east": registrationId(STAMP1) });
        emulator.clearRequestLog();
        const preview = await stack.run("preview");
        expect(preview.code).to.not.equal(0);
        expect(preview.stdout + preview.stderr).to.match(/uses stamp 'west', which stack config 'stamps' does not have/);
        expect(preview.stdout + preview.stderr, "the message alone: no stack trace").to.not.match(/^\s+at .*\(.*:\d+:\d+\)$/m);
        expect(writes()).to.deep.equal([]);
    });

    describe("tenant-from-output", () => {
        const tenantFromOutput = (registration: string, subscription: string, tenant: string) =>
            exampleStack("tenant-from-output", {
                registrationId: registrationId(registration),
                customerSubscriptionId: subscription,
                customerTenantId: tenant,
            });

        it("previews with the tenant unknown, deploys it from the onboarding's output, and is destroyed", async () => {
            // Upper case on purpose: the mapping gets the onboarding's (lower-cased) output, not this config value.
            const stack = await tenantFromOutput(STAMP2, C(13), T(13).toUpperCase());
            emulator.clearRequestLog();
            const preview = JSON.parse(await stack.ok("preview", "--json")) as {
                steps: Array<{ op: string; urn: string; newState?: { type: string; inputs: Record<string, unknown> } }>;
                changeSummary: Record<string, number>;
            };
            expect(preview.changeSummary).to.deep.equal({ create: 3 }); // the stack, the onboarding, the mapping
            const mapping = preview.steps.filter((s) => s.newState?.type.endsWith(":CustomerSubscriptionMapping"));
            expect(mapping).to.have.length(1);
            expect(mapping[0].newState!.inputs.tenantId).to.equal(UNKNOWN);
            expect(mapping[0].newState!.inputs.customerSubscriptionId).to.equal(C(13));
            // The preflight still read the registration; nothing was written.
            expect(emulator.requestLog().some((r) => r.method === "GET" && r.path === registrationId(STAMP2))).to.equal(true);
            expect(writes()).to.deep.equal([]);

            await stack.ok("up", "--yes", "--skip-preview");
            const outputs = await stack.outputs();
            expect(outputs.onboardedTenantId).to.equal(T(13));
            expect(outputs.mappingId).to.equal(`${registrationId(STAMP2)}/customerSubscriptions/${C(13)}`);
            expect(emulator.state.mapping(stampRef(STAMP2), C(13))?.tenantId)
                .to.equal(outputs.mappedTenantId)
                .and.equal(outputs.onboardedTenantId);
            await expectNoChanges(stack);
            await stack.ok("destroy", "--yes");
            expect(emulator.state.mapping(stampRef(STAMP2), C(13))).to.equal(undefined);
        });

        it("with the tenant unknown, preview still refuses a registration that does not exist", async () => {
            const stack = await tenantFromOutput("azurestack-no-such-stamp", C(14), T(14));
            emulator.clearRequestLog();
            const preview = await stack.run("preview");
            expect(preview.code).to.not.equal(0);
            expect(preview.stdout + preview.stderr).to.match(/RegistrationNotFound/);
            expect(writes()).to.deep.equal([]);
        });

        it("the tenant checks run at up, once the tenant is known: an already mapped tenant is refused, nothing overwritten", async () => {
            const stack = await tenantFromOutput(STAMP1, C(15), EXISTING_TENANT);
            await stack.ok("preview");
            const up = await stack.run("up", "--yes", "--skip-preview");
            expect(up.code).to.not.equal(0);
            expect(up.stdout + up.stderr)
                .to.match(/TenantAlreadyMapped/)
                .and.match(new RegExp(EXISTING_SUB));
            expect(emulator.state.mapping(stampRef(STAMP1), EXISTING_SUB)?.tenantId).to.equal(EXISTING_TENANT);
            expect(emulator.state.mapping(stampRef(STAMP1), C(15))).to.equal(undefined);
        });
    });
});
