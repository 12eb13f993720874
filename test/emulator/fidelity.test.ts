/**
 * Fidelity to Microsoft's published API description (issue 25), for every api-version the product supports:
 * the emulator's answers and the provider's requests, recorded (`recordTraffic`) and validated with Azure's own
 * traffic validator (oav) against the Microsoft.AzureStack OpenAPI documents in fixtures/azure-rest-api-specs.
 * Also the other way round: every shape those documents allow for an answer (both mapping names, 200 with the
 * resource or 201 without, the etag in the body or only in the header) is accepted by the provider's ARM client.
 */
import { expect } from "chai";
import type { AccessToken } from "@azure/identity";
import { API_VERSIONS, startEmulator, type RunningEmulator, type TrafficRecord } from "../../emulator/index.js";
import { ArmClient } from "../../provider/arm/client.js";
import { deleteMapping, getMapping, listMappings, putMapping } from "../../provider/arm/registrations.js";
import { AccessTokenCache } from "../../provider/arm/tokens.js";
import { C, emulatorSuiteSeed, mappingArgs, providerSuiteSeed, REGISTRATION_SUBSCRIPTION, RG, STAMP1, T } from "../support/fixtures.js";
import { ProviderHost } from "../support/providerHost.js";
import { ScriptedServer } from "../support/scriptedServer.js";
import { call, getToken, mappingPath, regPath } from "./helpers.js";
import { findingsOf, isDocumented201, publishedApiValidator, type Validate } from "./publishedApi.js";

const MODES = [
    { putResponse: "201-empty", mappingName: "bare" },
    { putResponse: "200-body", mappingName: "qualified" },
] as const;

