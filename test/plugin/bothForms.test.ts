/**
 * One table of cases, run against both forms of the product, each driven over gRPC as the engine drives it:
 * the dynamic resource through the real dynamic-provider host, and the plugin resource through the real
 * plugin process (bin/pulumi-resource-azurestack-tenant-mappings), each against its own emulator with the same
 * seed. Errors, localization, preflight at preview, the guard against re-pointing and the eight documented
 * codes must behave identically: each case asserts the behaviour, and the last suite compares what the two
 * forms answered, word for word (request ids aside).
 */
import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator";
import {
    C,
    CAPACITY,
    EXISTING_SUB,
    FLAKY_SUB,
    LOCKED,
    LOCKED_TENANT,
    mappingArgs,
    NON_CSP_SUB,
    OTHER_PARTNER_SUB,
    providerSuiteSeed,
    REGISTRATION_SUBSCRIPTION,
    RG,
    STAMP1,
    STAMP2,
    T,
    UNAPPROVED,
} from "../support/fixtures";
import { failureOf, ProviderHost, type ProviderForm } from "../support/providerHost";

const FORMS: ProviderForm[] = ["dynamic", "plugin"];
const ref = (name: string) => ({ subscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RG, name });
/** What each form answered, by case: compared at the end. */
const answers: Record<string, Partial<Record<ProviderForm, unknown>>> = {};

/** Azure's request and correlation ids and the etags it makes differ from run to run; everything else must not. */
const sameWords = (value: unknown) =>
    JSON.parse(JSON.stringify(value).replace(/(x-ms-[a-z-]*id:? )[0-9a-f-]{36}/g, "$1<id>"), (key, v) =>
        key === "etag" && v ? "<etag>" : v,
    );

type Case = (host: ProviderHost, emulator: RunningEmulator) => Promise<unknown>;

const writes = (emulator: RunningEmulator) => emulator.requestLog().filter((r) => r.kind === "arm" && r.method !== "GET");

/** The cases: each returns what the form answered, for the comparison. */
const CASES: Record<string, Case> = {
    "refuses bad input offline, naming the property, with no request": async (host, emulator) => {
        const { failures } = await host.check("bad", {}, mappingArgs("../../x", `{${C(4)}}`, T(4)));
        expect(failures.map((f) => f.property).sort()).to.deep.equal(["customerSubscriptionId", "registrationName"]);
        expect(emulator.requestLog()).to.deep.equal([]);
        return failures;
    },
    "InvalidCustomerSubscriptionId at preview when malformed": async (host) => {
        const { failures } = await host.check("malformed", {}, mappingArgs(STAMP2, "not-a-subscription", T(4)));
        expect(failures.map((f) => f.reason)).to.satisfy((r: string[]) => r.some((x) => x.startsWith("InvalidCustomerSubscriptionId")));
        return failures;
    },
    ...Object.fromEntries(
        (
            [
                ["azurestack-does-not-exist", "RegistrationNotFound", /CloudDeploymentID/],
                [CAPACITY, "CustomerSubscriptionsNotAllowed", /PayAsYouUse/],
                [UNAPPROVED, "UnauthorizedCspRegistration", /azstCSP@microsoft\.com/],
            ] as const
        ).map(([stamp, code, remedy]): [string, Case] => [
            `${code} at preview, on the registration property, writing nothing`,
            async (host, emulator) => {
                const { failures } = await host.check(`r-${code}`, {}, mappingArgs(stamp, C(5), T(5)));
                expect(failures).to.have.length(1);
                expect(failures[0].property).to.equal("registrationName");
                expect(failures[0].reason)
                    .to.match(new RegExp(`^${code}: `))
                    .and.match(remedy);
                expect(writes(emulator)).to.deep.equal([]);
                return failures;
            },
        ]),
    ),
    "guards a tenant mapped to another subscription, and a subscription mapped elsewhere": async (host, emulator) => {
        const tenant = await host.check("guard", {}, mappingArgs(LOCKED, C(6), LOCKED_TENANT));
        const subscription = await host.check("repoint", {}, mappingArgs(STAMP1, EXISTING_SUB, T(7)));
        expect(tenant.failures.map((f) => f.property)).to.deep.equal(["tenantId"]);
        expect(subscription.failures.map((f) => f.property)).to.deep.equal(["customerSubscriptionId"]);
        expect(writes(emulator)).to.deep.equal([]);
        return [tenant.failures, subscription.failures];
    },
    ...Object.fromEntries(
        (
            [
                [OTHER_PARTNER_SUB, "BadCustomerSubscriptionId", /same partner/, 30],
                [NON_CSP_SUB, "InvalidCSPSubscription", /typo/, 31],
            ] as const
        ).map(([subscription, code, remedy, n]): [string, Case] => [
            `${code} at up, with its remediation and Azure's ids, creating nothing`,
            async (host, emulator) => {
                const { inputs, failures } = await host.check(code, {}, mappingArgs(STAMP2, subscription, T(n)));
                expect(failures).to.deep.equal([]);
                const error = await failureOf(host.create(code, inputs));
                expect(error.message)
                    .to.match(new RegExp(`^${code}: `))
                    .and.match(remedy)
                    .and.match(/x-ms-request-id [0-9a-f-]{36}/);
                expect(emulator.state.mapping(ref(STAMP2), subscription)).to.equal(undefined);
                return error.message;
            },
        ]),
    ),
    "retries MetadataResolverBadGatewayError until the PUT goes through": async (host, emulator) => {
        const { inputs } = await host.check("flaky", {}, mappingArgs(STAMP2, FLAKY_SUB, T(21)));
        emulator.clearRequestLog();
        const created = await host.create("flaky", inputs);
        expect(writes(emulator).map((r) => r.errorCode ?? r.status)).to.deep.equal([
            "MetadataResolverBadGatewayError",
            "MetadataResolverBadGatewayError",
            201,
        ]);
        return created;
    },
    "CustomerSubscriptionNotFound at refresh: a mapping deleted outside reads as gone": async (host, emulator) => {
        const { inputs } = await host.check("gone", {}, mappingArgs(STAMP2, C(8), T(8)));
        const created = await host.create("gone", inputs);
        await emulator.state.deleteMapping(ref(STAMP2), C(8));
        const read = await host.read("gone", created.id, created.outputs);
        expect(read.id).to.equal("");
        return read;
    },
    "creates, reads, updates in place and replaces a re-spelled subscription delete-first": async (host) => {
        const { inputs } = await host.check("life", {}, mappingArgs(STAMP2, C(9), T(9)));
        const created = await host.create("life", inputs);
        const read = await host.read("life", created.id, created.outputs);
        expect(read.inputs).to.deep.equal(inputs);
        const retargeted = { ...inputs, tenantId: T(10) };
        const update = await host.diff("life", created.id, created.outputs, retargeted);
        expect(update).to.include({ changes: "DIFF_SOME", deleteBeforeReplace: false });
        expect(update.replaces).to.deep.equal([]);
        const outputs = await host.update("life", created.id, created.outputs, retargeted);
        expect(outputs.tenantId).to.equal(T(10));
        const respelled = { ...retargeted, customerSubscriptionId: C(9).toUpperCase() };
        const replace = await host.diff("life", created.id, outputs, respelled);
        expect(replace).to.include({ changes: "DIFF_SOME", deleteBeforeReplace: true });
        expect(replace.replaces).to.deep.equal(["customerSubscriptionId"]);
        // The plugin also names each changed input and what its change does (the dynamic-provider host cannot).
        if (host.form === "plugin") {
            expect(update.detailedDiff).to.deep.equal({ tenantId: "update" });
            expect(replace.detailedDiff).to.deep.equal({ customerSubscriptionId: "updateReplace" });
        }
        return [created, read, { ...update, detailedDiff: undefined }, outputs, { ...replace, detailedDiff: undefined }];
    },
};

