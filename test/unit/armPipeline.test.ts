/**
 * Each step of the ARM pipeline alone, with a fake `next`; then the order they run in. The whole pipeline against
 * a server is armClient.test.ts's.
 */
import { expect } from "chai";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { AccessToken, TokenCredential } from "@azure/identity";
import { AxiosError, AxiosHeaders, type AxiosResponse } from "axios";
import { AzureStackRegistrationError } from "../../provider/errors";
import { bearerToken, tokenBeforeTurn } from "../../provider/arm/pipeline/authorization";
import { clientRequestId } from "../../provider/arm/pipeline/clientRequestId";
import { errorTranslation } from "../../provider/arm/pipeline/errorTranslation";
import { armPipelineSteps, type ArmPipelineOptions } from "../../provider/arm/pipeline";
import { MAX_RESPONSE_BYTES, responseSizeLimit } from "../../provider/arm/pipeline/responseSizeLimit";
import { retry, type RetryOptions } from "../../provider/arm/pipeline/retry";
import { throttleGate } from "../../provider/arm/pipeline/throttleGate";
import { axiosTransport } from "../../provider/arm/pipeline/transport";
import { composeSteps, type PipelineRequest, type SendRequest } from "../../provider/arm/pipeline/types";
import { userAgentAndLocale } from "../../provider/arm/pipeline/userAgentAndLocale";
import { ThrottleGate, type QuotaSignal } from "../../provider/arm/throttle";
import { AccessTokenCache } from "../../provider/arm/tokens";

const ENDPOINT = "https://management.local.azurestack.external";
const SCOPE = `${ENDPOINT}/.default`;

function armRequest(overrides: Partial<PipelineRequest> = {}): PipelineRequest {
    return {
        method: "GET",
        url: "/subscriptions/5a1e/x",
        headers: new AxiosHeaders(),
        context: { operation: "test" },
        kind: "read",
        lane: "read:5a1e",
        attempts: 0,
        ambiguousAttempts: 0,
        ...overrides,
    };
}

function answer(status: number, body?: unknown, headers: Record<string, string> = {}): AxiosResponse<string> {
    return {
        status,
        statusText: "",
        data: body === undefined ? "" : JSON.stringify(body),
        headers,
        config: { headers: new AxiosHeaders() },
    };
}

/** The failure axios throws for an error answer. */
function failed(status: number, body?: unknown, headers?: Record<string, string>): AxiosError {
    return new AxiosError(
        `Request failed with status code ${status}`,
        "ERR_BAD_RESPONSE",
        undefined,
        undefined,
        answer(status, body, headers),
    );
}

const armError = (code: string, message = "m") => ({ error: { code, message } });

/** A `next` that gives the scripted outcomes in turn (an Error is thrown) and records the requests it saw. */
function scriptedNext(...outcomes: Array<AxiosResponse<string> | Error>) {
    const seen: Array<{ headers: Record<string, unknown>; attempts: number; maxResponseBytes?: number }> = [];
    const next: SendRequest = async (request) => {
        seen.push({ headers: request.headers.toJSON(), attempts: request.attempts, maxResponseBytes: request.maxResponseBytes });
        const outcome = outcomes.shift();
        if (outcome === undefined) throw new Error("next called more often than scripted");
        if (outcome instanceof Error) throw outcome;
        return outcome;
    };
    return { next, seen };
}

/** Tokens "t1", "t2", … one per credential call; `fail` makes the credential throw instead. */
function tokenCache(fail?: Error) {
    let issued = 0;
    const credential: TokenCredential = {
        async getToken(): Promise<AccessToken> {
            if (fail) throw fail;
            return { token: `t${++issued}`, expiresOnTimestamp: Date.now() + 3_600_000 };
        },
    };
    return { tokens: new AccessTokenCache(credential), issued: () => issued };
}

/** A gate that records what the steps ask of it. */
function recordingGate() {
    const calls: Array<[string, ...unknown[]]> = [];
    const gate = {
        async acquire(lane: string, isRetry: boolean) {
            calls.push(["acquire", lane, isRetry]);
        },
        release(lane: string, signal: QuotaSignal) {
            calls.push(["release", lane, signal]);
        },
        block(lane: string, forMs: number) {
            calls.push(["block", lane, forMs]);
        },
    };
    return { gate: gate as unknown as ThrottleGate, calls };
}