describe("emulator: fidelity to the published Microsoft.AzureStack API description (oav)", function () {
    this.timeout(120_000);
    let validate: Validate;
    before(async () => {
        validate = await publishedApiValidator();
    });

    describe("the emulator's answers", () => {
        let emu: RunningEmulator;
        let token: string;
        const traffic: TrafficRecord[] = [];
        before(async () => {
            emu = await startEmulator({ seed: emulatorSuiteSeed(), recordTraffic: true, throttling: false, pageSize: 1 });
            token = await getToken(emu);
            for (const apiVersion of API_VERSIONS) {
                for (const mode of MODES) {
                    emu.configure(mode);
                    await everyOperation(emu, token, apiVersion);
                }
            }
            traffic.push(...emu.traffic());
        });
        after(async () => emu?.stop());

        it("records every operation of every api-version, with bodies and without the bearer token", () => {
            const seen = new Set(
                traffic.map((t) => `${new URL(t.liveRequest.url).searchParams.get("api-version")} ${t.liveResponse.statusCode}`),
            );
            for (const v of API_VERSIONS)
                for (const status of ["200", "201", "204", "400", "404", "409", "412"]) expect(seen, v).to.include(`${v} ${status}`);
            expect(traffic.some((t) => "authorization" in t.liveRequest.headers)).to.equal(false);
            const listed = traffic.find(
                (t) => t.liveRequest.url.includes("/customerSubscriptions?") && t.liveResponse.statusCode === "200",
            );
            expect(listed?.liveResponse.body).to.have.property("nextLink");
        });

        it("match the published shapes, but for the 201 Created with an empty body of Microsoft's tenant registration page", async () => {
            const findings = await findingsOf(validate, traffic);
            expect(findings.filter((f) => !isDocumented201(f))).to.deep.equal([]);
            // Every 201-empty mapping PUT, and only those, is reported: the validator saw them all.
            const puts201 = traffic.filter(
                (t) => t.liveRequest.method === "PUT" && t.liveResponse.statusCode === "201" && !t.liveResponse.body,
            );
            expect(puts201.length).to.be.greaterThan(0);
            expect(findings.length).to.equal(puts201.length);
        });

        it("fails an answer mutated away from the published shapes (the validator bites)", async () => {
            const got = traffic.find(
                (t) =>
                    t.liveRequest.method === "GET" &&
                    /2022-06-01$/.test(t.liveRequest.url) &&
                    /customerSubscriptions\/[^?]+\?/.test(t.liveRequest.url),
            )!;
            expect(await validate(got)).to.deep.equal([]);
            const withSystemData = structuredClone(got);
            (withSystemData.liveResponse.body as Record<string, unknown>).systemData = { createdBy: "x", createdByType: "Application" };
            expect((await validate(withSystemData)).map((f) => f.code)).to.deep.equal(["OBJECT_ADDITIONAL_PROPERTIES"]);
            const tenantAsNumber = structuredClone(got);
            (tenantAsNumber.liveResponse.body as { properties: { tenantId: unknown } }).properties.tenantId = 7;
            expect((await validate(tenantAsNumber)).map((f) => f.code)).to.deep.equal(["INVALID_TYPE"]);
        });
    });

    describe("the provider's requests, through the real dynamic-provider host", () => {
        let emulator: RunningEmulator;
        let host: ProviderHost;
        before(async () => {
            emulator = await startEmulator({ seed: providerSuiteSeed(60), recordTraffic: true });
            host = new ProviderHost();
            await host.start(emulator.clientEnv());
            await host.configure({});
        });
        after(async () => {
            await host?.stop();
            await emulator?.stop();
        });

        let n = 30;
        for (const apiVersion of API_VERSIONS) {
            for (const mode of MODES) {
                it(`${apiVersion}, ${mode.putResponse}, ${mode.mappingName} names: check, create, read, update, delete send published requests`, async () => {
                    emulator.configure(mode);
                    emulator.clearTraffic();
                    const name = `fidelity-${n}`;
                    const [id, tenant, next] = [C(n), T(n), T(n + 1)];
                    n += 3;
                    const { inputs } = await host.check(name, {}, mappingArgs(STAMP1, id, tenant, { apiVersion }));
                    const created = await host.create(name, inputs);
                    expect(created.outputs).to.include({ customerSubscriptionId: id, tenantId: tenant, apiVersion });
                    const read = await host.read(name, created.id, created.outputs);
                    expect(read.outputs).to.include({ name: id, tenantId: tenant }); // the bare id, whichever name ARM gave
                    const { inputs: news } = await host.check(name, inputs, mappingArgs(STAMP1, id, next, { apiVersion }));
                    const updated = await host.update(name, created.id, read.outputs, news);
                    expect(updated.tenantId).to.equal(next);
                    // Delete one this process does not declare (a declared one is left to its declaring resource).
                    const stamp = { subscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RG, name: STAMP1 };
                    const gone = C(n - 1);
                    const made = await emulator.state.putMapping(stamp, gone, T(n - 1));
                    const goneProps = { ...updated, customerSubscriptionId: gone, tenantId: T(n - 1), etag: made.etag };
                    await host.delete(`${name}-gone`, created.id.replace(id, gone), goneProps);
                    expect(emulator.state.mapping(stamp, gone)).to.equal(undefined);

                    const traffic = emulator.traffic();
                    expect(traffic.map((t) => t.liveRequest.method)).to.include.members(["GET", "PUT", "DELETE"]);
                    expect(traffic.every((t) => t.liveRequest.url.includes(`api-version=${apiVersion}`))).to.equal(true);
                    const findings = await findingsOf(validate, traffic);
                    expect(findings.filter((f) => f.side === "request")).to.deep.equal([]);
                    expect(findings.filter((f) => !isDocumented201(f))).to.deep.equal([]);
                });
            }
        }
    });

    describe("every answer shape the published description allows, read by the provider's ARM client", () => {
        let server: ScriptedServer;
        let endpoint: string;
        let client: ArmClient;
        const ref = { subscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RG, name: STAMP1 };
        const resource = (name: string, etag?: string) => ({
            id: `${regPath(STAMP1, REGISTRATION_SUBSCRIPTION)}/customerSubscriptions/${C(1)}`,
            name,
            type: "Microsoft.AzureStack/registrations/customerSubscriptions",
            ...(etag === undefined ? {} : { etag }),
            properties: { tenantId: T(1) },
        });
        beforeEach(async () => {
            server = new ScriptedServer();
            endpoint = await server.start();
            const token: AccessToken = { token: "t", expiresOnTimestamp: Date.now() + 3_600_000 };
            client = new ArmClient({
                cloud: {
                    name: "Custom",
                    resourceManager: endpoint,
                    authorityHost: "https://login.invalid",
                    scope: `${endpoint}/.default`,
                    disableInstanceDiscovery: true,
                },
                tokens: new AccessTokenCache({ getToken: async () => token }),
                requestTimeoutMs: 5000,
                maxRetries: 0,
                maxThrottleRetries: 0,
                userAgent: "azurestack-tenant-mappings/test",
                backoffBaseMs: 1,
                backoffMaxMs: 1,
            });
        });
        afterEach(() => server.stop());

        /** The scripted answers, checked against the published description first: they are shapes it allows. */
        async function published(
            apiVersion: string,
            method: string,
            path: string,
            status: number,
            body?: unknown,
            headers: Record<string, string> = {},
        ) {
            const record: TrafficRecord = {
                liveRequest: {
                    method,
                    url: `https://management.azure.com${path}?api-version=${apiVersion}`,
                    headers: {},
                    body: method === "PUT" ? { properties: { tenantId: T(1) } } : undefined,
                },
                liveResponse: { statusCode: String(status), headers: { "content-type": "application/json", ...headers }, body },
            };
            expect(await validate(record), `${method} ${status}`).to.deep.equal([]);
            server.reply({ status, body, headers });
        }

        for (const apiVersion of API_VERSIONS) {
            it(`${apiVersion}: both names, the etag in the body or only in the header, DELETE 200 or 204, paged lists`, async () => {
                const list = `${regPath(STAMP1, REGISTRATION_SUBSCRIPTION)}/customerSubscriptions`;
                const one = `${list}/${C(1)}`;
                await published(apiVersion, "GET", one, 200, resource(`${STAMP1}/${C(1)}`, "body-etag"));
                expect(await getMapping(client, ref, C(1), apiVersion)).to.deep.include({ name: `${STAMP1}/${C(1)}`, etag: "body-etag" });
                await published(apiVersion, "GET", one, 200, resource(C(1)), { etag: '"header-etag"' });
                expect((await getMapping(client, ref, C(1), apiVersion))?.etag).to.equal('"header-etag"');

                await published(apiVersion, "PUT", one, 200, resource(C(1), "put-etag"));
                expect(await putMapping(client, ref, C(1), T(1), apiVersion)).to.deep.include({ status: 200, etag: "put-etag" });
                server.reply({ status: 201, headers: { etag: '"created-etag"' } }); // Microsoft's page: 201, empty body
                expect(await putMapping(client, ref, C(1), T(1), apiVersion)).to.deep.include({
                    status: 201,
                    etag: '"created-etag"',
                    resource: undefined,
                });

                await published(apiVersion, "GET", list, 200, {
                    value: [resource(C(1))],
                    nextLink: `${endpoint}${list}?api-version=${apiVersion}&$skipToken=2`,
                });
                await published(apiVersion, "GET", list, 200, { value: [resource(`${STAMP1}/${C(2)}`)] });
                expect((await listMappings(client, ref, apiVersion)).map((m) => m.name)).to.deep.equal([C(1), `${STAMP1}/${C(2)}`]);

                await published(apiVersion, "DELETE", one, 200);
                await deleteMapping(client, ref, C(1), apiVersion);
                await published(apiVersion, "DELETE", one, 204);
                await deleteMapping(client, ref, C(1), apiVersion);
                expect(server.seen.map((r) => r.method)).to.deep.equal(["GET", "GET", "PUT", "PUT", "GET", "GET", "DELETE", "DELETE"]);
            });
        }
    });
});

