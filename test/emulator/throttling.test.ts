/**
 * ARM-like throttling: per caller and subscription token buckets for writes and reads, 429 with a
 * Retry-After a client can rely on, and the remaining-quota headers. The bucket arithmetic is checked with
 * a fake clock (exact, no timing), the HTTP behaviour with buckets that barely refill.
 */
import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator/index.js";
import { Throttler } from "../../emulator/faults.js";
import { C, emulatorSuiteSeed, OTHER_CLIENT_ID, OTHER_CLIENT_SECRET, T } from "../support/fixtures.js";
import { call, getToken, mappingPath, regPath, sleep } from "./helpers.js";

describe("emulator: throttling", function () {
    describe("token bucket arithmetic (fake clock)", () => {
        let now = 0;
        const clock = () => now;
        beforeEach(() => {
            now = 0;
        });

        it("allows exactly the burst, then refuses with Retry-After = whole seconds until the next token", () => {
            const t = new Throttler({ writes: { burst: 200, refillPerSecond: 10 } }, clock);
            const remaining: number[] = [];
            for (let i = 0; i < 200; i++) {
                const d = t.take("caller", "sub", "writes")!;
                expect(d.allowed).to.equal(true);
                remaining.push(d.remaining);
            }
            expect(remaining[0]).to.equal(199);
            expect(remaining[199]).to.equal(0);
            expect(t.take("caller", "sub", "writes")).to.deep.equal({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
        });

        it("refills continuously at the rate: N writes beyond the burst need exactly (N)/rate seconds", () => {
            const t = new Throttler({ writes: { burst: 200, refillPerSecond: 10 } }, clock);
            for (let i = 0; i < 200; i++) t.take("c", "s", "writes");
            now += 100; // 0.1 s ⇒ one token
            expect(t.take("c", "s", "writes")!.allowed).to.equal(true);
            expect(t.take("c", "s", "writes")!.allowed).to.equal(false);
            now += 1000; // 1 s ⇒ ten tokens
            let allowed = 0;
            while (t.take("c", "s", "writes")!.allowed) allowed++;
            expect(allowed).to.equal(10);
            now += 3_600_000; // never more than the burst
            allowed = 0;
            while (t.take("c", "s", "writes")!.allowed) allowed++;
            expect(allowed).to.equal(200);
        });

        it("computes Retry-After so that retrying then succeeds (slow refill)", () => {
            const t = new Throttler({ writes: { burst: 1, refillPerSecond: 0.25 } }, clock);
            t.take("c", "s", "writes");
            now += 1000; // 0.25 token
            const refused = t.take("c", "s", "writes")!;
            expect(refused.retryAfterSeconds).to.equal(3);
            now += 2999;
            expect(t.take("c", "s", "writes")!.allowed).to.equal(false);
            now += 1 + 3000; // 3 s after the last refusal (it consumed nothing)
            expect(t.take("c", "s", "writes")!.allowed).to.equal(true);
        });

        it("keeps separate buckets per caller, per subscription (any casing) and for reads and writes", () => {
            const t = new Throttler({ writes: { burst: 1, refillPerSecond: 0 }, reads: { burst: 2, refillPerSecond: 0 } }, clock);
            expect(t.take("a", "SUB", "writes")!.allowed).to.equal(true);
            expect(t.take("a", "sub", "writes")!.allowed).to.equal(false);
            expect(t.take("b", "sub", "writes")!.allowed).to.equal(true);
            expect(t.take("a", "other", "writes")!.allowed).to.equal(true);
            expect(t.take("a", "sub", "reads")!.remaining).to.equal(1);
        });

        it("rejects nonsense settings", () => {
            expect(() => new Throttler({ writes: { burst: 0, refillPerSecond: 1 } })).to.throw(/writes.burst/);
            expect(() => new Throttler({ reads: { burst: 1, refillPerSecond: -1 } })).to.throw(/reads.refillPerSecond/);
        });
    });

    describe("over HTTPS", () => {
        let emu: RunningEmulator;
        let token: string;
        const put = (n: number, tok = token) =>
            call(emu, "PUT", mappingPath("stamp1", C(n)), { token: tok, body: { properties: { tenantId: T(n) } } });

        beforeEach(async () => {
            emu = await startEmulator({
                seed: emulatorSuiteSeed(),
                throttling: { writes: { burst: 5, refillPerSecond: 0.001 }, reads: { burst: 3, refillPerSecond: 0.001 } },
            });
            token = await getToken(emu);
        });
        afterEach(async () => emu.stop());

        it("answers writes beyond the burst with 429, Retry-After and x-ms-ratelimit-remaining-subscription-writes on every answer", async () => {
            const answers = [];
            for (let n = 1; n <= 7; n++) answers.push(await put(10 + n));
            expect(answers.map((a) => a.status)).to.deep.equal([201, 201, 201, 201, 201, 429, 429]);
            expect(answers.map((a) => a.headers["x-ms-ratelimit-remaining-subscription-writes"])).to.deep.equal([
                "4",
                "3",
                "2",
                "1",
                "0",
                "0",
                "0",
            ]);
            const throttled = answers[5]!;
            expect(throttled.json.error.code).to.equal("SubscriptionRequestsThrottled");
            expect(throttled.headers["retry-after"]).to.equal("1000"); // 1 token at 0.001/s
            expect(emu.state.mapping("stamp1", C(16))).to.equal(undefined);
            expect(emu.counters().throttled).to.equal(2);
        });

        it("counts reads apart from writes, with their own header; errors count too", async () => {
            for (let n = 1; n <= 5; n++) await put(10 + n);
            const reads = [
                await call(emu, "GET", mappingPath("stamp1"), { token }),
                await call(emu, "GET", mappingPath("stamp1", C(99)), { token }),
                await call(emu, "GET", regPath("stamp1"), { token }),
                await call(emu, "GET", mappingPath("stamp1"), { token }),
            ];
            expect(reads.map((r) => r.status)).to.deep.equal([200, 404, 200, 429]);
            expect(reads.map((r) => r.headers["x-ms-ratelimit-remaining-subscription-reads"])).to.deep.equal(["2", "1", "0", "0"]);
            expect(reads[0]!.headers).to.not.have.property("x-ms-ratelimit-remaining-subscription-writes");
        });

        it("keeps a bucket per caller and per subscription", async () => {
            for (let n = 1; n <= 5; n++) await put(10 + n);
            expect((await put(20)).status).to.equal(429);
            const other = await getToken(emu, OTHER_CLIENT_ID, OTHER_CLIENT_SECRET);
            expect((await put(20, other)).status).to.equal(201);
            const elsewhere = "5ab00000-0000-4000-8000-0000000000ee";
            await emu.state.putRegistration({ subscriptionId: elsewhere, name: "stamp1", cspPartner: "contoso" });
            const res = await call(emu, "PUT", mappingPath("stamp1", C(21)).replace(/subscriptions\/[^/]+/, `subscriptions/${elsewhere}`), {
                token,
                body: { properties: { tenantId: T(21) } },
            });
            expect(res.status).to.equal(201);
        });

        it("lets a client that waits Retry-After succeed", async function () {
            this.timeout(20_000);
            emu.setThrottling({ writes: { burst: 1, refillPerSecond: 1 } });
            expect((await put(30)).status).to.equal(201);
            const refused = await put(31);
            expect(refused.status).to.equal(429);
            const seconds = Number(refused.headers["retry-after"]);
            expect(seconds).to.equal(1);
            await sleep(seconds * 1000);
            expect((await put(31)).status).to.equal(201);
        });

        it("sends no rate-limit headers and never 429 when throttling is off", async () => {
            emu.setThrottling(false);
            for (let n = 1; n <= 10; n++) {
                const res = await put(40 + n);
                expect(res.status).to.equal(201);
                expect(res.headers).to.not.have.property("x-ms-ratelimit-remaining-subscription-writes");
            }
        });

        it("defaults to ARM's buckets: 200 writes refilling 10/s, 250 reads refilling 25/s", async () => {
            const defaults = await startEmulator({ seed: emulatorSuiteSeed() });
            try {
                expect(defaults.settings().throttling).to.deep.equal({
                    writes: { burst: 200, refillPerSecond: 10 },
                    reads: { burst: 250, refillPerSecond: 25 },
                });
                const res = await call(defaults, "GET", mappingPath("stamp1"), { token: await getToken(defaults) });
                expect(res.headers["x-ms-ratelimit-remaining-subscription-reads"]).to.equal("249");
            } finally {
                await defaults.stop();
            }
        });
    });
});
