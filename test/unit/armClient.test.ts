import { expect } from "chai";
import type { AccessToken, TokenCredential } from "@azure/identity";
import { ArmClient, MAX_RESPONSE_BYTES, MAX_RETRY_AFTER_MS, retryAfterMs, type ArmClientOptions } from "../../provider/arm/client";
import { getRegistration, listMappings, MAX_LIST_PAGES } from "../../provider/arm/registrations";
import { AccessTokenCache } from "../../provider/arm/tokens";
import { AzureStackRegistrationError } from "../../provider/errors";
import { ScriptedServer } from "../support/scriptedServer";

const context = { operation: "test", registrationName: "azurestack-1" };
const armError = (code: string, message = "m") => ({ error: { code, message } });

describe("ArmClient retry and error policy", () => {
    let server: ScriptedServer;
    let endpoint: string;
    let tokensIssued: number;

    beforeEach(async () => {
        server = new ScriptedServer();
        endpoint = await server.start();
        tokensIssued = 0;
    });
    afterEach(() => server.stop());

    function client(overrides: Partial<ArmClientOptions> = {}) {
        const credential: TokenCredential = {
            async getToken(): Promise<AccessToken> {
                tokensIssued++;
                return { token: `t${tokensIssued}`, expiresOnTimestamp: Date.now() + 3_600_000 };
            },
        };
        return new ArmClient({
            cloud: {
                name: "Custom",
                resourceManager: endpoint,
                authorityHost: "https://login.invalid",
                scope: `${endpoint}/.default`,
                disableInstanceDiscovery: true,
            },
            tokens: new AccessTokenCache(credential),
            requestTimeoutMs: 2000,
            maxRetries: 3,
            maxThrottleRetries: 5,
            userAgent: "azurestack-tenant-mappings/test",
            backoffBaseMs: 5,
            backoffMaxMs: 20,
            ...overrides,
        });
    }

    const get = (c: ArmClient, path = "/x") => c.send({ method: "GET", path, apiVersion: "2017-06-01", context });

    it("sends api-version, a bearer token, a client request id and a User-Agent naming the package", async () => {
        server.reply({ status: 200, body: { ok: true } });
        const response = await get(client());
        expect(response.data).to.deep.equal({ ok: true });
        const [request] = server.seen;
        expect(request.url).to.equal("/x?api-version=2017-06-01");
        expect(request.headers.authorization).to.equal("Bearer t1");
        expect(request.headers["x-ms-client-request-id"]).to.match(/^[0-9a-f-]{36}$/);
        expect(request.headers["user-agent"]).to.equal("azurestack-tenant-mappings/test");
    });

    it("sends Accept-Language with its locale on every attempt, English by default", async () => {
        server.reply({ status: 503, body: armError("ServiceUnavailable") }, { status: 200, body: {} }, { status: 200, body: {} });
        await get(client({ locale: "sv-SE" }));
        await get(client());
        expect(server.seen.map((r) => r.headers["accept-language"])).to.deep.equal(["sv-SE", "sv-SE", "en"]);
    });

    it("explains Azure's errors in its locale, with Azure's own code, status and ids", async () => {
        server.reply({
            status: 400,
            body: armError("InvalidCSPSubscription", "pas un abonnement CSP"),
            headers: { "x-ms-request-id": "rid", "x-ms-correlation-request-id": "cid" },
        });
        const error = await get(client({ locale: "fr-FR" })).then(
            () => undefined,
            (e) => e,
        );
        expect(error).to.be.instanceOf(AzureStackRegistrationError);
        expect(error).to.include({
            code: "InvalidCSPSubscription",
            statusCode: 400,
            requestId: "rid",
            correlationId: "cid",
            locale: "fr-FR",
        });
        expect(error.message)
            .to.match(/^InvalidCSPSubscription: /)
            .and.include("faute de frappe")
            .and.include("Réponse d’Azure : pas un abonnement CSP")
            .and.include("x-ms-request-id rid");
    });

    it("keeps its locale when a not-found answer is reported as RegistrationNotFound", async () => {
        server.reply({ status: 404, body: armError("ResourceGroupNotFound") });
        const ref = { subscriptionId: "5a1e0000-0000-4000-8000-000000000001", resourceGroup: "rg", name: "azurestack-x" };
        const error = await getRegistration(client({ locale: "zh-CN" }), ref, "2017-06-01").then(
            () => undefined,
            (e) => e,
        );
        expect(error).to.include({ code: "RegistrationNotFound", statusCode: 404, locale: "zh-CN" });
        expect(error.message).to.include("Azure 中不存在注册“azurestack-x”").and.include("解决办法：");
    });

    it("accepts a 201 with an empty body", async () => {
        server.reply({ status: 201 });
        const response = await client().send({ method: "PUT", path: "/m", apiVersion: "2017-06-01", body: { a: 1 }, context });
        expect(response.status).to.equal(201);
        expect(response.data).to.equal(undefined);
        expect(server.seen[0].body).to.equal('{"a":1}');
        expect(server.seen[0].headers["content-type"]).to.equal("application/json");
    });

    it("retries 5xx and MetadataResolverBadGatewayError, keeping one client request id", async () => {
        server.reply(
            { status: 503, body: armError("ServiceUnavailable") },
            { status: 502, body: armError("MetadataResolverBadGatewayError") },
            { status: 200, body: {} },
        );
        await get(client());
        expect(server.seen).to.have.length(3);
        expect(new Set(server.seen.map((r) => r.headers["x-ms-client-request-id"])).size).to.equal(1);
    });

    it("retries MetadataResolverBadGatewayError even when it comes with a 4xx status", async () => {
        server.reply({ status: 400, body: armError("MetadataResolverBadGatewayError") }, { status: 200, body: {} });
        await get(client());
        expect(server.seen).to.have.length(2);
    });

    it("does not retry 4xx answers and reports them with their code and Azure's ids", async () => {
        server.reply({
            status: 400,
            body: armError("InvalidCSPSubscription", "not a CSP sub"),
            headers: { "x-ms-request-id": "rid", "x-ms-correlation-request-id": "cid" },
        });
        const error = await get(client()).then(
            () => undefined,
            (e) => e,
        );
        expect(server.seen).to.have.length(1);
        expect(error).to.be.instanceOf(AzureStackRegistrationError);
        expect(error).to.include({ code: "InvalidCSPSubscription", statusCode: 400, requestId: "rid", correlationId: "cid", attempts: 1 });
        expect(error.message).to.include("not a CSP sub").and.include("x-ms-request-id rid");
    });

    it("gives up after maxRetries transient failures, saying how many attempts were made", async () => {
        server.fallback = { status: 500, body: armError("InternalServerError") };
        const error = await get(client({ maxRetries: 2 })).then(
            () => undefined,
            (e) => e,
        );
        expect(server.seen).to.have.length(3);
        expect(error.code).to.equal("InternalServerError");
        expect(error.attempts).to.equal(3);
        expect(error.message).to.include("after 3 attempts");
    });

    it("retries a connection reset and a request that hangs past the timeout", async () => {
        server.reply({ reset: true }, { hang: true }, { status: 200, body: { ok: 1 } });
        const response = await get(client({ requestTimeoutMs: 300 }));
        expect(response.data).to.deep.equal({ ok: 1 });
        expect(server.seen).to.have.length(3);
    });

    it("reports a timeout as RequestTimeout once retries are exhausted", async () => {
        server.fallback = { hang: true };
        const error = await get(client({ requestTimeoutMs: 200, maxRetries: 1 })).then(
            () => undefined,
            (e) => e,
        );
        expect(error.code).to.equal("RequestTimeout");
        expect(error.message).to.match(/no answer from http:\/\/127\.0\.0\.1:\d+ within 0\.2s/);
        expect(server.seen).to.have.length(2);
    });

    it("honours Retry-After on 429 and holds back other requests of the same kind meanwhile", async () => {
        server.reply({ status: 429, body: armError("TooManyRequests"), headers: { "Retry-After": "1" } });
        server.fallback = { status: 200, body: {} };
        const c = client();
        const first = get(c, "/a");
        await new Promise((r) => setTimeout(r, 100));
        const second = get(c, "/b");
        await Promise.all([first, second]);
        const [throttled, ...after] = server.seen;
        expect(throttled.url).to.match(/^\/a\?/);
        expect(after.map((r) => r.url.split("?")[0]).sort()).to.deep.equal(["/a", "/b"]);
        // The delay is the behaviour under test: the retry and the newcomer both waited out the Retry-After.
        for (const request of after) expect(request.at - throttled.at).to.be.at.least(950);
        expect(c.gate.waitedMs).to.be.greaterThan(0);
    });

    it("bounds a 429 storm by maxThrottleRetries", async () => {
        server.fallback = { status: 429, body: armError("TooManyRequests"), headers: { "retry-after-ms": "5" } };
        const error = await get(client({ maxThrottleRetries: 3 })).then(
            () => undefined,
            (e) => e,
        );
        expect(error.code).to.equal("TooManyRequests");
        expect(server.seen).to.have.length(4);
    });

    it("fetches a new token once when Azure says the token expired", async () => {
        server.reply({ status: 401, body: armError("ExpiredAuthenticationToken") }, { status: 200, body: {} });
        await get(client());
        expect(server.seen.map((r) => r.headers.authorization)).to.deep.equal(["Bearer t1", "Bearer t2"]);
    });

    it("sends a token that is still valid when the request leaves, even after waiting out a throttle", async () => {
        // Tokens live 300 ms; the retry waits 1 s for its lane to open again.
        const credential: TokenCredential = {
            async getToken(): Promise<AccessToken> {
                tokensIssued++;
                return { token: `t${tokensIssued}`, expiresOnTimestamp: Date.now() + 300 };
            },
        };
        server.reply({ status: 429, headers: { "Retry-After": "1" }, body: armError("TooManyRequests") }, { status: 200, body: {} });
        await get(client({ tokens: new AccessTokenCache(credential) }));
        expect(server.seen.map((r) => r.headers.authorization)).to.deep.equal(["Bearer t1", "Bearer t2"]);
    });

    it("counts the attempts that may have been applied: no answer or a 5xx, not a 429", async () => {
        const put = (c: ArmClient) => c.send({ method: "PUT", path: "/m", apiVersion: "2017-06-01", body: {}, context });
        const precondition = { status: 412, body: armError("PreconditionFailed") };
        server.reply({ status: 429, headers: { "Retry-After": "0" }, body: armError("TooManyRequests") }, precondition);
        const throttled = await put(client()).then(
            () => undefined,
            (e: AzureStackRegistrationError) => e,
        );
        expect([throttled?.attempts, throttled?.ambiguousAttempts]).to.deep.equal([2, 0]);
        server.reply({ reset: true }, { status: 503, body: armError("ServiceUnavailable") }, precondition);
        const unanswered = await put(client()).then(
            () => undefined,
            (e: AzureStackRegistrationError) => e,
        );
        expect([unanswered?.attempts, unanswered?.ambiguousAttempts]).to.deep.equal([3, 2]);
    });

    it("does not retry an invalid token", async () => {
        server.reply({ status: 401, body: armError("InvalidAuthenticationToken") });
        const error = await get(client()).then(
            () => undefined,
            (e) => e,
        );
        expect(error.code).to.equal("InvalidAuthenticationToken");
        expect(server.seen).to.have.length(1);
    });

    it("follows a nextLink on its own endpoint but refuses one on another host", async () => {
        server.reply({ status: 200, body: { value: [] } });
        await get(client(), `${endpoint}/next?api-version=2017-06-01&$skipToken=abc`);
        expect(server.seen[0].url).to.equal("/next?api-version=2017-06-01&$skipToken=abc");
        const error = await get(client(), "https://attacker.example/steal").then(
            () => undefined,
            (e) => e,
        );
        expect(error.code).to.equal("UntrustedNextLink");
        expect(server.seen).to.have.length(1);
    });

    it("refuses a protocol-relative or scheme-less nextLink to another host as untrusted, without sending it", async () => {
        for (const link of ["//attacker.example/steal", "///attacker.example/x", "ftp://attacker.example/x", "javascript:alert(1)"]) {
            const error = await get(client(), link).then(
                () => undefined,
                (e) => e,
            );
            expect(error?.code, link).to.equal("UntrustedNextLink");
        }
        expect(server.seen).to.have.length(0);
    });

    it("stops reading an answer larger than MAX_RESPONSE_BYTES, and does not retry it", async () => {
        server.reply({ status: 200, body: { value: "x".repeat(MAX_RESPONSE_BYTES + 1) } });
        const error = await get(client()).then(
            () => undefined,
            (e) => e,
        );
        expect(error.code).to.equal("ResponseTooLarge");
        expect(server.seen).to.have.length(1);
    });

    it("stops a listing whose nextLinks never end at MAX_LIST_PAGES pages", async () => {
        let page = 0;
        server.fallback = { status: 200, body: {} };
        const c = client();
        const send = c.send.bind(c);
        // Every page links to a new one: answer locally after the first real request, to keep the test fast.
        c.send = (async (request: Parameters<ArmClient["send"]>[0]) => {
            if (page++ === 0) await send(request);
            return {
                status: 200,
                headers: {},
                data: { value: [{ id: `/x/customerSubscriptions/${page}` }], nextLink: `${endpoint}/p?n=${page}` },
            };
        }) as ArmClient["send"];
        const ref = { subscriptionId: "5a1e0000-0000-4000-8000-000000000001", resourceGroup: "azurestack", name: "azurestack-1" };
        const error = await listMappings(c, ref, "2017-06-01").then(
            () => undefined,
            (e) => e,
        );
        expect(error?.code).to.equal("TooManyPages");
        expect(page).to.equal(MAX_LIST_PAGES);
    });

    it("reports an unreachable endpoint as NetworkError naming the host", async () => {
        await server.stop();
        server = new ScriptedServer();
        await server.start();
        const error = await get(client({ maxRetries: 0 })).then(
            () => undefined,
            (e) => e,
        );
        expect(error.code).to.equal("NetworkError");
        expect(error.message).to.include("ECONNREFUSED").and.include(endpoint);
    });

    it("parses every Retry-After form ARM uses", () => {
        const now = Date.parse("2026-01-01T00:00:00Z");
        expect(retryAfterMs({ headers: { "retry-after": "3" } }, now)).to.equal(3000);
        expect(retryAfterMs({ headers: { "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" } }, now)).to.equal(5000);
        expect(retryAfterMs({ headers: { "retry-after-ms": "250" } }, now)).to.equal(250);
        expect(retryAfterMs({ headers: { "x-ms-retry-after-ms": "40" } }, now)).to.equal(40);
        expect(retryAfterMs({ headers: {} }, now)).to.equal(undefined);
        // A server cannot park the provider: every form is capped.
        expect(retryAfterMs({ headers: { "retry-after": "86400" } }, now)).to.equal(MAX_RETRY_AFTER_MS);
        expect(retryAfterMs({ headers: { "retry-after-ms": "1e12" } }, now)).to.equal(MAX_RETRY_AFTER_MS);
        expect(retryAfterMs({ headers: { "retry-after": "Fri, 01 Jan 2027 00:00:00 GMT" } }, now)).to.equal(MAX_RETRY_AFTER_MS);
    });
});