for (const form of FORMS) {
    describe(`the ${form} resource over gRPC, against the emulator`, function () {
        this.timeout(60_000);
        let emulator: RunningEmulator;
        let host: ProviderHost;
        before(async () => {
            emulator = await startEmulator({ seed: providerSuiteSeed() });
            host = new ProviderHost(form);
            await host.start(emulator.clientEnv());
            await host.configure({});
        });
        after(async () => {
            await host?.stop();
            await emulator?.stop();
        });
        beforeEach(() => emulator.clearRequestLog());

        for (const [name, run] of Object.entries(CASES)) {
            it(name, async () => {
                (answers[name] ??= {})[form] = sameWords(await run(host, emulator));
            });
        }

        it("explains in the configured language (fr-FR), at preview and at up", async () => {
            const french = new ProviderHost(form);
            try {
                await french.start(emulator.clientEnv());
                await french.configure({ "azurestack-tenant-mappings:locale": "fr-FR" });
                const { failures } = await french.check("capacity", {}, mappingArgs(CAPACITY, C(2), T(2)));
                expect(failures[0].reason).to.match(/^CustomerSubscriptionsNotAllowed: L’inscription « azurestack-capacity » /);
                const { inputs } = await french.check("non-csp", {}, mappingArgs(STAMP2, NON_CSP_SUB, T(3)));
                const error = await failureOf(french.create("non-csp", inputs));
                expect(error.message)
                    .to.match(/^InvalidCSPSubscription: /)
                    .and.include("\nSolution : ");
                (answers["in French"] ??= {})[form] = sameWords([failures, error.message]);
            } finally {
                await french.stop();
            }
        });
    });
}

describe("the dynamic and the plugin resource answered alike", () => {
    it("every case, word for word", () => {
        for (const [name, byForm] of Object.entries(answers)) {
            expect(byForm.plugin, name).to.deep.equal(byForm.dynamic);
        }
        expect(Object.keys(answers)).to.have.length(Object.keys(CASES).length + 1);
    });
});
