/**
 * State: the seed loader and its messages, persistence across restarts, no corruption under concurrent
 * writes, direct state mutation (drift), and the admin API that exposes all of it out of process.
 */
import { expect } from "chai";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSeedFile, normaliseSeed, SeedError, startEmulator, type RunningEmulator } from "../../emulator/index.js";
import { C, EMULATOR_REG_SUB, emulatorSuiteSeed, T, TENANT } from "../support/fixtures.js";
import { call, getToken, mappingPath, regPath } from "./helpers.js";

const DEMO_SEED = join(__dirname, "..", "..", "..", "emulator", "seeds", "demo.yaml");

describe("emulator: state", function () {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "emulator-state-test-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    describe("seed loader", () => {
        it("loads the shipped demo seed: two pay-as-you-use stamps, capacity, unapproved, locked, and the special subscriptions", () => {
            const state = loadSeedFile(DEMO_SEED);
            const byName = Object.fromEntries(state.registrations.map((r) => [r.name, r]));
            expect(Object.keys(byName)).to.have.length(5);
            expect(state.registrations.filter((r) => r.billingModel === "PayAsYouUse" && r.multiTenancyApproved && !r.lock)).to.have.length(
                2,
            );
            expect(byName["azurestack-stamp-capacity"]!.billingModel).to.equal("Capacity");
            expect(byName["azurestack-stamp-unapproved"]!.multiTenancyApproved).to.equal(false);
            expect(byName["azurestack-stamp-locked"]!.lock).to.deep.include({ name: "AzureStackRegistrationLock", level: "CanNotDelete" });
            expect(state.customerSubscriptions.some((s) => s.cspPartner === "fabrikam-csp")).to.equal(true);
            expect(state.customerSubscriptions.some((s) => !s.isCsp)).to.equal(true);
            expect(state.customerSubscriptions.some((s) => s.metadataFailures > 0)).to.equal(true);
            expect(state.clients.some((c) => c.clientSecret) && state.clients.some((c) => c.federatedCredentials.length > 0)).to.equal(
                true,
            );
        });

        it("fills in defaults: PayAsYouUse, approved, resource group azurestack, federated audience", () => {
            const state = normaliseSeed({
                clients: [{ clientId: "a", federatedCredentials: [{ issuer: "i", subject: "s" }] }],
                registrations: [{ subscriptionId: EMULATOR_REG_SUB, name: "r" }],
            });
            expect(state.registrations[0]).to.include({
                resourceGroup: "azurestack",
                billingModel: "PayAsYouUse",
                multiTenancyApproved: true,
            });
            expect(state.clients[0]!.federatedCredentials[0]!.audience).to.equal("api://AzureADTokenExchange");
            expect(state.unknownSubscriptions).to.equal("accept");
        });

        it("fails with a clear message naming the file and the bad field", () => {
            const cases: [unknown, RegExp][] = [
                [
                    {
                        registrations: [
                            { subscriptionId: EMULATOR_REG_SUB, name: "a" },
                            { subscriptionId: "nope", name: "b" },
                        ],
                    },
                    /registrations\[1\]\.subscriptionId: must be a GUID/,
                ],
                [
                    { registrations: [{ subscriptionId: EMULATOR_REG_SUB, name: "a", billingModle: "Capacity" }] },
                    /registrations\[0\]\.billingModle: unknown field/,
                ],
                [
                    { registrations: [{ subscriptionId: EMULATOR_REG_SUB, name: "a", multiTenancyApproved: "yes" }] },
                    /registrations\[0\]\.multiTenancyApproved: must be true or false/,
                ],
                [
                    {
                        registrations: [
                            { subscriptionId: EMULATOR_REG_SUB, name: "a" },
                            { subscriptionId: EMULATOR_REG_SUB, name: "A" },
                        ],
                    },
                    /registrations\[1\]: duplicate/,
                ],
                [{ clients: [{ clientId: "x" }] }, /clients\[0\]: needs a clientSecret or at least one federated credential/],
                [{ clients: [] }, /clients: needs at least one client/],
                [
                    { customerSubscriptions: [{ id: C(1), metadataFailures: -1 }] },
                    /customerSubscriptions\[0\]\.metadataFailures: must be a whole number/,
                ],
                [
                    {
                        registrations: [
                            {
                                subscriptionId: EMULATOR_REG_SUB,
                                name: "a",
                                customerSubscriptions: [
                                    { subscriptionId: C(1), tenantId: T(1) },
                                    { subscriptionId: C(2), tenantId: T(1) },
                                ],
                            },
                        ],
                    },
                    /one subscription per tenant/,
                ],
                [{ unknownSubscriptions: "maybe" }, /unknownSubscriptions: must be "accept" or "reject"/],
                [{ tenant: TENANT }, /tenant: unknown field/],
                [
                    { subscriptions: [{ id: EMULATOR_REG_SUB, state: "Active" }] },
                    /subscriptions\[0\]\.state: must be one of Enabled, Warned, PastDue, Disabled, Deleted/,
                ],
                [{ subscriptions: [{ id: EMULATOR_REG_SUB }, { id: EMULATOR_REG_SUB.toUpperCase() }] }, /subscriptions\[1\]: duplicate id/],
                [{ subscriptions: [{ id: EMULATOR_REG_SUB, name: "x" }] }, /subscriptions\[0\]\.name: unknown field/],
            ];
            for (const [seed, message] of cases) {
                const file = join(dir, "seed.yaml");
                writeFileSync(file, JSON.stringify(seed));
                expect(() => loadSeedFile(file), JSON.stringify(seed)).to.throw(SeedError, message);
                expect(() => loadSeedFile(file)).to.throw(file);
            }
            writeFileSync(join(dir, "bad.yaml"), "registrations: [\n");
            expect(() => loadSeedFile(join(dir, "bad.yaml"))).to.throw(/neither valid YAML nor JSON/);
            expect(() => loadSeedFile(join(dir, "missing.yaml"))).to.throw(/cannot be read/);
        });

        it("starts from a seed file path, and refuses to start on a bad seed", async () => {
            const emu = await startEmulator({ seed: DEMO_SEED });
            try {
                expect(emu.tenantId).to.equal("5f0c6a3e-0000-4000-8000-00000000a001");
                expect(emu.state.mappings("azurestack-stamp-east")).to.have.length(2);
            } finally {
                await emu.stop();
            }
            writeFileSync(join(dir, "bad.json"), JSON.stringify({ registrations: [{ name: "x" }] }));
            let error: unknown;
            try {
                await startEmulator({ seed: join(dir, "bad.json") });
            } catch (err) {
                error = err;
            }
            expect(error).to.be.instanceOf(SeedError);
            expect((error as Error).message).to.include("registrations[0].subscriptionId");
        });
    });

    describe("persistence", () => {
        it("writes the state file at start and on every change, and loads it (not the seed) on restart", async () => {
            const statePath = join(dir, "state.json");
            let emu = await startEmulator({ seed: emulatorSuiteSeed(), statePath, throttling: false });
            expect(JSON.parse(readFileSync(statePath, "utf8")).registrations).to.have.length(5);
            const token = await getToken(emu);
            expect(
                (await call(emu, "PUT", mappingPath("stamp1", C(3)), { token, body: { properties: { tenantId: T(3) } } })).status,
            ).to.equal(201);
            expect((await call(emu, "DELETE", mappingPath("stamp1", C(1)), { token })).status).to.equal(204);
            const onDisk = JSON.parse(readFileSync(statePath, "utf8"));
            expect(onDisk.registrations[0].customerSubscriptions.map((m: { subscriptionId: string }) => m.subscriptionId)).to.deep.equal([
                C(2),
                C(3),
            ]);
            const etag = emu.state.mapping("stamp1", C(3))!.etag;
            await emu.stop();

            emu = await startEmulator({ seed: { clients: [{ clientId: "someone-else", clientSecret: "x" }] }, statePath });
            try {
                expect(emu.tenantId).to.equal(TENANT);
                expect(emu.state.mappings("stamp1").map((m) => m.subscriptionId)).to.deep.equal([C(2), C(3)]);
                expect(emu.state.mapping("stamp1", C(3))!.etag).to.equal(etag);
            } finally {
                await emu.stop();
            }
        });

        it("never corrupts the file under many concurrent PUTs, and keeps every one of them", async function () {
            this.timeout(60_000);
            const statePath = join(dir, "state.json");
            let emu = await startEmulator({ seed: emulatorSuiteSeed(), statePath, throttling: false });
            const token = await getToken(emu);
            const ids = Array.from({ length: 60 }, (_, i) => 100 + i);
            const answers = await Promise.all(
                ids.map((n) => call(emu, "PUT", mappingPath("stamp1", C(n)), { token, body: { properties: { tenantId: T(n) } } })),
            );
            expect(answers.every((a) => a.status === 201)).to.equal(true);
            // Every answered PUT is already on disk, in one complete JSON document.
            const onDisk = JSON.parse(readFileSync(statePath, "utf8"));
            expect(onDisk.registrations[0].customerSubscriptions).to.have.length(62);
            expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).to.deep.equal([]);
            await emu.stop();
            emu = await startEmulator({ statePath });
            try {
                expect(emu.state.mappings("stamp1")).to.have.length(62);
            } finally {
                await emu.stop();
            }
        });

        it("persists changes made through the state API, including the metadata fault countdown", async () => {
            const statePath = join(dir, "state.json");
            let emu = await startEmulator({ seed: emulatorSuiteSeed(), statePath });
            await emu.state.putMapping("stamp2", C(5), T(5));
            await emu.state.updateRegistration("stamp2", { multiTenancyApproved: false, billingModel: "Development" });
            await emu.state.putKnownSubscription({ id: C(6), metadataFailures: 3 });
            await emu.stop();
            emu = await startEmulator({ statePath });
            try {
                expect(emu.state.mapping("stamp2", C(5))!.tenantId).to.equal(T(5));
                expect(emu.state.registration("stamp2")).to.include({ multiTenancyApproved: false, billingModel: "Development" });
                expect(emu.state.knownSubscriptions().find((s) => s.id === C(6))!.metadataFailures).to.equal(3);
            } finally {
                await emu.stop();
            }
        });
    });

    describe("state API (drift behind the API's back)", () => {
        let emu: RunningEmulator;
        let token: string;
        beforeEach(async () => {
            emu = await startEmulator({ seed: emulatorSuiteSeed(), throttling: false });
            token = await getToken(emu);
        });
        afterEach(async () => emu.stop());

        it("changes what the API answers: mappings, approval, billing model, lock", async () => {
            await emu.state.putMapping("stamp1", C(1), T(77));
            expect((await call(emu, "GET", mappingPath("stamp1", C(1)), { token })).json.properties.tenantId).to.equal(T(77));
            await emu.state.deleteMapping("stamp1", C(2));
            expect((await call(emu, "GET", mappingPath("stamp1", C(2)), { token })).status).to.equal(404);
            await emu.state.updateRegistration("stamp1", { multiTenancyApproved: false });
            expect((await call(emu, "GET", mappingPath("stamp1"), { token })).json.error.code).to.equal("UnauthorizedCspRegistration");
            await emu.state.updateRegistration("stamp1", { multiTenancyApproved: true, billingModel: "Capacity" });
            expect((await call(emu, "GET", mappingPath("stamp1"), { token })).json.error.code).to.equal("CustomerSubscriptionsNotAllowed");
            await emu.state.updateRegistration("stamp1", { billingModel: "PayAsYouUse", lock: "NewLock" });
            expect((await call(emu, "DELETE", mappingPath("stamp1", C(1)), { token })).json.error.message).to.include("NewLock");
        });

        it("addresses registrations by name, by resource id or by parts, and refuses ambiguous names", async () => {
            expect(emu.state.registration(regPath("stamp1"))!.name).to.equal("stamp1");
            expect(
                emu.state.registration({ subscriptionId: EMULATOR_REG_SUB, resourceGroup: "AZURESTACK", name: "Stamp1" })!.name,
            ).to.equal("stamp1");
            await emu.state.putRegistration({ subscriptionId: "5ab00000-0000-4000-8000-0000000000ee", name: "stamp1" });
            expect(() => emu.state.registration("stamp1")).to.throw(/ambiguous/);
        });

        it("puts a mapping without the one-per-tenant rule unless asked", async () => {
            await emu.state.putMapping("stamp1", C(3), T(1));
            expect(emu.state.mappings("stamp1")).to.have.length(3);
            await emu.state.putMapping("stamp1", C(4), T(1), { onePerTenant: true });
            expect(
                emu.state
                    .mappings("stamp1")
                    .map((m) => m.subscriptionId)
                    .sort(),
            ).to.deep.equal([C(2), C(4)]);
        });
    });

    describe("admin API", () => {
        let emu: RunningEmulator;
        let token: string;
        const admin = (method: string, path: string, body?: unknown) =>
            call(emu, method, `/_emulator${path}`, body === undefined ? {} : { body });
        beforeEach(async () => {
            emu = await startEmulator({ seed: emulatorSuiteSeed(), throttling: { writes: { burst: 1, refillPerSecond: 0.001 } } });
            token = await getToken(emu);
        });
        afterEach(async () => emu.stop());

        it("reports info, state, requests and counters without a token, logged as kind admin", async () => {
            await call(emu, "GET", mappingPath("stamp1"), { token });
            const info = await admin("GET", "");
            expect(info.status).to.equal(200);
            expect(info.json).to.include({ armEndpoint: emu.armEndpoint, authorityHost: emu.authorityHost, tenantId: TENANT });
            expect((await admin("GET", "/state")).json.registrations).to.have.length(5);
            const requests = (await admin("GET", "/requests?kind=arm")).json;
            expect(requests).to.have.length(1);
            expect(requests[0]).to.include({
                method: "GET",
                path: mappingPath("stamp1"),
                status: 200,
                kind: "arm",
                apiVersion: "2017-06-01",
            });
            const counters = (await admin("GET", "/counters")).json;
            expect(counters.byKind).to.include({ arm: 1, token: 1 });
            expect(counters.byKind.admin).to.be.at.least(3);
            expect(
                emu
                    .requestLog()
                    .filter((e) => e.kind === "admin")
                    .map((e) => e.path),
            ).to.include("/_emulator/state");
            expect((await admin("DELETE", "/requests")).status).to.equal(200);
            expect(emu.requestLog().filter((e) => e.kind !== "admin")).to.deep.equal([]);
        });

        it("sets faults, latency, throttling and settings", async () => {
            expect((await admin("PUT", "/faults", [{ kind: "status", status: 503, count: 1 }])).status).to.equal(200);
            expect((await call(emu, "GET", mappingPath("stamp1"), { token })).status).to.equal(503);
            expect((await admin("PUT", "/faults", { rules: [{ kind: "bogus" }] })).status).to.equal(400);
            expect((await admin("PUT", "/latency", { ms: 5 })).json.latencyMs).to.equal(5);
            expect((await admin("PUT", "/throttling", false)).json).to.equal(false);
            const settings = await call(emu, "PATCH", "/_emulator/settings", { body: { putResponse: "200-body", pageSize: 1 } });
            expect(settings.json).to.include({ putResponse: "200-body", pageSize: 1 });
            expect(
                (await call(emu, "PUT", mappingPath("stamp1", C(3)), { token, body: { properties: { tenantId: T(3) } } })).status,
            ).to.equal(200);
            expect((await call(emu, "GET", mappingPath("stamp1"), { token })).json.nextLink).to.be.a("string");
            expect((await call(emu, "PATCH", "/_emulator/settings", { body: { putResponse: "204" } })).status).to.equal(400);
        });

        it("is never throttled nor subject to faults", async () => {
            await admin("PUT", "/faults", [{ kind: "reset", kinds: ["arm", "token", "metadata", "admin"] }]);
            for (let i = 0; i < 5; i++) expect((await admin("GET", "/health")).status).to.equal(200);
        });

        it("mutates registrations, mappings and known subscriptions", async () => {
            const reg = `/state${regPath("stamp1")}`;
            expect((await admin("PATCH", reg, { billingModel: "Capacity" })).json.billingModel).to.equal("Capacity");
            expect((await call(emu, "GET", mappingPath("stamp1"), { token })).json.error.code).to.equal("CustomerSubscriptionsNotAllowed");
            await admin("PATCH", reg, { billingModel: "PayAsYouUse" });
            expect((await admin("PUT", `${reg}/customerSubscriptions/${C(8)}`, { tenantId: T(8) })).json.tenantId).to.equal(T(8));
            expect((await admin("GET", `${reg}/customerSubscriptions/${C(8)}`)).json.tenantId).to.equal(T(8));
            expect((await admin("DELETE", `${reg}/customerSubscriptions/${C(1)}`)).json).to.deep.equal({ deleted: true });
            expect(emu.state.mapping("stamp1", C(1))).to.equal(undefined);
            expect((await admin("PUT", `/state/customerSubscriptions/${C(8)}`, { cspPartner: "fabrikam" })).status).to.equal(200);
            await emu.setThrottling(false);
            expect(
                (await call(emu, "PUT", mappingPath("stamp1", C(8)), { token, body: { properties: { tenantId: T(8) } } })).json.error.code,
            ).to.equal("BadCustomerSubscriptionId");
            expect(
                (await admin("PUT", `/state${regPath("stamp7")}`, { cspPartner: "contoso", multiTenancyApproved: false })).json.name,
            ).to.equal("stamp7");
            expect((await call(emu, "GET", mappingPath("stamp7"), { token })).json.error.code).to.equal("UnauthorizedCspRegistration");
            expect((await admin("DELETE", `/state${regPath("stamp7")}`)).json).to.deep.equal({ deleted: true });
            expect((await admin("PUT", "/state/unknownSubscriptions", { mode: "reject" })).json).to.deep.equal({
                unknownSubscriptions: "reject",
            });
            expect((await admin("GET", "/nothing")).status).to.equal(404);
            expect((await admin("PUT", `${reg}/customerSubscriptions/${C(8)}`, { tenantId: "nope" })).status).to.equal(400);
            expect((await admin("PATCH", reg, { billingModel: 7 })).json.error.message).to.include(
                "billingModel must be a non-empty string",
            );
            expect((await admin("PATCH", reg, { approved: true })).json.error.message).to.include("unknown registration field approved");
        });

        it("mints federated tokens and reports a client's environment", async () => {
            const minted = await admin("POST", "/federated-token", {});
            expect(minted.json.token.split(".")).to.have.length(3);
            const env = (await admin("GET", "/env")).json;
            expect(env).to.include({
                AZURE_RESOURCE_MANAGER_ENDPOINT: emu.armEndpoint,
                AZURE_AUTHORITY_HOST: emu.authorityHost,
                AZURE_TENANT_ID: TENANT,
            });
            expect(env.AZURE_CLIENT_SECRET).to.be.a("string");
            // A bundle holding the CA (and whatever NODE_EXTRA_CA_CERTS this process had), not the CA alone.
            expect(readFileSync(env.NODE_EXTRA_CA_CERTS, "utf8")).to.include(emu.caCertPem.trim());
        });
    });
});
