/**
 * The ARM surface over real HTTPS: routes, api-version, the eight documented errors from seeded state,
 * casing rules, PUT answer modes, one subscription per tenant, ETags, locks and paging.
 */
import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator/index.js";
import {
    C,
    CLIENT_OID,
    EMULATOR_REG_SUB,
    emulatorSuiteSeed,
    FLAKY_SUB,
    NON_CSP_SUB,
    OTHER_PARTNER_SUB,
    RG,
    T,
} from "../support/fixtures.js";
import { call, getToken, mappingPath, regPath } from "./helpers.js";

const GUID_HEADER = /^[0-9a-f-]{36}$/;

describe("emulator: ARM registration API", function () {
    let emu: RunningEmulator;
    let token: string;
    const put = (reg: string, id: string, tenantId: string, opts: { headers?: Record<string, string>; apiVersion?: string } = {}) =>
        call(emu, "PUT", mappingPath(reg, id), { token, body: { properties: { tenantId } }, ...opts });
    const get = (path: string, apiVersion?: string) => call(emu, "GET", path, { token, ...(apiVersion && { apiVersion }) });
    const del = (reg: string, id: string, headers?: Record<string, string>) =>
        call(emu, "DELETE", mappingPath(reg, id), { token, ...(headers && { headers }) });

    beforeEach(async () => {
        emu = await startEmulator({ seed: emulatorSuiteSeed(), throttling: false });
        token = await getToken(emu);
    });
    afterEach(async () => emu.stop());

    describe("customer subscriptions", () => {
        it("PUT answers 201 Created with an empty body and an ETag, by default (as Microsoft's page on registering tenants for usage tracking in Azure Stack Hub says)", async () => {
            const res = await put("stamp1", C(3), T(3));
            expect(res.status).to.equal(201);
            expect(res.text).to.equal("");
            expect(res.headers["content-length"]).to.equal("0");
            const stored = emu.state.mapping("stamp1", C(3))!;
            expect(stored.tenantId).to.equal(T(3));
            expect(res.headers.etag).to.equal(`"${stored.etag}"`);
        });

        it("PUT answers 200 with the resource in 200-body mode, for a create and an update", async () => {
            emu.configure({ putResponse: "200-body" });
            const created = await put("stamp1", C(3), T(3));
            expect(created.status).to.equal(200);
            expect(created.json).to.deep.include({
                name: C(3),
                type: "Microsoft.AzureStack/registrations/customerSubscriptions",
                properties: { tenantId: T(3) },
            });
            expect(created.json.id).to.equal(`${regPath("stamp1")}/customerSubscriptions/${C(3)}`);
            const updated = await put("stamp1", C(3), T(4));
            expect(updated.status).to.equal(200);
            expect(updated.json.properties.tenantId).to.equal(T(4));
            expect(updated.json.etag).to.not.equal(created.json.etag);
            expect(updated.headers.etag).to.equal(`"${updated.json.etag}"`);
        });

        it("GET returns the mapping with id, bare name, type, etag and tenantId; ETag header matches", async () => {
            const res = await get(mappingPath("stamp1", C(1)));
            expect(res.status).to.equal(200);
            const m = emu.state.mapping("stamp1", C(1))!;
            expect(res.json).to.deep.equal({
                id: `${regPath("stamp1")}/customerSubscriptions/${C(1)}`,
                name: C(1),
                type: "Microsoft.AzureStack/registrations/customerSubscriptions",
                etag: m.etag,
                properties: { tenantId: T(1) },
            });
            expect(res.headers.etag).to.equal(`"${m.etag}"`);
        });

        it("names a mapping '{registration}/{id}' in qualified mode", async () => {
            emu.configure({ mappingName: "qualified" });
            expect((await get(mappingPath("stamp1", C(1)))).json.name).to.equal(`stamp1/${C(1)}`);
        });

        it("adds systemData in api-version 2020-06-01-preview only, the one published mapping schema that defines it", async () => {
            await put("stamp1", C(3), T(3));
            for (const v of ["2017-06-01", "2022-03-01", "2022-06-01"]) {
                expect((await get(mappingPath("stamp1", C(3)), v)).json, v).to.not.have.property("systemData");
            }
            const res = await get(mappingPath("stamp1", C(3)), "2020-06-01-preview");
            expect(res.status).to.equal(200);
            expect(res.json.systemData).to.include({ createdBy: CLIENT_OID, createdByType: "Application", lastModifiedBy: CLIENT_OID });
            expect(res.json.systemData.createdAt).to.match(/^\d{4}-\d\d-\d\dT/);
        });

        it("lists mappings as {value} without nextLink when they fit one page", async () => {
            const res = await get(mappingPath("stamp1"));
            expect(res.status).to.equal(200);
            expect(res.json.value.map((m: { name: string }) => m.name)).to.deep.equal([C(1), C(2)]);
            expect(res.json).to.not.have.property("nextLink");
            expect((await get(mappingPath("stamp2"))).json).to.deep.equal({ value: [] });
        });

        it("pages the list with an absolute nextLink on its own endpoint that keeps api-version and carries $skipToken", async () => {
            emu.configure({ pageSize: 2 });
            for (let n = 3; n <= 7; n++) await put("stamp1", C(n), T(n));
            const seen: string[] = [];
            let url: string | undefined = `${emu.armEndpoint}${mappingPath("stamp1")}?api-version=2022-06-01`;
            const links: string[] = [];
            while (url) {
                const res = await call(emu, "GET", url, { token });
                expect(res.status).to.equal(200);
                expect(res.json.value.length).to.be.at.most(2);
                seen.push(...res.json.value.map((m: { name: string }) => m.name));
                url = res.json.nextLink;
                if (url) links.push(url);
            }
            expect(seen).to.deep.equal([1, 2, 3, 4, 5, 6, 7].map(C));
            expect(links).to.have.length(3);
            for (const link of links) {
                const u = new URL(link);
                expect(u.origin).to.equal(emu.armEndpoint);
                expect(u.pathname).to.equal(mappingPath("stamp1"));
                expect(u.searchParams.get("api-version")).to.equal("2022-06-01");
                expect(u.searchParams.get("$skipToken")).to.be.a("string").and.not.equal("");
            }
        });

        it("rejects a $skipToken it did not issue with 400 InvalidSkipToken", async () => {
            const res = await call(emu, "GET", `${mappingPath("stamp1")}?api-version=2017-06-01&$skipToken=garbage`, { token });
            expect(res.status).to.equal(400);
            expect(res.json.error.code).to.equal("InvalidSkipToken");
        });

        it("keeps one subscription per tenant: a second subscription for a tenant removes the first", async () => {
            expect((await put("stamp1", C(5), T(1))).status).to.equal(201);
            expect(emu.state.mapping("stamp1", C(1))).to.equal(undefined);
            expect(
                emu.state
                    .mappings("stamp1")
                    .map((m) => m.subscriptionId)
                    .sort(),
            ).to.deep.equal([C(2), C(5)]);
            expect((await get(mappingPath("stamp1", C(1)))).json.error.code).to.equal("CustomerSubscriptionNotFound");
            // Another registration is another scope: the same tenant may be mapped there too.
            expect((await put("stamp2", C(7), T(1))).status).to.equal(201);
            expect(emu.state.mapping("stamp1", C(5))).to.not.equal(undefined);
        });

        it("DELETE answers 204 and removes the mapping; 204 again for an unknown id", async () => {
            const res = await del("stamp1", C(1));
            expect(res.status).to.equal(204);
            expect(res.text).to.equal("");
            expect(emu.state.mapping("stamp1", C(1))).to.equal(undefined);
            expect((await del("stamp1", C(1))).status).to.equal(204);
            expect((await del("stamp1", "not-even-a-guid")).status).to.equal(204);
        });

        it("validates the PUT body with 400 InvalidRequestContent naming the problem", async () => {
            const cases: [unknown, string][] = [
                [{}, "properties"],
                [{ properties: {} }, "properties.tenantId"],
                [{ properties: { tenantId: "contoso.onmicrosoft.com" } }, "properties.tenantId"],
                [{ properties: "x" }, "properties"],
            ];
            for (const [body, target] of cases) {
                const res = await call(emu, "PUT", mappingPath("stamp1", C(3)), { token, body });
                expect(res.status, JSON.stringify(body)).to.equal(400);
                expect(res.json.error.code).to.equal("InvalidRequestContent");
                expect(res.json.error.target).to.equal(target);
            }
            const notJson = await call(emu, "PUT", mappingPath("stamp1", C(3)), {
                token,
                raw: "{nope",
                headers: { "content-type": "application/json" },
            });
            expect(notJson.status).to.equal(400);
            expect(notJson.json.error.message).to.match(/not valid JSON/);
            expect(emu.state.mapping("stamp1", C(3))).to.equal(undefined);
        });
    });

    describe("the eight documented errors, from seeded state", () => {
        it("RegistrationNotFound (404) for GET of the registration and for every customerSubscriptions operation under it", async () => {
            const results = [
                await get(regPath("nope")),
                await get(mappingPath("nope")),
                await get(mappingPath("nope", C(1))),
                await put("nope", C(1), T(1)),
                await del("nope", C(1)),
                await get(mappingPath("stamp1").replace(EMULATOR_REG_SUB, "00000000-0000-4000-8000-0000000000ff")),
                await get(mappingPath("stamp1").replace(`/resourceGroups/${RG}/`, "/resourceGroups/other/")),
            ];
            for (const res of results) {
                expect(res.status).to.equal(404);
                expect(res.json.error.code).to.equal("RegistrationNotFound");
            }
            expect(results[0]!.json.error.message).to.include("'nope'");
        });

        it("UnauthorizedCspRegistration (403) on list, get, put and delete of an unapproved registration", async () => {
            for (const res of [
                await get(mappingPath("unapproved")),
                await get(mappingPath("unapproved", C(1))),
                await put("unapproved", C(1), T(1)),
                await del("unapproved", C(1)),
            ]) {
                expect(res.status).to.equal(403);
                expect(res.json.error.code).to.equal("UnauthorizedCspRegistration");
            }
        });

        it("CustomerSubscriptionsNotAllowed (409) on list, get, put and delete of a Capacity registration", async () => {
            for (const res of [
                await get(mappingPath("capacity")),
                await get(mappingPath("capacity", C(1))),
                await put("capacity", C(1), T(1)),
                await del("capacity", C(1)),
            ]) {
                expect(res.status).to.equal(409);
                expect(res.json.error.code).to.equal("CustomerSubscriptionsNotAllowed");
                expect(res.json.error.message).to.include("Capacity");
            }
        });

        it("InvalidCustomerSubscriptionId (400) on PUT of an id that is not a GUID", async () => {
            const res = await put("stamp1", "not-a-guid", T(3));
            expect(res.status).to.equal(400);
            expect(res.json.error).to.include({ code: "InvalidCustomerSubscriptionId", target: "customerSubscriptionId" });
        });

        it("BadCustomerSubscriptionId (400) on PUT of a subscription of another CSP partner", async () => {
            const res = await put("stamp1", OTHER_PARTNER_SUB, T(3));
            expect(res.status).to.equal(400);
            expect(res.json.error.code).to.equal("BadCustomerSubscriptionId");
            expect(emu.state.mapping("stamp1", OTHER_PARTNER_SUB)).to.equal(undefined);
        });

        it("InvalidCSPSubscription (400) on PUT of a subscription that is not a CSP subscription", async () => {
            const res = await put("stamp1", NON_CSP_SUB, T(3));
            expect(res.status).to.equal(400);
            expect(res.json.error.code).to.equal("InvalidCSPSubscription");
        });

        it("accepts unlisted subscriptions by default, and refuses them with InvalidCSPSubscription when the seed says reject", async () => {
            expect((await put("stamp1", C(40), T(40))).status).to.equal(201);
            await emu.state.setUnknownSubscriptions("reject");
            const res = await put("stamp1", C(41), T(41));
            expect(res.status).to.equal(400);
            expect(res.json.error.code).to.equal("InvalidCSPSubscription");
        });

        it("MetadataResolverBadGatewayError (502) for the first N PUTs of a subscription the seed marks, then success", async () => {
            const first = await put("stamp1", FLAKY_SUB, T(3));
            const second = await put("stamp1", FLAKY_SUB, T(3));
            const third = await put("stamp1", FLAKY_SUB, T(3));
            expect([first.status, second.status, third.status]).to.deep.equal([502, 502, 201]);
            expect(first.json.error.code).to.equal("MetadataResolverBadGatewayError");
            expect(emu.state.knownSubscriptions().find((s) => s.id === FLAKY_SUB)!.metadataFailures).to.equal(0);
        });

        it("CustomerSubscriptionNotFound (404) on GET of an unmapped id", async () => {
            const res = await get(mappingPath("stamp1", C(8)));
            expect(res.status).to.equal(404);
            expect(res.json.error.code).to.equal("CustomerSubscriptionNotFound");
            expect(res.json.error.message).to.include(C(8));
        });

        it("answers every error with ARM's body shape and the request id headers, echoing the client's ids", async () => {
            const res = await call(emu, "GET", mappingPath("stamp1", C(8)), {
                token,
                headers: { "x-ms-correlation-request-id": "corr-123", "x-ms-client-request-id": "client-456" },
            });
            expect(Object.keys(res.json)).to.deep.equal(["error"]);
            expect(res.json.error).to.have.keys("code", "message", "target");
            expect(res.headers["x-ms-request-id"]).to.match(GUID_HEADER);
            expect(res.headers["x-ms-correlation-request-id"]).to.equal("corr-123");
            expect(res.headers["x-ms-client-request-id"]).to.equal("client-456");
            const ok = await get(mappingPath("stamp1"));
            expect(ok.headers["x-ms-request-id"]).to.match(GUID_HEADER);
            expect(ok.headers["x-ms-correlation-request-id"]).to.match(GUID_HEADER);
            expect(ok.headers["x-ms-request-id"]).to.not.equal(res.headers["x-ms-request-id"]);
        });
    });

    describe("request log", () => {
        it("records the Accept-Language and User-Agent a request carried, verbatim, and nothing when there was none", async () => {
            emu.clearRequestLog();
            const headers = { "accept-language": "sv-SE, en;q=0.5", "user-agent": "contoso-client/1.2.3 (node)" };
            await call(emu, "GET", mappingPath("stamp1"), { token, headers });
            await call(emu, "GET", mappingPath("stamp1"), { token });
            const [withHeader, without] = emu.requestLog();
            expect(withHeader).to.include({
                kind: "arm",
                status: 200,
                acceptLanguage: "sv-SE, en;q=0.5",
                userAgent: "contoso-client/1.2.3 (node)",
            });
            expect(without).to.include({ kind: "arm", status: 200 }).and.not.have.any.keys("acceptLanguage", "userAgent");
        });
    });

    describe("api-version", () => {
        it("accepts the four supported versions", async () => {
            for (const v of ["2017-06-01", "2020-06-01-preview", "2022-03-01", "2022-06-01"]) {
                expect((await get(mappingPath("stamp1"), v)).status, v).to.equal(200);
            }
        });

        it("answers 400 MissingApiVersionParameter without it and InvalidApiVersionParameter for others, listing the supported ones", async () => {
            const missing = await call(emu, "GET", mappingPath("stamp1"), { token, apiVersion: null });
            expect(missing.status).to.equal(400);
            expect(missing.json.error.code).to.equal("MissingApiVersionParameter");
            const wrong = await get(mappingPath("stamp1"), "2021-01-01");
            expect(wrong.status).to.equal(400);
            expect(wrong.json.error.code).to.equal("InvalidApiVersionParameter");
            for (const res of [missing, wrong])
                expect(res.json.error.message).to.include("2017-06-01, 2020-06-01-preview, 2022-03-01, 2022-06-01");
        });
    });

    describe("casing", () => {
        it("matches provider namespace, resource group and registration name case-insensitively; ids use stored casing", async () => {
            const path = `/SUBSCRIPTIONS/${EMULATOR_REG_SUB.toUpperCase()}/resourcegroups/AZURESTACK/providers/microsoft.azurestack/REGISTRATIONS/STAMP1/customersubscriptions/${C(1)}`;
            const res = await get(path);
            expect(res.status).to.equal(200);
            expect(res.json.id).to.equal(`${regPath("stamp1")}/customerSubscriptions/${C(1)}`);
        });

        it("case-sensitive mode (default): another spelling of the id is another id", async () => {
            const upper = C(1).toUpperCase();
            const res = await get(mappingPath("stamp1", upper));
            expect(res.status).to.equal(404);
            expect(res.json.error.code).to.equal("CustomerSubscriptionNotFound");
            expect((await del("stamp1", upper)).status).to.equal(204);
            expect(emu.state.mapping("stamp1", C(1))).to.not.equal(undefined);
            // A PUT with another spelling creates a second record (here for another tenant).
            expect((await put("stamp1", upper, T(30))).status).to.equal(201);
            expect(emu.state.mappings("stamp1").map((m) => m.subscriptionId)).to.include.members([C(1), upper]);
        });

        it("arm-case-insensitive mode: GET finds any spelling, PUT updates the stored record keeping its spelling, DELETE removes it", async () => {
            emu.configure({ subscriptionIdMatching: "arm-case-insensitive" });
            const upper = C(1).toUpperCase();
            const got = await get(mappingPath("stamp1", upper));
            expect(got.status).to.equal(200);
            expect(got.json.name).to.equal(C(1));
            expect((await put("stamp1", upper, T(31))).status).to.equal(201);
            const records = emu.state.mappings("stamp1").filter((m) => m.subscriptionId.toLowerCase() === C(1));
            expect(records).to.have.length(1);
            expect(records[0]).to.include({ subscriptionId: C(1), tenantId: T(31) });
            expect((await del("stamp1", upper)).status).to.equal(204);
            expect(emu.state.mapping("stamp1", C(1))).to.equal(undefined);
        });
    });

    describe("ETags and preconditions", () => {
        it("gives every change a new ETag", async () => {
            await put("stamp1", C(3), T(3));
            const a = emu.state.mapping("stamp1", C(3))!.etag;
            await put("stamp1", C(3), T(3));
            const b = emu.state.mapping("stamp1", C(3))!.etag;
            expect(a).to.not.equal(b);
        });

        it("If-Match: a matching ETag (quoted, weak or bare) passes, another answers 412 PreconditionFailed", async () => {
            const etag = emu.state.mapping("stamp1", C(1))!.etag;
            expect((await put("stamp1", C(1), T(1), { headers: { "if-match": `"${etag}"` } })).status).to.equal(201);
            const stale = await put("stamp1", C(1), T(1), { headers: { "if-match": `"${etag}"` } });
            expect(stale.status).to.equal(412);
            expect(stale.json.error.code).to.equal("PreconditionFailed");
            const now = emu.state.mapping("stamp1", C(1))!.etag;
            expect((await put("stamp1", C(1), T(1), { headers: { "if-match": `W/"${now}"` } })).status).to.equal(201);
            const now2 = emu.state.mapping("stamp1", C(1))!.etag;
            expect((await del("stamp1", C(1), { "if-match": `"wrong"` })).status).to.equal(412);
            expect((await del("stamp1", C(1), { "if-match": now2 })).status).to.equal(204);
        });

        it("If-Match: * requires the mapping to exist; If-None-Match: * requires it not to", async () => {
            expect((await put("stamp1", C(3), T(3), { headers: { "if-match": "*" } })).status).to.equal(412);
            expect(emu.state.mapping("stamp1", C(3))).to.equal(undefined);
            expect((await put("stamp1", C(3), T(3), { headers: { "if-none-match": "*" } })).status).to.equal(201);
            const again = await put("stamp1", C(3), T(3), { headers: { "if-none-match": "*" } });
            expect(again.status).to.equal(412);
            expect((await put("stamp1", C(3), T(3), { headers: { "if-match": "*" } })).status).to.equal(201);
        });

        it("a stale etag in the PUT body answers 412", async () => {
            const res = await call(emu, "PUT", mappingPath("stamp1", C(1)), {
                token,
                body: { etag: "stale", properties: { tenantId: T(1) } },
            });
            expect(res.status).to.equal(412);
            const etag = emu.state.mapping("stamp1", C(1))!.etag;
            const ok = await call(emu, "PUT", mappingPath("stamp1", C(1)), { token, body: { etag, properties: { tenantId: T(1) } } });
            expect(ok.status).to.equal(201);
        });
    });

    describe("locks", () => {
        it("DELETE of a mapping under a CanNotDelete-locked registration answers 409 ScopeLocked naming the lock", async () => {
            const res = await del("locked", C(9));
            expect(res.status).to.equal(409);
            expect(res.json.error.code).to.equal("ScopeLocked");
            expect(res.json.error.message).to.include("AzsLock").and.include(regPath("locked"));
            expect(emu.state.mapping("locked", C(9))).to.not.equal(undefined);
        });

        it("PUT under a locked registration is allowed (CanNotDelete only forbids deletes)", async () => {
            expect((await put("locked", C(10), T(10))).status).to.equal(201);
        });

        it("DELETE of the locked registration answers 409 ScopeLocked; after unlocking it is deleted", async () => {
            const res = await call(emu, "DELETE", regPath("locked"), { token });
            expect(res.status).to.equal(409);
            expect(res.json.error.code).to.equal("ScopeLocked");
            await emu.state.updateRegistration("locked", { lock: null });
            expect((await del("locked", C(9))).status).to.equal(204);
            expect((await call(emu, "DELETE", regPath("locked"), { token })).status).to.equal(200);
            expect(emu.state.registration("locked")).to.equal(undefined);
        });
    });

    describe("registrations", () => {
        it("GET returns the registration with location global, etag and properties", async () => {
            const res = await get(regPath("capacity"));
            expect(res.status).to.equal(200);
            const reg = emu.state.registration("capacity")!;
            expect(res.json).to.deep.equal({
                id: regPath("capacity"),
                name: "capacity",
                type: "Microsoft.AzureStack/registrations",
                location: "global",
                etag: reg.etag,
                properties: { objectId: reg.objectId, cloudId: reg.cloudId, billingModel: "Capacity" },
            });
        });

        it("lists the registrations of a resource group", async () => {
            const res = await get(`${regPath("x").replace(/\/x$/, "")}`);
            expect(res.status).to.equal(200);
            expect(res.json.value.map((r: { name: string }) => r.name)).to.deep.equal([
                "stamp1",
                "stamp2",
                "capacity",
                "unapproved",
                "locked",
            ]);
        });

        it("PUT creates (201, not yet approved for multi-tenancy) and updates (200); location must be global", async () => {
            const bad = await call(emu, "PUT", regPath("stamp9"), { token, body: { location: "westeurope", properties: {} } });
            expect(bad.status).to.equal(400);
            const created = await call(emu, "PUT", regPath("stamp9"), {
                token,
                body: { location: "global", properties: { registrationToken: "abc", billingModel: "PayAsYouUse" } },
            });
            expect(created.status).to.equal(201);
            expect(created.json.properties.billingModel).to.equal("PayAsYouUse");
            expect((await get(mappingPath("stamp9"))).json.error.code).to.equal("UnauthorizedCspRegistration");
            const updated = await call(emu, "PUT", regPath("stamp9"), {
                token,
                body: { location: "global", properties: { billingModel: "Capacity" } },
            });
            expect(updated.status).to.equal(200);
            expect(updated.json.properties.billingModel).to.equal("Capacity");
            expect(updated.json.etag).to.not.equal(created.json.etag);
        });

        it("DELETE removes the registration and its mappings (200), and answers 204 when it does not exist", async () => {
            expect((await call(emu, "DELETE", regPath("stamp1"), { token })).status).to.equal(200);
            expect((await get(mappingPath("stamp1"))).json.error.code).to.equal("RegistrationNotFound");
            expect((await call(emu, "DELETE", regPath("stamp1"), { token })).status).to.equal(204);
        });
    });

    describe("routing", () => {
        it("answers 404 for unknown paths and resource types, 405 for unsupported methods", async () => {
            expect((await get("/nothing/here")).status).to.equal(404);
            const otherNs = await get(
                `/subscriptions/${EMULATOR_REG_SUB}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachines/vm1`,
            );
            expect(otherNs.status).to.equal(404);
            expect(otherNs.json.error.code).to.equal("InvalidResourceType");
            const patch = await call(emu, "PATCH", mappingPath("stamp1", C(1)), { token, body: {} });
            expect(patch.status).to.equal(405);
        });

        it("serves the ARM metadata endpoint (login endpoint and audience) without a token", async () => {
            const res = await call(emu, "GET", "/metadata/endpoints?api-version=2015-01-01", { apiVersion: null });
            expect(res.status).to.equal(200);
            expect(res.json.authentication).to.include({ loginEndpoint: `${emu.authorityHost}/` });
            expect(res.json.authentication.audiences).to.deep.equal([`${emu.armEndpoint}/`]);
            // 2019-05-01 up to 2022-09-01: the array of clouds; 2022-09-01 and newer (az cloud register): this cloud alone.
            const clouds = await call(emu, "GET", "/metadata/endpoints?api-version=2019-05-01", { apiVersion: null });
            expect(clouds.json).to.be.an("array").with.length(1);
            expect(clouds.json[0]).to.include({ resourceManager: `${emu.armEndpoint}/` });
            for (const version of ["2022-09-01", "2023-11-01"]) {
                const cloud = await call(emu, "GET", `/metadata/endpoints?api-version=${version}`, { apiVersion: null });
                expect(cloud.json, version).to.not.be.an("array");
                expect(cloud.json).to.include({ name: "AzureStackEmulator", resourceManager: `${emu.armEndpoint}/` });
                expect(cloud.json.authentication).to.deep.include({
                    loginEndpoint: `${emu.authorityHost}/`,
                    audiences: [`${emu.armEndpoint}/`],
                    tenant: emu.tenantId,
                });
            }
            expect(emu.requestLog().map((e) => e.kind)).to.deep.equal(["token", "metadata", "metadata", "metadata", "metadata"]);
        });
    });
});
