import { expect } from "chai";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { AccessToken, TokenCredential } from "@azure/identity";
import { ArmClient, quotaSignal } from "../../provider/arm/client";
import { ThrottleGate } from "../../provider/arm/throttle";
import { AccessTokenCache } from "../../provider/arm/tokens";

/** A gate on a fake clock whose wake-ups the test runs by hand. */
function fakeGate() {
    const clock = { now: 0 };
    const wakeups: Array<{ at: number; wake: () => void }> = [];
    const gate = new ThrottleGate(
        () => clock.now,
        (wake, ms) => void wakeups.push({ at: clock.now + ms, wake }),
    );
    /** Moves the clock and runs the wake-ups that are due. */
    const advance = (ms: number) => {
        clock.now += ms;
        for (const due of wakeups.filter((w) => w.at <= clock.now)) {
            wakeups.splice(wakeups.indexOf(due), 1);
            due.wake();
        }
    };
    return { gate, advance };
}

/** Requests that asked the gate for a turn; `started` lists them in the order they got one. */
function requests(gate: ThrottleGate, lane: string) {
    const started: string[] = [];
    const ask = (name: string, retry = false) => void gate.acquire(lane, retry).then(() => started.push(name));
    return { started, ask };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const LANE = ThrottleGate.laneOf("write", "/subscriptions/5A1E/resourceGroups/rg");

describe("ThrottleGate", () => {
    it("never leaves a request waiting when its wake-up fires a millisecond early (timers may) and the clock turns meanwhile", async () => {
        let now = 0;
        let turnOnNextReading: number | undefined;
        const wakeups: Array<() => void> = [];
        const gate = new ThrottleGate(
            () => {
                const reading = now;
                if (turnOnNextReading !== undefined) [now, turnOnNextReading] = [turnOnNextReading, undefined];
                return reading;
            },
            (wake) => void wakeups.push(wake),
        );
        const { started, ask } = requests(gate, LANE);
        ask("first");
        await settle();
        gate.release(LANE, { throttledForMs: 100 }); // closed until 100
        ask("retry", true);
        await settle();
        expect(wakeups).to.have.length(1);

        // The wake-up runs at 99: the gate reads 99 (closed), and the clock says 100 from the next reading on.
        now = 99;
        turnOnNextReading = 100;
        wakeups.shift()!();
        await settle();
        expect(started).to.deep.equal(["first"]);
        expect(wakeups, "a second wake-up is scheduled").to.have.length(1);
        wakeups.shift()!();
        await settle();
        expect(started).to.deep.equal(["first", "retry"]);
    });

    it("lets every request through at once while ARM has said nothing about the quota", async () => {
        const { gate } = fakeGate();
        const { started, ask } = requests(gate, LANE);
        for (let i = 0; i < 50; i++) ask(`r${i}`);
        await settle();
        expect(started).to.have.length(50);
    });

    it("after a 429, waits out Retry-After, then sends one request before the others", async () => {
        const { gate, advance } = fakeGate();
        const { started, ask } = requests(gate, LANE);
        ask("first");
        await settle();
        gate.release(LANE, { throttledForMs: 1000 });
        ask("first", true);
        for (const name of ["a", "b", "c"]) ask(name);
        await settle();
        expect(started).to.deep.equal(["first"]);

        advance(999);
        await settle();
        expect(started).to.deep.equal(["first"]);

        advance(1);
        await settle();
        expect(started).to.deep.equal(["first", "first"]); // only the probe

        gate.release(LANE, { remaining: 2 }); // the probe got through; ARM says 2 tokens are left
        await settle();
        expect(started).to.deep.equal(["first", "first", "a", "b"]);
        gate.release(LANE, { remaining: 1 });
        await settle();
        expect(started).to.deep.equal(["first", "first", "a", "b"]); // still one in flight, one allowed
        gate.release(LANE, { remaining: 0 });
        await settle();
        expect(started).to.deep.equal(["first", "first", "a", "b", "c"]); // the next probe
    });

    it("puts a throttled request ahead of requests that have not been sent yet", async () => {
        const { gate, advance } = fakeGate();
        const { started, ask } = requests(gate, LANE);
        ask("early");
        await settle();
        gate.release(LANE, { throttledForMs: 500 });
        ask("newcomer");
        ask("early", true);
        advance(500);
        await settle();
        expect(started).to.deep.equal(["early", "early"]);
    });

    it("narrows to the tokens ARM says are left before any 429, and widens again when they come back", async () => {
        const { gate } = fakeGate();
        const { started, ask } = requests(gate, LANE);
        ask("r0");
        await settle();
        gate.release(LANE, { remaining: 2 });
        for (let i = 1; i <= 5; i++) ask(`r${i}`);
        await settle();
        expect(started).to.deep.equal(["r0", "r1", "r2"]);
        gate.release(LANE, { remaining: 150 });
        await settle();
        expect(started).to.deep.equal(["r0", "r1", "r2", "r3", "r4", "r5"]);
    });

    it("lifts the limit on a success without the quota header, and keeps it on a failure without an answer", async () => {
        const { gate } = fakeGate();
        const { started, ask } = requests(gate, LANE);
        ask("r0");
        await settle();
        gate.release(LANE, { remaining: 0 });
        ask("r1");
        ask("r2");
        ask("r3");
        await settle();
        expect(started).to.deep.equal(["r0", "r1"]);
        gate.release(LANE, {}); // e.g. a timeout: nothing learned
        await settle();
        expect(started).to.deep.equal(["r0", "r1", "r2"]);
        gate.release(LANE, { unlimited: true });
        await settle();
        expect(started).to.deep.equal(["r0", "r1", "r2", "r3"]);
    });

    it("keeps a lane per request kind and subscription, as ARM's buckets are", async () => {
        const { gate } = fakeGate();
        const writesA = ThrottleGate.laneOf("write", "/subscriptions/aaaa/x");
        const readsA = ThrottleGate.laneOf("read", "/subscriptions/AAAA/x");
        const writesB = ThrottleGate.laneOf("write", "https://management.azure.com/subscriptions/bbbb/x?api-version=1");
        expect(new Set([writesA, readsA, writesB]).size).to.equal(3);
        expect(ThrottleGate.laneOf("write", "/subscriptions/AAAA/y")).to.equal(writesA);
        await gate.acquire(writesA);
        gate.release(writesA, { throttledForMs: 60_000 });
        const other = requests(gate, readsA);
        const third = requests(gate, writesB);
        other.ask("read");
        third.ask("write elsewhere");
        await settle();
        expect([...other.started, ...third.started]).to.deep.equal(["read", "write elsewhere"]);
    });
});

describe("quotaSignal", () => {
    const answer = (status: number, headers: Record<string, string> = {}) => ({ status, headers }) as never;

    it("reads Retry-After from a 429, one second when it is missing", () => {
        expect(quotaSignal("write", "put", answer(429, { "retry-after": "3" }))).to.deep.equal({ throttledForMs: 3000 });
        expect(quotaSignal("write", "put", answer(429))).to.deep.equal({ throttledForMs: 1000 });
    });

    it("reads the remaining tokens of the request's own bucket", () => {
        const headers = { "x-ms-ratelimit-remaining-subscription-reads": "249", "x-ms-ratelimit-remaining-subscription-writes": "7" };
        expect(quotaSignal("read", "get", answer(200, headers))).to.deep.equal({ remaining: 249 });
        expect(quotaSignal("write", "put", answer(201, headers))).to.deep.equal({ remaining: 7 });
        expect(
            quotaSignal("write", "delete", answer(200, { ...headers, "x-ms-ratelimit-remaining-subscription-deletes": "3" })),
        ).to.deep.equal({ remaining: 3 });
        expect(quotaSignal("write", "delete", answer(200, headers))).to.deep.equal({ remaining: 7 });
    });

    it("says nothing about an error without the header or a request without an answer", () => {
        expect(quotaSignal("read", "get", answer(404))).to.deep.equal({});
        expect(quotaSignal("read", "get", undefined)).to.deep.equal({});
        expect(quotaSignal("read", "get", answer(200, { "x-ms-ratelimit-remaining-subscription-reads": "lots" }))).to.deep.equal({
            unlimited: true,
        });
    });
});

/**
 * A server with an ARM-like bucket that refills in whole windows: `perWindow` requests per window, the
 * rest answered 429 with the time to the next window. Only counts are asserted, never durations.
 */
class BucketServer {
    private readonly server: http.Server;
    private readonly started = Date.now();
    private window = -1;
    private left = 0;
    throttled = 0;
    served = 0;
    readonly throttledById = new Map<string, number>();

    constructor(
        private readonly perWindow: number,
        private readonly windowMs: number,
    ) {
        this.server = http.createServer((req, res) => {
            req.resume();
            req.on("end", () => {
                const elapsed = Date.now() - this.started;
                const window = Math.floor(elapsed / this.windowMs);
                if (window !== this.window) {
                    this.window = window;
                    this.left = this.perWindow;
                }
                if (this.left > 0) {
                    this.left--;
                    this.served++;
                    res.writeHead(200, {
                        "content-type": "application/json",
                        "x-ms-ratelimit-remaining-subscription-writes": String(this.left),
                    });
                    res.end("{}");
                    return;
                }
                this.throttled++;
                const id = String(req.headers["x-ms-client-request-id"]);
                this.throttledById.set(id, (this.throttledById.get(id) ?? 0) + 1);
                // Whole milliseconds to the next window, plus a margin so the retry lands in it.
                const wait = (window + 1) * this.windowMs - elapsed + 5;
                res.writeHead(429, { "content-type": "application/json", "retry-after-ms": String(wait) });
                res.end(JSON.stringify({ error: { code: "SubscriptionRequestsThrottled", message: "throttled" } }));
            });
        });
    }

    async start(): Promise<string> {
        await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
        return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    stop(): Promise<void> {
        this.server.closeAllConnections();
        return new Promise((resolve) => this.server.close(() => resolve()));
    }
}

describe("ArmClient under a token bucket", () => {
    let server: BucketServer;
    afterEach(() => server?.stop());

    it("creates everything with one 429 per refill at most, and no request throttled twice", async () => {
        // Windows long enough that even a loaded machine sends more than 4 requests in one: the test needs 429s.
        server = new BucketServer(4, 250);
        const endpoint = await server.start();
        const credential: TokenCredential = {
            async getToken(): Promise<AccessToken> {
                return { token: "t", expiresOnTimestamp: Date.now() + 3_600_000 };
            },
        };
        const client = new ArmClient({
            cloud: {
                name: "Custom",
                resourceManager: endpoint,
                authorityHost: "https://login.invalid",
                scope: `${endpoint}/.default`,
                disableInstanceDiscovery: true,
            },
            tokens: new AccessTokenCache(credential),
            requestTimeoutMs: 5000,
            maxRetries: 3,
            maxThrottleRetries: 3,
            userAgent: "azurestack-tenant-mappings/test",
        });
        const put = (i: number) =>
            client.send({
                method: "PUT",
                path: `/subscriptions/s1/m/${i}`,
                apiVersion: "2017-06-01",
                body: {},
                context: { operation: "test" },
            });
        await put(0); // ARM has now said how many tokens are left
        const total = 24;
        await Promise.all(Array.from({ length: total }, (_, i) => put(i + 1)));

        expect(server.served).to.equal(total + 1);
        expect(server.throttled, "the bucket ran out at least once").to.be.greaterThan(0);
        // A herd would cost one 429 per waiting request per refill (about total²/8 here); paced, one per refill.
        expect(server.throttled).to.be.at.most(Math.ceil((total + 1) / 4));
        expect(Math.max(...server.throttledById.values())).to.equal(1);
        expect(client.gate.throttled).to.equal(server.throttled);
    });
});
