import { expect } from "chai";
import type { AccessToken, TokenCredential } from "@azure/identity";
import { AccessTokenCache } from "../../provider/arm/tokens";

/** Counts calls; each token lives `lifetimeMs` from the fake clock's now. */
function countingCredential(clock: { now: number }, lifetimeMs: number) {
    const credential = {
        calls: 0,
        async getToken(): Promise<AccessToken> {
            credential.calls++;
            await new Promise((r) => setImmediate(r));
            return { token: `token-${credential.calls}`, expiresOnTimestamp: clock.now + lifetimeMs };
        },
    };
    return credential;
}

describe("AccessTokenCache", () => {
    it("fetches one token for many concurrent requests of a scope", async () => {
        const clock = { now: 0 };
        const credential = countingCredential(clock, 3_600_000);
        const cache = new AccessTokenCache(credential as unknown as TokenCredential, () => clock.now);
        const tokens = await Promise.all(Array.from({ length: 20 }, () => cache.get("scope/.default")));
        expect(new Set(tokens)).to.deep.equal(new Set(["token-1"]));
        expect(credential.calls).to.equal(1);
        expect(cache.fetches).to.equal(1);
    });

    it("keeps one token per scope", async () => {
        const clock = { now: 0 };
        const credential = countingCredential(clock, 3_600_000);
        const cache = new AccessTokenCache(credential as unknown as TokenCredential, () => clock.now);
        await cache.get("a/.default");
        await cache.get("b/.default");
        await cache.get("a/.default");
        expect(credential.calls).to.equal(2);
    });

    it("refreshes before expiry, serving the still-valid token meanwhile", async () => {
        const clock = { now: 0 };
        const credential = countingCredential(clock, 60 * 60_000);
        const cache = new AccessTokenCache(credential as unknown as TokenCredential, () => clock.now);
        expect(await cache.get("s")).to.equal("token-1");
        clock.now = 56 * 60_000; // inside the 5-minute margin, not yet expired
        expect(await cache.get("s")).to.equal("token-1");
        await new Promise((r) => setImmediate(r));
        await new Promise((r) => setImmediate(r));
        expect(await cache.get("s")).to.equal("token-2");
        clock.now = 200 * 60_000; // long expired: must wait for a new one
        expect(await cache.get("s")).to.equal("token-3");
    });

    it("refreshes short-lived tokens at half their lifetime, not on every call", async () => {
        const clock = { now: 0 };
        const credential = countingCredential(clock, 60_000);
        const cache = new AccessTokenCache(credential as unknown as TokenCredential, () => clock.now);
        await cache.get("s");
        clock.now = 20_000;
        await cache.get("s");
        expect(credential.calls).to.equal(1);
    });

    it("forgets an invalidated token, but not a newer one", async () => {
        const clock = { now: 0 };
        const credential = countingCredential(clock, 3_600_000);
        const cache = new AccessTokenCache(credential as unknown as TokenCredential, () => clock.now);
        const first = await cache.get("s");
        cache.invalidate("s", "some-other-token");
        expect(await cache.get("s")).to.equal(first);
        cache.invalidate("s", first);
        expect(await cache.get("s")).to.equal("token-2");
    });
});