/** Every registration API operation the emulator serves, successes and errors, at one api-version. */
async function everyOperation(emu: RunningEmulator, token: string, apiVersion: string): Promise<void> {
    const send = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
        call(emu, method, path, { token, apiVersion, body, headers });
    await send("GET", regPath("stamp1").replace(/\/stamp1$/, ""));
    await send("GET", regPath("stamp1"));
    const made = regPath(`fidelity-${apiVersion}`);
    await send("PUT", made, { location: "global", properties: { registrationToken: "token" } }); // 201
    await send("PUT", made, { location: "global", properties: { registrationToken: "token" } }); // 200
    await send("DELETE", made); // 200
    await send("DELETE", made); // 204
    await send("GET", regPath("missing")); // 404

    await send("PUT", mappingPath("stamp1", C(3)), { properties: { tenantId: T(3) } });
    await send("PUT", mappingPath("stamp1", C(3)), { properties: { tenantId: T(4) } }, { "if-match": '"stale"' }); // 412
    await send("PUT", mappingPath("stamp1", C(3)), { properties: { tenantId: T(4) } });
    await send("PUT", mappingPath("stamp1", C(4)), { properties: { tenantId: "not-a-guid" } }); // 400
    await send("PUT", mappingPath("capacity", C(4)), { properties: { tenantId: T(4) } }); // 409
    await send("GET", mappingPath("stamp1", C(3)));
    await send("GET", mappingPath("stamp1", C(8))); // 404
    let page = await send("GET", mappingPath("stamp1"));
    while (page.json?.nextLink) page = await call(emu, "GET", page.json.nextLink as string, { token });
    await send("DELETE", mappingPath("stamp1", C(3))); // 204
    await send("DELETE", mappingPath("stamp1", C(3))); // 204, already gone
}
