/**
 * The provider as the engine drives it: the real dynamic-provider host process, gRPC calls carrying the
 * serialized provider, the real @azure/identity token flow, real HTTPS to the emulator.
 */
import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator";
import {
    C,
    CAPACITY,
    EXISTING_SUB,
    EXISTING_TENANT,
    FLAKY_SUB,
    LOCKED,
    LOCKED_SUB,
    LOCKED_TENANT,
    mappingArgs,
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
import { failureOf, ProviderHost, withFreshHost } from "../support/providerHost";

const ref = (name: string) => ({ subscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RG, name });

describe("provider host over gRPC, against the emulator", function () {
    this.timeout(60_000);
    let emulator: RunningEmulator;
    let host: ProviderHost;

    const armRequests = () => emulator.requestLog().filter((r) => r.kind === "arm");
    const writes = () => armRequests().filter((r) => r.method !== "GET");

    before(async () => {
        emulator = await startEmulator({ seed: providerSuiteSeed() });
        host = new ProviderHost();
        await host.start(emulator.clientEnv());
        await host.configure({});
    });
    after(async () => {
        await host?.stop();
        await emulator?.stop();
    });
    beforeEach(() => emulator.clearRequestLog());

    describe("check (preview)", () => {
        it("validates a new mapping with one preflight per registration and writes nothing", async () => {
            const first = await host.check("m1", {}, mappingArgs(STAMP2, C(1), T(1).toUpperCase()));
            expect(first.failures).to.deep.equal([]);
            expect(first.inputs).to.deep.equal({
                registrationId: registrationId(STAMP2),
                registrationSubscriptionId: REGISTRATION_SUBSCRIPTION,
                resourceGroup: RG,
                registrationName: STAMP2,
                customerSubscriptionId: C(1),
                tenantId: T(1),
                apiVersion: "2017-06-01",
                allowTenantReassignment: false,
            });
            const preflight = armRequests();
            expect(preflight.map((r) => r.method)).to.deep.equal(["GET", "GET"]);
            expect(preflight.map((r) => r.path).sort()).to.deep.equal([
                `/subscriptions/${REGISTRATION_SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.AzureStack/registrations/${STAMP2}`,
                `/subscriptions/${REGISTRATION_SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.AzureStack/registrations/${STAMP2}/customerSubscriptions`,
            ]);
            const second = await host.check("m2", {}, mappingArgs(STAMP2, C(2), T(2)));
            expect(second.failures).to.deep.equal([]);
            expect(armRequests()).to.have.length(2, "the registration's snapshot is shared by every mapping on it");
        });

        it("refuses bad input offline, naming the property, with no request", async () => {
            const { failures } = await host.check("bad", {}, mappingArgs("../../x", `{${C(4)}}`, T(4)));
            expect(failures.map((f) => f.property).sort()).to.deep.equal(["customerSubscriptionId", "registrationName"]);
            expect(failures.find((f) => f.property === "customerSubscriptionId")!.reason).to.match(/braces/);
            expect(emulator.requestLog()).to.deep.equal([]);
        });

        const registrationFailures: Array<[string, string, RegExp]> = [
            ["azurestack-does-not-exist", "RegistrationNotFound", /CloudDeploymentID/],
            [CAPACITY, "CustomerSubscriptionsNotAllowed", /PayAsYouUse/],
            [UNAPPROVED, "UnauthorizedCspRegistration", /azstCSP@microsoft\.com/],
        ];
        for (const [stamp, code, remedy] of registrationFailures) {
            it(`reports ${code} at preview on the registration property`, async () => {
                const { failures } = await host.check(`r-${code}`, {}, mappingArgs(stamp, C(5), T(5)));
                expect(failures).to.have.length(1);
                expect(failures[0].property).to.equal("registrationName");
                expect(failures[0].reason)
                    .to.match(new RegExp(`^${code}: `))
                    .and.match(remedy);
                expect(writes()).to.deep.equal([]);
            });
        }

        it("names registrationId as the property when the registration was named by id", async () => {
            const { failures } = await host.check(
                "by-id",
                {},
                { registrationId: registrationId(CAPACITY), customerSubscriptionId: C(5), tenantId: T(5) },
            );
            expect(failures.map((f) => f.property)).to.deep.equal(["registrationId"]);
        });

        it("refuses to overwrite a tenant's mapping to another subscription unless told to", async () => {
            const guarded = await host.check("guard", {}, mappingArgs(LOCKED, C(6), LOCKED_TENANT));
            expect(guarded.failures.map((f) => f.property)).to.deep.equal(["tenantId"]);
            expect(guarded.failures[0].reason)
                .to.match(/^TenantAlreadyMapped: /)
                .and.include(LOCKED_SUB)
                .and.match(/allowTenantReassignment: true/);
            const allowed = await host.check("guard-ok", {}, mappingArgs(LOCKED, C(6), LOCKED_TENANT, { allowTenantReassignment: true }));
            expect(allowed.failures).to.deep.equal([]);
        });

        it("refuses to re-point a subscription mapped outside this resource", async () => {
            const { failures } = await host.check("repoint", {}, mappingArgs(STAMP1, EXISTING_SUB, T(7)));
            expect(failures.map((f) => f.property)).to.deep.equal(["customerSubscriptionId"]);
            expect(failures[0].reason).to.include(EXISTING_TENANT);
        });

        it("lets an identical existing mapping through to be adopted, and says so; refuses it with adoptExisting: false", async () => {
            const before = host.stderr.length;
            const adopted = await host.check("exists", {}, mappingArgs(STAMP1, EXISTING_SUB, EXISTING_TENANT));
            expect(adopted.failures).to.deep.equal([]);
            expect(await host.stderrFrom(before, "adopts it into this stack"))
                .to.include(`${STAMP1}: customer subscription ${EXISTING_SUB} already maps tenant ${EXISTING_TENANT}`)
                .and.include("adopts it into this stack without writing");
            const refused = await host.check("exists", {}, mappingArgs(STAMP1, EXISTING_SUB, EXISTING_TENANT, { adoptExisting: false }));
            expect(refused.failures.map((f) => f.property)).to.deep.equal(["customerSubscriptionId"]);
            expect(refused.failures[0].reason)
                .to.match(/^MappingAlreadyExists: /)
                .and.match(/adoptExisting: true/);
        });

        it("does not adopt a mapping of the subscription spelled with other letter case", async () => {
            const { failures } = await host.check("spelling", {}, mappingArgs(STAMP1, EXISTING_SUB.toUpperCase(), EXISTING_TENANT));
            expect(failures.map((f) => f.property)).to.deep.equal(["customerSubscriptionId"]);
            expect(failures[0].reason)
                .to.match(/^MappingAlreadyExists: /)
                .and.include(`customerSubscriptionId: ${EXISTING_SUB}`);
        });

        it("lets a resource change the tenant of the mapping it already manages", async () => {
            const olds = (await host.check("owned", {}, mappingArgs(STAMP1, EXISTING_SUB, EXISTING_TENANT, { adoptExisting: true })))
                .inputs;
            const { failures } = await host.check("owned", olds, mappingArgs(STAMP1, EXISTING_SUB, T(8)));
            expect(failures).to.deep.equal([]);
        });

        it("refuses two mappings of one program that give a tenant two subscriptions", async () => {
            expect((await host.check("twin-a", {}, mappingArgs(STAMP2, C(9), T(9)))).failures).to.deep.equal([]);
            const { failures } = await host.check("twin-b", {}, mappingArgs(STAMP2, C(10), T(9)));
            expect(failures.map((f) => f.property)).to.deep.equal(["tenantId"]);
            expect(failures[0].reason)
                .to.match(/another CustomerSubscriptionMapping in this program/)
                .and.include(C(9));
        });
    });

    describe("create, read, update, delete (up and refresh)", () => {
        it("creates with one PUT and accepts 201 with an empty body", async () => {
            const { inputs } = await host.check("c11", {}, mappingArgs(STAMP1, C(11), T(11)));
            emulator.clearRequestLog();
            const { id, outputs } = await host.create("c11", inputs);
            expect(id).to.equal(`${registrationId(STAMP1)}/customerSubscriptions/${C(11)}`);
            expect(outputs).to.deep.include({ ...inputs, name: C(11), type: "Microsoft.AzureStack/registrations/customerSubscriptions" });
            expect(armRequests().map((r) => `${r.method} ${r.status}`)).to.deep.equal(["PUT 201"]);
            expect(emulator.state.mapping(ref(STAMP1), C(11))?.tenantId).to.equal(T(11));
        });

        it("creates only if absent: a mapping that appeared after the preview is not overwritten", async () => {
            // Another stack maps the subscription to another tenant meanwhile: refused, nothing written.
            const { inputs, failures } = await host.check("race", {}, mappingArgs(STAMP1, C(22), T(22)));
            expect(failures).to.deep.equal([]);
            const rival = await emulator.state.putMapping(ref(STAMP1), C(22), T(23));
            const error = await failureOf(host.create("race", inputs));
            expect(error.message)
                .to.match(/^SubscriptionAlreadyMapped: /)
                .and.include(T(23))
                .and.match(/allowTenantReassignment: true/);
            expect(emulator.state.mapping(ref(STAMP1), C(22))?.etag).to.equal(rival.etag);
            expect(writes().map((r) => `${r.method} ${r.status}`)).to.deep.equal(["PUT 412"]);

            // An identical one, with adoption turned off for the mapping: refused too.
            const strict = await host.check("race-strict", {}, mappingArgs(STAMP1, C(24), T(24), { adoptExisting: false }));
            const identical = await emulator.state.putMapping(ref(STAMP1), C(24), T(24));
            const refused = await failureOf(host.create("race-strict", strict.inputs));
            expect(refused.message)
                .to.match(/^MappingAlreadyExists: /)
                .and.match(/adoptExisting: true/);
            expect(emulator.state.mapping(ref(STAMP1), C(24))?.etag).to.equal(identical.etag);
        });

        it("adopts an identical mapping that appeared after the preview: its create-only PUT is refused, nothing is overwritten", async () => {
            const { inputs } = await host.check("race-adopt", {}, mappingArgs(STAMP1, C(25), T(25)));
            const identical = await emulator.state.putMapping(ref(STAMP1), C(25), T(25));
            emulator.clearRequestLog();
            const { outputs } = await host.create("race-adopt", inputs);
            expect(outputs).to.include({ tenantId: T(25), etag: identical.etag });
            expect(armRequests().map((r) => `${r.method} ${r.status}`)).to.deep.equal(["PUT 412", "GET 200"]);
        });

        it("adopts an existing identical mapping without any write (confirmed by this process's listing, or one GET once it is older than a minute), and says so", async () => {
            const { inputs, failures } = await host.check("adopt", {}, mappingArgs(STAMP1, EXISTING_SUB, EXISTING_TENANT));
            expect(failures).to.deep.equal([]);
            const before = emulator.state.mapping(ref(STAMP1), EXISTING_SUB);
            const logged = host.stderr.length;
            emulator.clearRequestLog();
            const { id, outputs } = await host.create("adopt", inputs);
            // This suite's host took its preflight listing of the stamp at its first check, which may be over a
            // minute ago (listing.ts); test/protocol/listing.test.ts counts the no-GET case on a fresh host.
            const requests = armRequests().map((r) => `${r.method} ${r.status}`);
            expect(
                requests.filter((r) => r !== "GET 200"),
                "no write",
            ).to.deep.equal([]);
            expect(requests.length, "nothing, or one read").to.be.at.most(1);
            expect(outputs).to.include({ tenantId: EXISTING_TENANT, etag: before?.etag });
            expect(emulator.state.mapping(ref(STAMP1), EXISTING_SUB)).to.deep.equal(before);
            // Led by what a person recognises, the ARM id last.
            expect(await host.stderrFrom(logged, "adopted customer subscription"))
                .to.include(`${STAMP1}: adopted customer subscription ${EXISTING_SUB} (tenant ${EXISTING_TENANT})`)
                .and.include(`without writing to it. (${id})`);
        });

        it("accepts 200 with the resource body and keeps its etag", async () => {
            emulator.configure({ putResponse: "200-body" });
            try {
                const { inputs } = await host.check("c12", {}, mappingArgs(STAMP1, C(12), T(12)));
                const { outputs } = await host.create("c12", inputs);
                expect(outputs.etag)
                    .to.be.a("string")
                    .and.equal(emulator.state.mapping(ref(STAMP1), C(12))?.etag);
            } finally {
                emulator.configure({ putResponse: "201-empty" });
            }
        });

        it("reads back outputs shaped like create's and inputs shaped like check's", async () => {
            const { inputs } = await host.check("c13", {}, mappingArgs(STAMP1, C(13), T(13)));
            const created = await host.create("c13", inputs);
            const read = await host.read("c13", created.id, created.outputs);
            expect(read.id).to.equal(created.id);
            expect(Object.keys(read.outputs).sort()).to.deep.equal(Object.keys(created.outputs).sort());
            expect(read.inputs).to.deep.equal(inputs);
            expect((await host.diff("c13", created.id, read.outputs, inputs)).changes).to.equal("DIFF_NONE");
        });

        it("sees drift: a re-pointed mapping reads its new tenant, a deleted one reads as gone", async () => {
            const { inputs } = await host.check("c14", {}, mappingArgs(STAMP1, C(14), T(14)));
            const created = await host.create("c14", inputs);
            await emulator.state.putMapping(ref(STAMP1), C(14), T(99));
            const drifted = await host.read("c14", created.id, created.outputs);
            expect(drifted.outputs.tenantId).to.equal(T(99));
            expect(drifted.inputs?.tenantId).to.equal(T(99));
            expect((await host.diff("c14", created.id, drifted.outputs, inputs)).changes).to.equal("DIFF_SOME");
            await emulator.state.deleteMapping(ref(STAMP1), C(14));
            const gone = await host.read("c14", created.id, created.outputs);
            expect(gone.id).to.equal("");
        });

        it("updates the tenant in place with one PUT carrying If-Match", async () => {
            emulator.configure({ putResponse: "200-body" });
            try {
                const { inputs } = await host.check("c15", {}, mappingArgs(STAMP1, C(15), T(15)));
                const created = await host.create("c15", inputs);
                const { inputs: news } = await host.check("c15", inputs, mappingArgs(STAMP1, C(15), T(16)));
                const diff = await host.diff("c15", created.id, created.outputs, news);
                expect(diff).to.deep.equal({ changes: "DIFF_SOME", replaces: [], deleteBeforeReplace: false });
                emulator.clearRequestLog();
                const outputs = await host.update("c15", created.id, created.outputs, news);
                expect(outputs.tenantId).to.equal(T(16));
                expect(writes().map((r) => r.method)).to.deep.equal(["PUT"]);
                expect(emulator.state.mapping(ref(STAMP1), C(15))?.tenantId).to.equal(T(16));
            } finally {
                emulator.configure({ putResponse: "201-empty" });
            }
        });

        it("refuses an update when the mapping changed behind Pulumi's back (etag)", async () => {
            emulator.configure({ putResponse: "200-body" });
            try {
                const { inputs } = await host.check("c17", {}, mappingArgs(STAMP2, C(17), T(17)));
                const created = await host.create("c17", inputs);
                await emulator.state.putMapping(ref(STAMP2), C(17), T(17)); // same tenant, new etag
                const error = await failureOf(host.update("c17", created.id, created.outputs, { ...inputs, tenantId: T(18) }));
                expect(error.message)
                    .to.match(/^PreconditionFailed: /)
                    .and.match(/pulumi refresh/);
                expect(emulator.state.mapping(ref(STAMP2), C(17))?.tenantId).to.equal(T(17));
            } finally {
                emulator.configure({ putResponse: "201-empty" });
            }
        });

        it("takes, without a second write, an update that was applied before state recorded it (an interrupted up)", async () => {
            emulator.configure({ putResponse: "200-body" });
            try {
                const { inputs } = await host.check("c18", {}, mappingArgs(STAMP2, C(18), T(18)));
                const created = await host.create("c18", inputs);
                // The killed run's PUT of the new tenant landed; state still holds the old tenant and etag.
                const landed = await emulator.state.putMapping(ref(STAMP2), C(18), T(38));
                emulator.clearRequestLog();
                const outputs = await host.update("c18", created.id, created.outputs, { ...inputs, tenantId: T(38) });
                expect(armRequests().map((r) => `${r.method} ${r.status}`)).to.deep.equal(["PUT 412", "GET 200"]);
                expect(outputs).to.include({ tenantId: T(38), etag: landed.etag });
            } finally {
                emulator.configure({ putResponse: "201-empty" });
            }
        });

        it("deletes, and deleting a mapping that is already gone succeeds", async () => {
            // Made by an earlier run: in this run the program no longer declares it (the engine deletes only those).
            const made = await emulator.state.putMapping(ref(STAMP2), C(19), T(19));
            const id = `${registrationId(STAMP2)}/customerSubscriptions/${C(19)}`;
            const outputs = {
                ...mappingArgs(STAMP2, C(19), T(19)),
                registrationId: registrationId(STAMP2),
                apiVersion: "2017-06-01",
                etag: made.etag,
            };
            await host.delete("c19", id, outputs);
            expect(emulator.state.mapping(ref(STAMP2), C(19))).to.equal(undefined);
            await host.delete("c19", id, outputs);
        });

        it("leaves a mapping that another resource of the program declares (a renamed resource) instead of deleting it", async () => {
            const made = await emulator.state.putMapping(ref(STAMP2), C(26), T(26));
            await host.check("renamed", {}, mappingArgs(STAMP2, C(26), T(26)));
            emulator.clearRequestLog();
            await host.delete("old-name", `${registrationId(STAMP2)}/customerSubscriptions/${C(26)}`, {
                ...mappingArgs(STAMP2, C(26), T(26)),
                registrationId: registrationId(STAMP2),
                apiVersion: "2017-06-01",
                etag: made.etag,
            });
            expect(writes()).to.deep.equal([]);
            expect(emulator.state.mapping(ref(STAMP2), C(26))?.etag).to.equal(made.etag);
        });

        it("explains a CanNotDelete lock and keeps the mapping", async () => {
            const id = `${registrationId(LOCKED)}/customerSubscriptions/${LOCKED_SUB}`;
            const error = await failureOf(
                host.delete("locked", id, {
                    ...mappingArgs(LOCKED, LOCKED_SUB, LOCKED_TENANT),
                    registrationId: registrationId(LOCKED),
                    apiVersion: "2017-06-01",
                }),
            );
            expect(error.message)
                .to.match(/^ScopeLocked: /)
                .and.match(/az lock/)
                .and.match(/x-ms-request-id/);
            expect(emulator.state.mapping(ref(LOCKED), LOCKED_SUB)).to.not.equal(undefined);
        });

        const upErrors: Array<[string, string, RegExp]> = [
            [OTHER_PARTNER_SUB, "BadCustomerSubscriptionId", /same partner/],
            [NON_CSP_SUB, "InvalidCSPSubscription", /typo/],
        ];
        for (const [index, [subscription, code, remedy]] of upErrors.entries()) {
            it(`surfaces ${code} at create with its remediation and Azure's ids, creating nothing`, async () => {
                const { inputs, failures } = await host.check(code, {}, mappingArgs(STAMP2, subscription, T(30 + index)));
                expect(failures).to.deep.equal([]);
                const error = await failureOf(host.create(code, inputs));
                expect(error.message)
                    .to.match(new RegExp(`^${code}: `))
                    .and.match(remedy)
                    .and.match(/x-ms-request-id [0-9a-f-]{36}/)
                    .and.match(/x-ms-correlation-request-id/);
                expect(error.initFailure).to.equal(undefined);
                expect(writes().map((r) => r.method)).to.deep.equal(["PUT"], "4xx answers are not retried");
                expect(emulator.state.mapping(ref(STAMP2), subscription)).to.equal(undefined);
            });
        }

        it("retries MetadataResolverBadGatewayError until the PUT goes through", async () => {
            const { inputs } = await host.check("flaky", {}, mappingArgs(STAMP2, FLAKY_SUB, T(21)));
            const created = await host.create("flaky", inputs);
            expect(created.outputs.tenantId).to.equal(T(21));
            expect(writes().map((r) => r.errorCode ?? r.status)).to.deep.equal([
                "MetadataResolverBadGatewayError",
                "MetadataResolverBadGatewayError",
                201,
            ]);
        });
    });

    // Mocha runs a suite's own tests before its child suites, so this sits in the last child suite.
    describe("afterwards", () => {
        it("fetched exactly one token for everything above, and printed no secret", () => {
            expect(emulator.counters().tokensIssued).to.equal(1);
            expect(armRequests()).to.deep.equal([]);
            const secret = emulator.clientEnv().AZURE_CLIENT_SECRET;
            expect(host.stdout + host.stderr).to.not.include(secret);
            expect(host.stdout + host.stderr).to.not.match(/eyJ[A-Za-z0-9_-]{10,}\./);
        });
    });
});

describe("provider host previewing an unchanged mapping", function () {
    this.timeout(60_000);
    it("makes no request at all, not even for a token", () =>
        withFreshHost({ emulator: { seed: providerSuiteSeed() } }, async (emulator, host) => {
            const stored = {
                registrationId: registrationId(STAMP1),
                ...mappingArgs(STAMP1, C(3), T(3)),
                apiVersion: "2017-06-01",
                allowTenantReassignment: false,
            };
            const { failures, inputs } = await host.check("m3", stored, mappingArgs(STAMP1, C(3), T(3).toUpperCase()));
            expect(failures).to.deep.equal([]);
            expect(inputs).to.deep.equal(stored);
            expect(emulator.requestLog()).to.deep.equal([]);
        }));
});

describe("provider host with preflight turned off (fully offline preview)", function () {
    this.timeout(60_000);
    it("checks inputs without any request", () =>
        withFreshHost(
            { emulator: { seed: providerSuiteSeed() }, config: { "azurestack-tenant-mappings:preflight": "false" } },
            async (emulator, host) => {
                const { failures } = await host.check("offline", {}, mappingArgs(CAPACITY, C(1), T(1)));
                expect(failures).to.deep.equal([]);
                const bad = await host.check("offline-bad", {}, mappingArgs(STAMP1, "not-a-guid", T(1)));
                expect(bad.failures.map((f) => f.property)).to.deep.equal(["customerSubscriptionId"]);
                expect(emulator.requestLog()).to.deep.equal([]);
            },
        ));
});

describe("provider host with a plain-http ARM endpoint on another host", function () {
    this.timeout(60_000);
    it("fails check before any request, naming the variable and the fix", () =>
        withFreshHost(
            {
                emulator: { seed: providerSuiteSeed() },
                env: (e) => ({ ...e, AZURE_RESOURCE_MANAGER_ENDPOINT: "http://management.example.com" }),
            },
            async (emulator, host) => {
                const error = await host.check("http", {}, mappingArgs(STAMP1, C(1), T(1))).then(
                    () => undefined,
                    (e: Error) => e,
                );
                expect(error?.message).to.match(/AZURE_RESOURCE_MANAGER_ENDPOINT: plain http is allowed only for loopback/);
                expect(emulator.requestLog()).to.deep.equal([]);
            },
        ));
});
