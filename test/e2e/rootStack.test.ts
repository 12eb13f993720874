/**
 * The root stack through the real Pulumi engine (CLI v-pinned, Automation API, file backend) against the
 * emulator: the numbered cases of issue 4.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { CustomerSubscriptionMapping } from "../../provider";
import {
    C,
    CAPACITY,
    EXISTING_SUB,
    EXISTING_TENANT,
    NON_CSP_SUB,
    OTHER_PARTNER_SUB,
    providerSuiteSeed,
    registrationId,
    REGISTRATION_SUBSCRIPTION,
    RG,
    STAMP1,
    STAMP2,
    T,
    UNAPPROVED,
} from "../support/fixtures";
import { EngineStack, expectCliFailure, type StackData } from "../support/engineStack";

const stampRef = (name: string) => ({ subscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RG, name });

/** Two stamps, one named by fields and one by id; contoso is on both. */
function baseData(): StackData {
    return {
        registrations: {
            west: { registrationSubscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RG, registrationName: STAMP1 },
            east: { registrationId: registrationId(STAMP2) },
        },
        tenants: {
            contoso: { tenantId: T(1), customerSubscriptionId: C(1), stamps: ["west", "east"] },
            fabrikam: { tenantId: T(2), customerSubscriptionId: C(2), stamps: ["west"] },
            adatum: { tenantId: T(3), customerSubscriptionId: C(3), stamps: ["east"] },
        },
    };
}

