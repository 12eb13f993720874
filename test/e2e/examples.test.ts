/**
 * Case 12: every example type-checks; the ones that need no downloadable plugin are deployed through the
 * real engine against the emulator.
 */
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { PROJECT_ROOT } from "../../runner/engine";
import { UNKNOWN } from "../../provider";
import {
    C, EXISTING_SUB, EXISTING_TENANT, REGISTRATION_SUBSCRIPTION, registrationId, RG, STAMP1, STAMP2, T, testSeed,
} from "../support/fixtures";
import { lastJsonLine, runCommand } from "../support/commands";
import { EngineStack, expectCliFailure } from "../support/engineStack";

const EXAMPLES = path.join(PROJECT_ROOT, "examples");
const compiled = (name: string) => require(path.join(PROJECT_ROOT, "dist", "examples", name, "index.js"));
const stampRef = (name: string) => ({ subscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RG, name });

describe("12. examples", function () {
    this.timeout(15 * 60_000);
    let emulator: RunningEmulator;
    const stacks: EngineStack[] = [];

    before(async () => {
        emulator = await startEmulator({ seed: testSeed() });
    });
    after(async () => {
        for (const stack of stacks) await stack.dispose();
        await emulator?.stop();
    });

    const writes = () => emulator.requestLog().filter((r) => r.kind === "arm" && r.method !== "GET");
    /** The emulator's mappings of a stamp, as `subscription=tenant`. */
    const mappingsOn = (stamp: string) => emulator.state.mappings(stampRef(stamp)).map((m) => `${m.subscriptionId}=${m.tenantId}`).sort();

    async function exampleStack(example: string, config: Record<string, string>, name = example): Promise<EngineStack> {
        const stack = new EngineStack(`example-${name}`, path.join(EXAMPLES, example), compiled(example));
        stacks.push(stack);
        await stack.open(emulator.clientEnv(), undefined,
            Object.fromEntries(Object.entries(config).map(([key, value]) => [`${example}:${key}`, value])));
        return stack;
    }

    /** `pulumi preview --refresh --expect-no-changes`: state, program and Azure agree, and nothing is written. */
    async function expectNoChanges(stack: EngineStack): Promise<void> {
        emulator.clearRequestLog();
        const preview = await stack.stack.preview({ refresh: true, expectNoChanges: true, onOutput: stack.onOutput });
        expect(Object.keys(preview.changeSummary)).to.deep.equal(["same"]);
        expect(writes()).to.deep.equal([]);
    }

    it("azure-native-registration type-checks against the real @pulumi/azure-native (plugin needed, so not deployed)", () => {
        const dir = path.join(EXAMPLES, "azure-native-registration");
        // Scripts stay off: azure-native's would try to fetch its plugin, which cannot be downloaded here.
        if (!existsSync(path.join(dir, "node_modules", "@pulumi", "azure-native"))) {
            execFileSync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "pipe" });
        }
        const tsc = path.join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc");
        const result = (() => {
            try {
                return { code: 0, output: execFileSync(process.execPath, [tsc, "-p", dir], { cwd: dir, encoding: "utf8" }) };
            } catch (error) {
                const e = error as { status: number; stdout: string };
                return { code: e.status, output: e.stdout };
            }
        })();
        expect(result.output).to.equal("");
        expect(result.code).to.equal(0);
    });

    it("single-mapping deploys, previews without changes, and is destroyed, through the real engine", async () => {
        const stack = await exampleStack("single-mapping", {
            registrationSubscriptionId: REGISTRATION_SUBSCRIPTION,
            registrationName: STAMP1,
            customerSubscriptionId: C(12),
            tenantId: T(12),
        });
        await stack.stack.up({ onOutput: stack.onOutput });
        const outputs = await stack.outputs();
        expect(outputs.mappingId).to.equal(`${registrationId(STAMP1)}/customerSubscriptions/${C(12)}`);
        expect(emulator.state.mapping(stampRef(STAMP1), C(12))?.tenantId).to.equal(outputs.tenantId).and.equal(T(12));
        await expectNoChanges(stack);
        await stack.stack.destroy({ onOutput: stack.onOutput });
        expect(emulator.state.mapping(stampRef(STAMP1), C(12))).to.equal(undefined);
    });

    it("registration-report lists the registration's mappings and the ones no stack manages", async () => {
        // This program calls Azure itself, so it runs in a process started with the credentials and the CA.
        const run = await runCommand(process.execPath, [path.join(__dirname, "..", "support", "runInlineProgram.js"), JSON.stringify({
            name: "example-report", projectDir: path.join(EXAMPLES, "registration-report"),
            programModule: path.join(PROJECT_ROOT, "dist", "examples", "registration-report", "index.js"),
            config: { "registration-report:registrationId": registrationId(STAMP1) },
        })], { env: { ...process.env, ...emulator.clientEnv() } });
        expect(run.code, run.stderr).to.equal(0);
        const outputs = lastJsonLine<{ total: number; notManagedHere: unknown[] }>(run, "the registration-report program");
        expect(outputs.total).to.equal(1);
        expect(outputs.notManagedHere).to.deep.equal([{ customerSubscriptionId: EXISTING_SUB, tenantId: EXISTING_TENANT }]);
    });

    it("multiple-stamps maps each customer on each of its stamps; the emulator holds what the outputs say", async () => {
        const before: Record<string, string[]> = { [STAMP1]: mappingsOn(STAMP1), [STAMP2]: mappingsOn(STAMP2) };
        const stack = await exampleStack("multiple-stamps", {
            stamps: JSON.stringify({ east: registrationId(STAMP1), west: registrationId(STAMP2) }),
        });
        await stack.stack.up({ onOutput: stack.onOutput });
        const mappings = (await stack.outputs()).mappings as Record<string, { registrationId: string; customerSubscriptionId: string; tenantId: string }>;
        // The example's customers: contoso on both stamps, fabrikam on east, northwind on west.
        expect(Object.keys(mappings).sort()).to.deep.equal(["contoso@east", "contoso@west", "fabrikam@east", "northwind@west"]);
        expect(mappings["contoso@east"]!.tenantId).to.equal(mappings["contoso@west"]!.tenantId);
        for (const stamp of [STAMP1, STAMP2]) {
            const fromOutputs = Object.values(mappings).filter((m) => m.registrationId === registrationId(stamp))
                .map((m) => `${m.customerSubscriptionId}=${m.tenantId}`);
            expect(fromOutputs, stamp).to.have.length(2);
            expect(mappingsOn(stamp), stamp).to.deep.equal([...before[stamp]!, ...fromOutputs].sort());
        }
        await expectNoChanges(stack);
        await stack.stack.destroy({ onOutput: stack.onOutput });
        expect({ [STAMP1]: mappingsOn(STAMP1), [STAMP2]: mappingsOn(STAMP2) }).to.deep.equal(before);
    });

    it("multiple-stamps names a stamp its customers use that the stack config lacks", async () => {
        const stack = await exampleStack("multiple-stamps", { stamps: JSON.stringify({ east: registrationId(STAMP1) }) }, "multiple-stamps-missing");
        emulator.clearRequestLog();
        const failure = await expectCliFailure(() => stack.stack.preview({ onOutput: stack.onOutput }));
        expect(failure.output).to.match(/uses stamp 'west', which stack config 'stamps' does not have/);
        expect(writes()).to.deep.equal([]);
    });

    describe("tenant-from-output", () => {
        const tenantFromOutput = (name: string, registration: string, subscription: string, tenant: string) =>
            exampleStack("tenant-from-output", { registrationId: registrationId(registration), customerSubscriptionId: subscription, customerTenantId: tenant }, name);

        it("previews with the tenant unknown, deploys it from the onboarding's output, and is destroyed", async () => {
            // Upper case on purpose: the mapping gets the onboarding's (lower-cased) output, not this config value.
            const stack = await tenantFromOutput("tenant-from-output", STAMP2, C(13), T(13).toUpperCase());
            emulator.clearRequestLog();
            const mappingInputsAtPreview: Array<Record<string, unknown>> = [];
            const preview = await stack.stack.preview({ onOutput: stack.onOutput, onEvent: (event) => {
                const step = event.resourcePreEvent?.metadata;
                if (step?.type.endsWith(":CustomerSubscriptionMapping")) mappingInputsAtPreview.push(step.new!.inputs);
            } });
            expect(preview.changeSummary).to.deep.equal({ create: 3 }); // the stack, the onboarding, the mapping
            expect(mappingInputsAtPreview).to.have.length(1);
            expect(mappingInputsAtPreview[0]!.tenantId).to.equal(UNKNOWN);
            expect(mappingInputsAtPreview[0]!.customerSubscriptionId).to.equal(C(13));
            // The preflight still read the registration; nothing was written.
            expect(emulator.requestLog().some((r) => r.method === "GET" && r.path === registrationId(STAMP2))).to.equal(true);
            expect(writes()).to.deep.equal([]);

            await stack.stack.up({ onOutput: stack.onOutput });
            const outputs = await stack.outputs();
            expect(outputs.onboardedTenantId).to.equal(T(13));
            expect(outputs.mappingId).to.equal(`${registrationId(STAMP2)}/customerSubscriptions/${C(13)}`);
            expect(emulator.state.mapping(stampRef(STAMP2), C(13))?.tenantId).to.equal(outputs.mappedTenantId).and.equal(outputs.onboardedTenantId);
            await expectNoChanges(stack);
            await stack.stack.destroy({ onOutput: stack.onOutput });
            expect(emulator.state.mapping(stampRef(STAMP2), C(13))).to.equal(undefined);
        });

        it("with the tenant unknown, preview still refuses a registration that does not exist", async () => {
            const stack = await tenantFromOutput("tenant-from-output-no-registration", "azurestack-no-such-stamp", C(14), T(14));
            emulator.clearRequestLog();
            const failure = await expectCliFailure(() => stack.stack.preview({ onOutput: stack.onOutput }));
            expect(failure.output).to.match(/RegistrationNotFound/);
            expect(writes()).to.deep.equal([]);
        });

        it("the tenant checks run at up, once the tenant is known: an already mapped tenant is refused, nothing overwritten", async () => {
            const stack = await tenantFromOutput("tenant-from-output-mapped-tenant", STAMP1, C(15), EXISTING_TENANT);
            await stack.stack.preview({ onOutput: stack.onOutput });
            const failure = await expectCliFailure(() => stack.stack.up({ onOutput: stack.onOutput }));
            expect(failure.output).to.match(/TenantAlreadyMapped/).and.match(new RegExp(EXISTING_SUB));
            expect(emulator.state.mapping(stampRef(STAMP1), EXISTING_SUB)?.tenantId).to.equal(EXISTING_TENANT);
            expect(emulator.state.mapping(stampRef(STAMP1), C(15))).to.equal(undefined);
        });
    });
});
