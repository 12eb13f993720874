/**
 * One access token per scope per process, shared by every concurrent request and refreshed before it
 * expires. Credentials cache too, but MSAL refetches tokens that expire within five minutes, and parallel
 * first requests would each start a fetch; this cache makes "one token request per scope" hold.
 */
import type { AccessToken, TokenCredential } from "@azure/identity";

interface CachedToken {
    token: AccessToken;
    refreshAt: number;
}

/** Refresh this long before expiry, but never more than half of the token's lifetime early. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export class AccessTokenCache {
    private readonly cached = new Map<string, CachedToken>();
    private readonly inFlight = new Map<string, Promise<AccessToken>>();
    /** How many times the credential was asked for a token (for tests and the benchmark). */
    fetches = 0;

    constructor(
        private readonly credential: TokenCredential,
        private readonly now: () => number = Date.now,
    ) {}

    async get(scope: string): Promise<string> {
        const entry = this.cached.get(scope);
        const now = this.now();
        if (entry && now < entry.refreshAt) return entry.token.token;
        if (entry && now < entry.token.expiresOnTimestamp) {
            // Still valid: refresh in the background and keep serving the current token meanwhile.
            this.fetch(scope).catch(() => undefined);
            return entry.token.token;
        }
        return (await this.fetch(scope)).token;
    }

    /** Forget `token` (Azure said it expired or is invalid) so the next request fetches a new one. */
    invalidate(scope: string, token?: string): void {
        const entry = this.cached.get(scope);
        if (entry && (token === undefined || entry.token.token === token)) this.cached.delete(scope);
    }

    private fetch(scope: string): Promise<AccessToken> {
        const running = this.inFlight.get(scope);
        if (running) return running;
        const started = this.now();
        const promise = (async () => {
            this.fetches++;
            const token = await this.credential.getToken(scope);
            if (!token) throw new Error(`the credential returned no token for ${scope}`);
            const lifetime = token.expiresOnTimestamp - started;
            const refreshAt =
                token.refreshAfterTimestamp ?? token.expiresOnTimestamp - Math.min(REFRESH_MARGIN_MS, Math.max(0, lifetime / 2));
            this.cached.set(scope, { token, refreshAt });
            return token;
        })().finally(() => this.inFlight.delete(scope));
        this.inFlight.set(scope, promise);
        return promise;
    }
}
