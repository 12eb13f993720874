import type { AxiosResponse } from "axios";
import type { AccessTokenCache } from "../tokens";
import { armErrorCode, responseOf } from "./response";
import type { PipelineStep } from "./types";

const EXPIRED_TOKEN_CODES = new Set(["ExpiredAuthenticationToken"]);

/** ARM refused the token because it expired: a new one may succeed. */
export function isExpiredTokenAnswer(response: AxiosResponse): boolean {
    const code = response.status === 401 ? armErrorCode(response) : undefined;
    return code !== undefined && EXPIRED_TOKEN_CODES.has(code);
}

/**
 * Takes a token before the request waits for its turn at the throttle gate, so a credential that cannot give one
 * fails the request at once rather than after the wait. bearerToken sends the token that is current when it leaves.
 */
export function tokenBeforeTurn(tokens: AccessTokenCache, scope: string): PipelineStep {
    return {
        name: "tokenBeforeTurn",
        async sendRequest(request, next) {
            await tokens.get(scope);
            return next(request);
        },
    };
}

/**
 * Sends the token that is current as the request leaves (the wait for a turn can outlast an earlier one; a cache
 * hit unless it expired meanwhile), and forgets it when ARM says it expired, so the retry gets a new one.
 */
export function bearerToken(tokens: AccessTokenCache, scope: string): PipelineStep {
    return {
        name: "bearerToken",
        async sendRequest(request, next) {
            const token = await tokens.get(scope);
            request.headers.set("Authorization", `Bearer ${token}`);
            try {
                return await next(request);
            } catch (error) {
                const response = responseOf(error);
                if (response && isExpiredTokenAnswer(response)) tokens.invalidate(scope, token);
                throw error;
            }
        },
    };
}