const rejection = (promise: Promise<unknown>) =>
    promise.then(
        () => expect.fail("expected a failure"),
        (error: unknown) => error,
    );

describe("ARM pipeline steps", () => {
    describe("clientRequestId", () => {
        it("gives the request a new id and asks ARM to echo it", async () => {
            const { next, seen } = scriptedNext(answer(200));
            await clientRequestId(() => "id-1").sendRequest(armRequest(), next);
            expect(seen[0].headers).to.include({ "x-ms-client-request-id": "id-1", "x-ms-return-client-request-id": "true" });
        });

        it("keeps an id the request already has, whatever its case", async () => {
            const { next, seen } = scriptedNext(answer(200));
            await clientRequestId(() => "id-new").sendRequest(
                armRequest({ headers: new AxiosHeaders({ "X-MS-Client-Request-Id": "mine" }) }),
                next,
            );
            expect(Object.values(seen[0].headers)).to.include("mine").and.not.include("id-new");
        });
    });

    describe("userAgentAndLocale", () => {
        it("sends User-Agent, Accept and the locale as Accept-Language", async () => {
            const { next, seen } = scriptedNext(answer(200));
            await userAgentAndLocale("azurestack-tenant-mappings/1.0", "sv-SE").sendRequest(armRequest(), next);
            expect(seen[0].headers).to.include({
                "User-Agent": "azurestack-tenant-mappings/1.0",
                Accept: "application/json",
                "Accept-Language": "sv-SE",
            });
        });
    });

    describe("tokenBeforeTurn", () => {
        it("gets a token before passing the request on", async () => {
            const { tokens, issued } = tokenCache();
            const next: SendRequest = async () => {
                expect(issued()).to.equal(1);
                return answer(200);
            };
            await tokenBeforeTurn(tokens, SCOPE).sendRequest(armRequest(), next);
        });

        it("fails without passing the request on when the credential gives no token", async () => {
            const { tokens } = tokenCache(new Error("no secret"));
            const { next, seen } = scriptedNext(answer(200));
            const error = await rejection(tokenBeforeTurn(tokens, SCOPE).sendRequest(armRequest(), next));
            expect((error as Error).message).to.equal("no secret");
            expect(seen).to.have.length(0);
        });
    });

    describe("bearerToken", () => {
        /** The Authorization headers of two requests through one step, the first answered with `first`. */
        async function authorizationsAfter(first: AxiosResponse<string> | Error): Promise<unknown[]> {
            const { next, seen } = scriptedNext(first, answer(200));
            const step = bearerToken(tokenCache().tokens, SCOPE);
            await step.sendRequest(armRequest(), next).catch(() => undefined);
            await step.sendRequest(armRequest(), next);
            return seen.map((s) => s.headers.Authorization);
        }

        it("sends the cached token as a bearer token", async () => {
            expect(await authorizationsAfter(answer(200))).to.deep.equal(["Bearer t1", "Bearer t1"]);
        });

        it("forgets the token when ARM says it expired, so the next attempt gets a new one", async () => {
            expect(await authorizationsAfter(failed(401, armError("ExpiredAuthenticationToken")))).to.deep.equal([
                "Bearer t1",
                "Bearer t2",
            ]);
        });

        it("keeps the token when ARM rejects it for another reason", async () => {
            expect(await authorizationsAfter(failed(401, armError("InvalidAuthenticationToken")))).to.deep.equal([
                "Bearer t1",
                "Bearer t1",
            ]);
        });
    });

    describe("throttleGate", () => {
        it("takes a turn of the request's lane and gives it back with the quota the answer reports", async () => {
            const { gate, calls } = recordingGate();
            const { next } = scriptedNext(answer(200, {}, { "x-ms-ratelimit-remaining-subscription-reads": "11" }));
            await throttleGate(gate).sendRequest(armRequest({ attempts: 1 }), next);
            expect(calls).to.deep.equal([
                ["acquire", "read:5a1e", false],
                ["release", "read:5a1e", { remaining: 11 }],
            ]);
        });

        it("puts a retry ahead of newcomers, and passes a 429's Retry-After to the gate", async () => {
            const { gate, calls } = recordingGate();
            const throttled = failed(429, armError("TooManyRequests"), { "retry-after": "2" });
            const { next } = scriptedNext(throttled);
            expect(await rejection(throttleGate(gate).sendRequest(armRequest({ attempts: 2 }), next))).to.equal(throttled);
            expect(calls).to.deep.equal([
                ["acquire", "read:5a1e", true],
                ["release", "read:5a1e", { throttledForMs: 2000 }],
            ]);
        });

        it("gives the turn back, learning nothing, when the request fails without an answer", async () => {
            const { gate, calls } = recordingGate();
            const { next } = scriptedNext(new Error("the credential failed"));
            await rejection(throttleGate(gate).sendRequest(armRequest({ attempts: 1 }), next));
            expect(calls[1]).to.deep.equal(["release", "read:5a1e", {}]);
        });
    });

    describe("retry", () => {
        const options = (overrides: Partial<RetryOptions> = {}): RetryOptions => ({
            gate: recordingGate().gate,
            maxRetries: 2,
            maxThrottleRetries: 3,
            backoffBaseMs: 1,
            backoffMaxMs: 2,
            ...overrides,
        });

        it("retries transient statuses and codes, counting every attempt and those that may have been applied", async () => {
            const { next, seen } = scriptedNext(
                failed(503, armError("ServiceUnavailable")),
                failed(400, armError("MetadataResolverBadGatewayError")),
                answer(200),
            );
            const request = armRequest();
            expect((await retry(options()).sendRequest(request, next)).status).to.equal(200);
            expect(seen.map((s) => s.attempts)).to.deep.equal([1, 2, 3]);
            expect([request.attempts, request.ambiguousAttempts]).to.deep.equal([3, 2]);
        });

        it("gives up after maxRetries transient failures with the last failure", async () => {
            const last = failed(500, armError("InternalServerError"));
            const { next } = scriptedNext(failed(500), failed(500), last);
            const request = armRequest();
            expect(await rejection(retry(options({ maxRetries: 2 })).sendRequest(request, next))).to.equal(last);
            expect(request.attempts).to.equal(3);
        });

        it("retries a failure without an answer, but not a distrusted certificate", async () => {
            const { next, seen } = scriptedNext(new AxiosError("socket hang up", "ECONNRESET"), answer(200));
            await retry(options()).sendRequest(armRequest(), next);
            expect(seen).to.have.length(2);
            const tls = new AxiosError("self-signed certificate", "DEPTH_ZERO_SELF_SIGNED_CERT");
            const untrusted = scriptedNext(tls, answer(200));
            expect(await rejection(retry(options()).sendRequest(armRequest(), untrusted.next))).to.equal(tls);
            expect(untrusted.seen).to.have.length(1);
        });

        it("retries 429s up to maxThrottleRetries without counting them as possibly applied", async () => {
            const throttled = () => failed(429, armError("TooManyRequests"));
            const { next, seen } = scriptedNext(throttled(), throttled(), throttled());
            const request = armRequest();
            await rejection(retry(options({ maxThrottleRetries: 2 })).sendRequest(request, next));
            expect(seen).to.have.length(3);
            expect(request.ambiguousAttempts).to.equal(0);
        });

        it("retries an expired token once, and no other 4xx", async () => {
            const expired = () => failed(401, armError("ExpiredAuthenticationToken"));
            const twice = scriptedNext(expired(), expired(), answer(200));
            await rejection(retry(options()).sendRequest(armRequest(), twice.next));
            expect(twice.seen).to.have.length(2);
            const refused = scriptedNext(failed(403, armError("AuthorizationFailed")), answer(200));
            await rejection(retry(options()).sendRequest(armRequest(), refused.next));
            expect(refused.seen).to.have.length(1);
        });

        it("passes on anything that is not an axios failure at once", async () => {
            const credentialFailure = new Error("no token");
            const { next, seen } = scriptedNext(credentialFailure, answer(200));
            expect(await rejection(retry(options()).sendRequest(armRequest(), next))).to.equal(credentialFailure);
            expect(seen).to.have.length(1);
        });

        it("closes the lane for a transient failure's Retry-After, capped at MAX_RETRY_AFTER_MS", async () => {
            const { gate, calls } = recordingGate();
            const { next } = scriptedNext(failed(503, armError("ServiceUnavailable"), { "retry-after": "86400" }), answer(200));
            await retry(options({ gate })).sendRequest(armRequest(), next);
            expect(calls).to.deep.equal([["block", "read:5a1e", 5 * 60 * 1000]]);
        });

        it("stops once every retry budget is spent, without counting the last failure as possibly applied", async () => {
            const { next, seen } = scriptedNext(failed(401, armError("ExpiredAuthenticationToken")), failed(503), answer(200));
            const request = armRequest();
            await rejection(retry(options({ maxRetries: 0, maxThrottleRetries: 0 })).sendRequest(request, next));
            expect(seen).to.have.length(2);
            expect([request.attempts, request.ambiguousAttempts]).to.deep.equal([2, 0]);
        });
    });

    describe("responseSizeLimit", () => {
        it("bounds the answer the transport reads", async () => {
            const { next, seen } = scriptedNext(answer(200));
            await responseSizeLimit(1024, ENDPOINT, "en").sendRequest(armRequest(), next);
            expect(seen[0].maxResponseBytes).to.equal(1024);
        });

        it("reports an answer over the bound as ResponseTooLarge, with the request's ids and attempts", async () => {
            const oversized = new AxiosError("maxContentLength size of 1048576 exceeded", AxiosError.ERR_BAD_RESPONSE);
            const { next } = scriptedNext(oversized);
            const request = armRequest({ attempts: 1, headers: new AxiosHeaders({ "x-ms-client-request-id": "cid-1" }) });
            const error = await rejection(responseSizeLimit(1024 * 1024, ENDPOINT, "fr-FR").sendRequest(request, next));
            expect(error)
                .to.be.instanceOf(AzureStackRegistrationError)
                .and.include({ code: "ResponseTooLarge", clientRequestId: "cid-1", attempts: 1, locale: "fr-FR" });
            expect((error as Error).message).to.include(`the answer from ${ENDPOINT} was larger than 1 MiB`);
        });

        it("passes other failures on unchanged", async () => {
            const reset = new AxiosError("socket hang up", "ECONNRESET");
            const { next } = scriptedNext(reset);
            expect(await rejection(responseSizeLimit(1024, ENDPOINT, "en").sendRequest(armRequest(), next))).to.equal(reset);
        });
    });

    describe("errorTranslation", () => {
        const translation = errorTranslation({ endpoint: ENDPOINT, requestTimeoutMs: 2500, locale: "en" });
        const translate = async (failure: Error, request = armRequest({ attempts: 1 })) =>
            (await rejection(translation.sendRequest(request, scriptedNext(failure).next))) as AzureStackRegistrationError;

        it("reports an ARM error answer with Azure's code, message and ids", async () => {
            const request = armRequest({
                attempts: 3,
                ambiguousAttempts: 2,
                headers: new AxiosHeaders({ "x-ms-client-request-id": "cid" }),
            });
            const error = await translate(
                failed(500, armError("InternalServerError", "boom"), { "x-ms-request-id": "rid", "x-ms-correlation-request-id": "corr" }),
                request,
            );
            expect(error).to.be.instanceOf(AzureStackRegistrationError).and.include({
                code: "InternalServerError",
                statusCode: 500,
                azureMessage: "boom",
                requestId: "rid",
                correlationId: "corr",
                clientRequestId: "cid",
                attempts: 3,
                ambiguousAttempts: 2,
            });
            expect(error.context).to.deep.equal({ operation: "test" });
            expect(error.message).to.include("after 3 attempts");
        });

        it("names an answer without an ARM code by its status", async () => {
            expect((await translate(failed(404))).code).to.equal("NotFound");
            expect((await translate(failed(429))).code).to.equal("TooManyRequests");
            expect((await translate(failed(418))).code).to.equal("HttpStatus418");
        });

        it("reports a timeout as RequestTimeout and a network failure as NetworkError, with a hint for a distrusted certificate", async () => {
            const timeout = await translate(new AxiosError("timeout of 2500ms exceeded", "ETIMEDOUT"));
            expect(timeout.code).to.equal("RequestTimeout");
            expect(timeout.azureMessage).to.equal(`no answer from ${ENDPOINT} within 2.5s`);
            const refused = await translate(new AxiosError("connect ECONNREFUSED", "ECONNREFUSED"));
            expect(refused).to.include({ code: "NetworkError", azureMessage: `ECONNREFUSED talking to ${ENDPOINT}: connect ECONNREFUSED` });
            const tls = await translate(new AxiosError("self-signed certificate", "SELF_SIGNED_CERT_IN_CHAIN"));
            expect(tls.azureMessage).to.include("set NODE_EXTRA_CA_CERTS");
        });

        it("reports a credential failure as CredentialUnavailable or AuthenticationFailed", async () => {
            const unavailable = Object.assign(new Error("no credential"), { name: "CredentialUnavailableError" });
            expect(await translate(unavailable)).to.include({ code: "CredentialUnavailable", azureMessage: "no credential" });
            expect(await translate(new Error("bad secret"))).to.include({ code: "AuthenticationFailed", azureMessage: "bad secret" });
        });

        it("passes an AzureStackRegistrationError on as it is", async () => {
            const own = new AzureStackRegistrationError({ code: "ResponseTooLarge" });
            expect(await translate(own)).to.equal(own);
        });
    });
});

