/**
 * Fault injection over HTTPS: latency, 429 storms, 502/503 bursts, MetadataResolverBadGatewayError,
 * connection resets and hangs, matched by method and path, counted, skipped or drawn from a seeded RNG.
 */
import { expect } from "chai";
import { request } from "node:https";
import { startEmulator, type RunningEmulator } from "../../emulator/index.js";
import {
    C,
    CLIENT_ID,
    CLIENT_OID,
    CLIENT_SECRET,
    emulatorSuiteSeed,
    OTHER_CLIENT_ID,
    OTHER_CLIENT_SECRET,
    T,
} from "../support/fixtures.js";
import { call, getToken, mappingPath, tokenRequest } from "./helpers.js";

/** A raw request that reports how it ended: an answer, an error code, or a client-side timeout. */
function attempt(emu: RunningEmulator, path: string, token: string, timeoutMs?: number): Promise<{ status?: number; error?: string }> {
    return new Promise((resolve) => {
        const req = request(
            `${emu.armEndpoint}${path}?api-version=2017-06-01`,
            { method: "GET", headers: { authorization: `Bearer ${token}` }, ca: emu.caCertPem, agent: false },
            (res) => {
                res.resume();
                res.on("end", () => resolve({ status: res.statusCode! }));
            },
        );
        if (timeoutMs) req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error("client timeout"), { code: "CLIENT_TIMEOUT" })));
        req.on("error", (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
        req.end();
    });
}