describe("root stack through the real engine", function () {
    this.timeout(10 * 60_000);
    let emulator: RunningEmulator;
    const stacks: EngineStack[] = [];

    const writes = () => emulator.requestLog().filter((r) => r.kind === "arm" && r.method !== "GET");
    const mappingsOf = (stamp: string) =>
        emulator.state
            .mappings(stampRef(stamp))
            .map((m) => `${m.subscriptionId}=${m.tenantId}`)
            .sort();

    async function newStack(name: string, data?: StackData, config: Record<string, string> = {}): Promise<EngineStack> {
        const stack = await new EngineStack(name).open(emulator.clientEnv(), data, config);
        stacks.push(stack);
        return stack;
    }

    before(async () => {
        emulator = await startEmulator({ seed: providerSuiteSeed(), subscriptionIdMatching: "arm-case-insensitive" });
    });
    after(async () => {
        for (const stack of stacks) await stack.dispose();
        await emulator?.stop();
    });
    beforeEach(async () => {
        // Every case starts from the seed's world.
        for (const stamp of [STAMP1, STAMP2]) {
            for (const m of emulator.state.mappings(stampRef(stamp))) {
                if (m.subscriptionId !== EXISTING_SUB) await emulator.state.deleteMapping(stampRef(stamp), m.subscriptionId);
            }
        }
        emulator.clearRequestLog();
    });

    it("1. previews a new stack with valid data without a single write", async () => {
        const stack = await newStack("preview-new", baseData());
        const result = await stack.stack.preview({ onOutput: stack.onOutput });
        expect(result.changeSummary.create).to.equal(5); // 4 mappings + the stack
        expect(writes()).to.deep.equal([]);
    });

    describe("2. preview failures name the documented code and the fix, and exit non-zero", () => {
        const cases: Array<[string, (d: StackData) => void, RegExp[]]> = [
            [
                "RegistrationNotFound",
                (d) => {
                    d.registrations.west.registrationName = "azurestack-no-such-stamp";
                },
                [/RegistrationNotFound/, /CloudDeploymentID/],
            ],
            [
                "CustomerSubscriptionsNotAllowed",
                (d) => {
                    d.registrations.west.registrationName = CAPACITY;
                },
                [/CustomerSubscriptionsNotAllowed/, /PayAsYouUse/],
            ],
            [
                "UnauthorizedCspRegistration",
                (d) => {
                    d.registrations.west.registrationName = UNAPPROVED;
                },
                [/UnauthorizedCspRegistration/, /azstCSP@microsoft\.com/],
            ],
            [
                "InvalidCustomerSubscriptionId",
                (d) => {
                    d.tenants.fabrikam.customerSubscriptionId = `{${C(2)}}`;
                },
                [/InvalidCustomerSubscriptionId/, /braces/],
            ],
            [
                "the tenant-overwrite guard",
                (d) => {
                    d.tenants.fabrikam.tenantId = EXISTING_TENANT;
                },
                [/TenantAlreadyMapped/, new RegExp(EXISTING_SUB), /allowTenantReassignment: true/],
            ],
        ];
        for (const [label, mutate, expected] of cases) {
            it(label, async () => {
                const data = baseData();
                mutate(data);
                const stack = await newStack(`preview-fail-${label.replace(/\W+/g, "-")}`, data);
                const failure = await expectCliFailure(() => stack.stack.preview({ onOutput: stack.onOutput }));
                expect(failure.exitCode).to.not.equal(0);
                for (const pattern of expected) expect(failure.output).to.match(pattern);
                expect(writes()).to.deep.equal([]);
            });
        }
    });

    it("3. up creates every mapping and the emulator holds exactly what the stack outputs say", async () => {
        const stack = await newStack("up", baseData());
        const result = await stack.stack.up({ onOutput: stack.onOutput });
        expect(result.summary.resourceChanges?.create).to.equal(5);
        const outputs = await stack.outputs();
        expect(outputs.mappingCount).to.equal(4);
        expect(outputs.mappingsPerStamp).to.deep.equal({ west: 2, east: 2 });
        expect(Object.keys(outputs.mappings).sort()).to.deep.equal(["adatum@east", "contoso@east", "contoso@west", "fabrikam@west"]);
        const fromOutputs = (stamp: string) =>
            Object.values(outputs.mappings as Record<string, any>)
                .filter((m) => m.stamp === stamp)
                .map((m) => `${m.customerSubscriptionId}=${m.tenantId}`);
        expect(mappingsOf(STAMP1)).to.deep.equal([...fromOutputs("west"), `${EXISTING_SUB}=${EXISTING_TENANT}`].sort());
        expect(mappingsOf(STAMP2)).to.deep.equal(fromOutputs("east").sort());
        expect(writes().map((r) => r.method)).to.deep.equal(["PUT", "PUT", "PUT", "PUT"]);
    });

    it("4. BadCustomerSubscriptionId and InvalidCSPSubscription surface at up; the rest lands and stays in state", async () => {
        const data = baseData();
        data.tenants.otherPartner = { tenantId: T(40), customerSubscriptionId: OTHER_PARTNER_SUB, stamps: ["west"] };
        data.tenants.notCsp = { tenantId: T(41), customerSubscriptionId: NON_CSP_SUB, stamps: ["east"] };
        const stack = await newStack("up-errors", data);
        // --continue-on-error: the engine otherwise stops starting new steps after the first failure.
        const failure = await expectCliFailure(() => stack.stack.up({ continueOnError: true, onOutput: stack.onOutput }));
        expect(failure.exitCode).to.not.equal(0);
        expect(failure.output)
            .to.match(/BadCustomerSubscriptionId/)
            .and.match(/same partner/);
        expect(failure.output)
            .to.match(/InvalidCSPSubscription/)
            .and.match(/typo/);
        expect(failure.output).to.match(/x-ms-request-id/);
        expect(mappingsOf(STAMP1)).to.deep.equal([`${C(1)}=${T(1)}`, `${C(2)}=${T(2)}`, `${EXISTING_SUB}=${EXISTING_TENANT}`].sort());
        expect(mappingsOf(STAMP2)).to.deep.equal([`${C(1)}=${T(1)}`, `${C(3)}=${T(3)}`].sort());
        const state = JSON.parse(stack.stateText());
        const inState = state.checkpoint.latest.resources
            .filter((r: any) => r.type.endsWith("CustomerSubscriptionMapping"))
            .map((r: any) => r.urn.split("::").pop())
            .sort();
        expect(inState).to.deep.equal(["adatum@east", "contoso@east", "contoso@west", "fabrikam@west"]);
    });

    it("5. changing a tenant id updates in place with one PUT", async () => {
        const data = baseData();
        const stack = await newStack("update-tenant", data);
        await stack.stack.up({ onOutput: stack.onOutput });
        data.tenants.fabrikam.tenantId = T(50);
        await stack.setData(data);
        const preview = await stack.stack.preview({ onOutput: stack.onOutput });
        expect(preview.changeSummary.update).to.equal(1);
        expect(preview.changeSummary.replace ?? 0).to.equal(0);
        emulator.clearRequestLog();
        const result = await stack.stack.up({ onOutput: stack.onOutput });
        expect(result.summary.resourceChanges?.update).to.equal(1);
        expect(writes().map((r) => `${r.method} ${r.path.split("/").pop()}`)).to.deep.equal([`PUT ${C(2)}`]);
        expect(mappingsOf(STAMP1)).to.include(`${C(2)}=${T(50)}`);
    });

    it("6. a case-only change of the subscription id replaces delete-first and leaves one mapping under the new spelling", async () => {
        const data = baseData();
        const stack = await newStack("case-only", data);
        await stack.stack.up({ onOutput: stack.onOutput });
        data.tenants.adatum.customerSubscriptionId = C(3).toUpperCase();
        await stack.setData(data);
        const preview = await stack.stack.preview({ onOutput: stack.onOutput, diff: true });
        expect(preview.changeSummary.replace).to.equal(1);
        emulator.clearRequestLog();
        await stack.stack.up({ onOutput: stack.onOutput });
        // The emulator routes ids case-insensitively like ARM: create-first would have lost the mapping.
        expect(writes().map((r) => r.method)).to.deep.equal(["DELETE", "PUT"]);
        const adatum = emulator.state.mappings(stampRef(STAMP2)).filter((m) => m.subscriptionId.toLowerCase() === C(3));
        expect(adatum.map((m) => m.subscriptionId)).to.deep.equal([C(3).toUpperCase()]);
        expect((await stack.outputs()).mappings["adatum@east"].customerSubscriptionId).to.equal(C(3).toUpperCase());
    });

    it("7. changing to a different subscription replaces create-first", async () => {
        const data = baseData();
        const stack = await newStack("other-sub", data);
        await stack.stack.up({ onOutput: stack.onOutput });
        data.tenants.adatum.customerSubscriptionId = C(7);
        await stack.setData(data);
        emulator.clearRequestLog();
        await stack.stack.up({ onOutput: stack.onOutput });
        expect(writes().map((r) => `${r.method} ${r.path.split("/").pop()}`)).to.deep.equal([`PUT ${C(7)}`, `DELETE ${C(3)}`]);
        expect(mappingsOf(STAMP2)).to.deep.equal([`${C(1)}=${T(1)}`, `${C(7)}=${T(3)}`].sort());
    });

    it("8. drift behind Pulumi's back is detected by preview --refresh and refresh --preview-only, and up repairs it", async () => {
        const stack = await newStack("drift", baseData());
        await stack.stack.up({ onOutput: stack.onOutput });
        await emulator.state.deleteMapping(stampRef(STAMP1), C(2));
        await emulator.state.putMapping(stampRef(STAMP2), C(3), T(80));

        const drift = await expectCliFailure(() => stack.stack.preview({ refresh: true, expectNoChanges: true, onOutput: stack.onOutput }));
        expect(drift.exitCode).to.not.equal(0);
        expect(drift.output).to.include("fabrikam@west").and.include("adatum@east");

        const refreshPreview = await stack.stack.previewRefresh({ onOutput: stack.onOutput });
        expect(refreshPreview.stdout).to.include("fabrikam@west").and.include("adatum@east");
        expect(mappingsOf(STAMP1)).to.not.include(`${C(2)}=${T(2)}`, "refresh --preview-only changes nothing");

        emulator.clearRequestLog();
        await stack.stack.up({ refresh: true, onOutput: stack.onOutput });
        expect(mappingsOf(STAMP1)).to.deep.equal([`${C(1)}=${T(1)}`, `${C(2)}=${T(2)}`, `${EXISTING_SUB}=${EXISTING_TENANT}`].sort());
        expect(mappingsOf(STAMP2)).to.deep.equal([`${C(1)}=${T(1)}`, `${C(3)}=${T(3)}`].sort());
        await stack.stack.preview({ refresh: true, expectNoChanges: true, onOutput: stack.onOutput });
    });

    it("9. a mapping whose tenant id is another resource's output previews cleanly", async () => {
        const stack = await newStack("unknown-input");
        const tenantSource: pulumi.dynamic.ResourceProvider = {
            async create(inputs) {
                return { id: "tenant-source", outs: { tenantId: inputs.value } };
            },
        };
        class TenantSource extends pulumi.dynamic.Resource {
            declare readonly tenantId: pulumi.Output<string>;
            constructor(name: string, value: string) {
                super(tenantSource, name, { value, tenantId: undefined });
            }
        }
        const program = async () => {
            const source = new TenantSource("tenant-source", T(90));
            const mapping = new CustomerSubscriptionMapping("from-output", {
                registrationId: registrationId(STAMP2),
                customerSubscriptionId: C(9),
                tenantId: source.tenantId,
            });
            return { id: mapping.id };
        };
        const preview = await stack.stack.preview({ program, onOutput: stack.onOutput });
        expect(preview.changeSummary.create).to.equal(3);
        expect(writes()).to.deep.equal([]);
        await stack.stack.up({ program, onOutput: stack.onOutput });
        expect(mappingsOf(STAMP2)).to.include(`${C(9)}=${T(90)}`);
        await stack.stack.destroy({ onOutput: stack.onOutput });
    });

    it("10. destroy removes every mapping, and one already gone does not fail it", async () => {
        const stack = await newStack("destroy", baseData());
        await stack.stack.up({ onOutput: stack.onOutput });
        await emulator.state.deleteMapping(stampRef(STAMP2), C(3));
        await stack.stack.destroy({ onOutput: stack.onOutput });
        expect(mappingsOf(STAMP1)).to.deep.equal([`${EXISTING_SUB}=${EXISTING_TENANT}`]);
        expect(mappingsOf(STAMP2)).to.deep.equal([]);
    });

    it("11. neither the state file, the serialized provider nor the CLI output holds a token or the client secret", async () => {
        const stack = await newStack("secrets", baseData());
        await stack.stack.up({ onOutput: stack.onOutput });
        await stack.stack.refresh({ onOutput: stack.onOutput });
        const state = stack.stateText();
        const secret = emulator.clientEnv().AZURE_CLIENT_SECRET;
        for (const text of [state, stack.output]) {
            expect(text).to.not.include(secret);
            expect(text).to.not.match(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, "no JWT");
            expect(text).to.not.match(/Bearer\s+[A-Za-z0-9]/);
        }
        const providers = JSON.parse(state)
            .checkpoint.latest.resources.filter((r: any) => r.type.endsWith("CustomerSubscriptionMapping"))
            .map((r: any) => r.outputs.__provider as string);
        expect(providers).to.have.length(4);
        for (const serialized of providers) {
            expect(serialized).to.not.include(secret);
            expect(serialized.length).to.be.lessThan(8 * 1024);
        }
    });
});