describe("ARM pipeline", () => {
    const options = (overrides: Partial<ArmPipelineOptions> = {}): ArmPipelineOptions => ({
        endpoint: ENDPOINT,
        scope: SCOPE,
        tokens: tokenCache().tokens,
        gate: new ThrottleGate(),
        userAgent: "ua/1",
        locale: "en",
        requestTimeoutMs: 1000,
        maxRetries: 1,
        maxThrottleRetries: 1,
        backoffBaseMs: 1,
        backoffMaxMs: 2,
        ...overrides,
    });

    it("runs its steps in the documented order", () => {
        expect(armPipelineSteps(options()).map((step) => step.name)).to.deep.equal([
            "clientRequestId",
            "userAgentAndLocale",
            "errorTranslation",
            "retry",
            "tokenBeforeTurn",
            "throttleGate",
            "bearerToken",
            "responseSizeLimit",
        ]);
    });

    it("hands the transport a request every step has prepared", async () => {
        const { next, seen } = scriptedNext(answer(200));
        await composeSteps(armPipelineSteps(options()), next)(armRequest());
        expect(seen[0].headers).to.include({ "User-Agent": "ua/1", "Accept-Language": "en", Authorization: "Bearer t1" });
        expect(seen[0].headers["x-ms-client-request-id"]).to.match(/^[0-9a-f-]{36}$/);
        expect(seen[0]).to.include({ attempts: 1, maxResponseBytes: MAX_RESPONSE_BYTES });
    });

    it("fails a request whose credential gives no token without waiting for a closed lane", async () => {
        const gate = new ThrottleGate();
        gate.block("read:5a1e", 60_000);
        const send = composeSteps(
            armPipelineSteps(options({ gate, tokens: tokenCache(new Error("bad secret")).tokens })),
            scriptedNext().next,
        );
        const outcome = await Promise.race([
            rejection(send(armRequest())),
            new Promise((resolve) => setTimeout(resolve, 500, "still waiting")),
        ]);
        expect(outcome).to.be.instanceOf(AzureStackRegistrationError).and.include({ code: "AuthenticationFailed" });
    });

    it("sends through axios without following redirects", async () => {
        const server = http.createServer((req, res) => {
            res.writeHead(302, { location: "https://elsewhere.example/" });
            res.end(`${req.method} ${req.url} ${req.headers["x-test"]}`);
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        try {
            const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
            const send = axiosTransport(endpoint, 1000);
            const error = await rejection(
                send(armRequest({ params: { "api-version": "2017-06-01" }, headers: new AxiosHeaders({ "x-test": "yes" }) })),
            );
            expect((error as AxiosError).response?.status).to.equal(302);
            expect((error as AxiosError).response?.data).to.equal("GET /subscriptions/5a1e/x?api-version=2017-06-01 yes");
        } finally {
            server.close();
        }
    });
});