describe("emulator: fault injection", function () {
    let emu: RunningEmulator;
    let token: string;
    const put = (n: number, reg = "stamp1") =>
        call(emu, "PUT", mappingPath(reg, C(n)), { token, body: { properties: { tenantId: T(n) } } });

    beforeEach(async () => {
        emu = await startEmulator({ seed: emulatorSuiteSeed(), throttling: false });
        token = await getToken(emu);
    });
    afterEach(async () => emu.stop());

    it("adds latency to matching requests (and the global latency to every ARM answer)", async () => {
        emu.setFaults([{ kind: "latency", latencyMs: 300, method: "GET" }]);
        let started = Date.now();
        expect((await call(emu, "GET", mappingPath("stamp1"), { token })).status).to.equal(200);
        expect(Date.now() - started).to.be.at.least(290);
        emu.setFaults([]);
        emu.setLatency(250);
        started = Date.now();
        expect((await put(3)).status).to.equal(201);
        expect(Date.now() - started).to.be.at.least(240);
        expect(emu.requestLog().at(-1)!.latencyMs).to.be.at.least(240);
    });

    it("throws a 429 storm for the first N matches with the given Retry-After, then lets requests through", async () => {
        emu.setFaults([{ kind: "throttle", method: "PUT", count: 3, retryAfterSeconds: 7 }]);
        const answers = [await put(3), await put(3), await put(3), await put(3)];
        expect(answers.map((a) => a.status)).to.deep.equal([429, 429, 429, 201]);
        expect(answers[0]!.headers["retry-after"]).to.equal("7");
        expect(answers[0]!.json.error.code).to.equal("SubscriptionRequestsThrottled");
        expect(emu.counters().faults).to.deep.equal({ throttle: 3 });
        expect(emu.counters().throttled).to.equal(3);
    });

    it("answers 502/503 bursts with ARM error bodies and optional Retry-After", async () => {
        emu.setFaults([
            { kind: "status", status: 503, count: 2, retryAfterSeconds: 2 },
            { kind: "status", status: 502, count: 1 },
        ]);
        const answers = [await put(3), await put(3), await put(3), await put(3)];
        expect(answers.map((a) => a.status)).to.deep.equal([503, 503, 502, 201]);
        expect(answers[0]!.json.error.code).to.equal("ServiceUnavailable");
        expect(answers[0]!.headers["retry-after"]).to.equal("2");
        expect(answers[2]!.json.error.code).to.equal("BadGateway");
        expect(answers[2]!.headers).to.not.have.property("retry-after");
    });

    it("injects MetadataResolverBadGatewayError (502)", async () => {
        emu.setFaults([{ kind: "metadata-bad-gateway", path: "/customerSubscriptions/", count: 1 }]);
        const res = await put(3);
        expect(res.status).to.equal(502);
        expect(res.json.error.code).to.equal("MetadataResolverBadGatewayError");
        expect(res.headers["x-ms-request-id"]).to.be.a("string");
        expect((await put(3)).status).to.equal(201);
    });

    it("resets the connection without an answer, and logs it with status 0", async () => {
        emu.setFaults([{ kind: "reset", count: 1 }]);
        const reset = await attempt(emu, mappingPath("stamp1"), token);
        expect(reset.status).to.equal(undefined);
        expect(reset.error).to.be.oneOf(["ECONNRESET", "socket hang up"]);
        expect((await attempt(emu, mappingPath("stamp1"), token)).status).to.equal(200);
        const log = emu.requestLog().filter((e) => e.kind === "arm");
        expect(log.map((e) => [e.status, e.fault])).to.deep.equal([
            [0, "reset"],
            [200, undefined],
        ]);
    });

    it("hangs: accepts and never answers, until the client gives up", async () => {
        emu.setFaults([{ kind: "hang", count: 1 }]);
        const started = Date.now();
        const hung = await attempt(emu, mappingPath("stamp1"), token, 400);
        expect(hung.error).to.equal("CLIENT_TIMEOUT");
        expect(Date.now() - started).to.be.at.least(390);
        expect((await attempt(emu, mappingPath("stamp1"), token)).status).to.equal(200);
        await new Promise((resolve) => setTimeout(resolve, 50)); // the server sees the close
        expect(emu.requestLog().filter((e) => e.kind === "arm")[0]).to.include({ status: 0, fault: "hang" });
    });

    it("stop() ends hung requests and does not wait for them", async () => {
        emu.setFaults([{ kind: "hang" }]);
        const pending = attempt(emu, mappingPath("stamp1"), token);
        await new Promise((resolve) => setTimeout(resolve, 100));
        await emu.stop();
        const outcome = await pending;
        expect(outcome.status).to.equal(undefined);
        expect(outcome.error).to.be.oneOf(["ECONNRESET", "socket hang up"]);
    });

    it("matches method, path substring and path regex; skips the first matches when asked", async () => {
        emu.setFaults([
            { kind: "status", status: 503, method: "PUT", path: "/registrations/stamp2/" },
            { kind: "status", status: 502, pathRegex: "/customerSubscriptions/c0+-0000-4000-8000-0+5$", skip: 1 },
        ]);
        expect((await put(3, "stamp2")).status).to.equal(503);
        expect((await put(3, "stamp1")).status).to.equal(201);
        expect((await call(emu, "GET", mappingPath("stamp2"), { token })).status).to.equal(200);
        expect((await put(5)).status).to.equal(201); // skipped
        expect((await put(5)).status).to.equal(502);
    });

    it("draws probabilistic faults from a seeded RNG: the same seed gives the same pattern", async () => {
        const pattern = async () => {
            emu.setFaults([{ kind: "status", status: 503, probability: 0.5, method: "GET" }]);
            const statuses: number[] = [];
            for (let i = 0; i < 20; i++) statuses.push((await call(emu, "GET", mappingPath("stamp1"), { token })).status);
            return statuses;
        };
        const first = await pattern();
        const second = await pattern();
        expect(first).to.deep.equal(second);
        const failures = first.filter((s) => s === 503).length;
        expect(failures).to.be.within(1, 19);
    });

    it("applies to the token endpoint only when the rule names kind token", async () => {
        emu.setFaults([{ kind: "status", status: 503, count: 1, kinds: ["token"] }]);
        const form = {
            grant_type: "client_credentials",
            client_id: CLIENT_ID,
            client_secret: CLIENT_SECRET,
            scope: `${emu.armEndpoint}/.default`,
        };
        expect((await tokenRequest(emu, form)).status).to.equal(503);
        expect((await tokenRequest(emu, form)).status).to.equal(200);
        expect((await put(3)).status).to.equal(201);
    });

    it("logs requests refused by a fault with their caller: the token's oid on ARM, the client id on the token endpoint", async () => {
        emu.clearRequestLog();
        emu.setFaults([
            { kind: "status", status: 503, method: "PUT", count: 1 },
            { kind: "throttle", method: "GET", count: 1 },
            { kind: "reset", method: "DELETE", count: 1 },
            { kind: "status", status: 502, count: 1, kinds: ["token"] },
        ]);
        expect((await put(3)).status).to.equal(503);
        expect((await call(emu, "GET", mappingPath("stamp1"), { token })).status).to.equal(429);
        expect(
            await call(emu, "DELETE", mappingPath("stamp1", C(1)), { token }).catch((err: NodeJS.ErrnoException) => ({ status: err.code })),
        ).to.not.have.property("status", 204);
        expect((await call(emu, "GET", mappingPath("stamp1"), { token: "not-a-token" })).status).to.equal(401);
        const form = {
            grant_type: "client_credentials",
            client_id: OTHER_CLIENT_ID,
            client_secret: OTHER_CLIENT_SECRET,
            scope: `${emu.armEndpoint}/.default`,
        };
        expect((await tokenRequest(emu, form)).status).to.equal(502);
        expect(emu.requestLog().map((e) => [e.method, e.status, e.fault, e.caller])).to.deep.equal([
            ["PUT", 503, "status", CLIENT_OID],
            ["GET", 429, "throttle", CLIENT_OID],
            ["DELETE", 0, "reset", CLIENT_OID],
            ["GET", 401, undefined, undefined], // not faulted, and no valid token: nobody to name
            ["POST", 502, "status", OTHER_CLIENT_ID],
        ]);
    });

    it("refuses invalid rules, naming the field", () => {
        expect(() => emu.setFaults([{ kind: "explode" } as never])).to.throw(/faults\[0\]\.kind/);
        expect(() => emu.setFaults([{ kind: "status", pathRegex: "(" }])).to.throw(/faults\[0\]\.pathRegex/);
        expect(() => emu.setFaults([{ kind: "latency" }, { kind: "status", status: 404 }])).to.throw(/faults\[1\]\.status/);
    });
});
