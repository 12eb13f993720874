import { setTimeout as sleep } from "node:timers/promises";
import { AxiosError } from "axios";
import type { ThrottleGate } from "../throttle";
import { isExpiredTokenAnswer } from "./authorization";
import { isNetworkFailure } from "./failures";
import { retryAfterMs } from "./retryAfter";
import { armErrorCode } from "./response";
import type { PipelineRequest, PipelineStep } from "./types";

const TRANSIENT_STATUS = new Set([408, 500, 502, 503, 504]);
const TRANSIENT_CODES = new Set(["MetadataResolverBadGatewayError"]);

export interface RetryOptions {
    /** Closed for a transient failure's Retry-After, so the other requests of its lane wait too. */
    gate: ThrottleGate;
    maxRetries: number;
    maxThrottleRetries: number;
    /** Base of the exponential backoff for transient failures; tests shorten it. @default 500 */
    backoffBaseMs?: number;
    /** @default 20000 */
    backoffMaxMs?: number;
}

/** How many retries of each kind one request has had. */
interface RetriesSpent {
    transient: number;
    throttle: number;
    auth: number;
}

/**
 * Written here, not with axios-retry or p-retry: what is product-specific is the three budgets (transient, 429,
 * expired token), holding the lane's gate for a Retry-After and counting possibly-applied attempts; the loop
 * around them is a few lines, and a library's single retry budget would have to be re-implemented on top of it.
 *
 * Counts the attempts and sends the request again after a transient failure (status, ARM code or no answer; backing
 * off, and holding the lane for its Retry-After), a 429 (the gate waits out its Retry-After) or an expired token (once).
 */
export function retry(options: RetryOptions): PipelineStep {
    // Never binding while each kind has its own budget; once all are spent, a failure is not counted as ambiguous.
    const maxTotalRetries = options.maxRetries + options.maxThrottleRetries + 1;
    return {
        name: "retry",
        async sendRequest(request, next) {
            const spent: RetriesSpent = { transient: 0, throttle: 0, auth: 0 };
            for (let retries = 0; ; retries++) {
                request.attempts++;
                try {
                    return await next(request);
                } catch (error) {
                    if (!(error instanceof AxiosError) || retries >= maxTotalRetries || !mayRetry(error, request, spent, options)) {
                        throw error;
                    }
                    await sleep(backoffMs(error, spent, options));
                }
            }
        },
    };
}

function mayRetry(error: AxiosError, request: PipelineRequest, spent: RetriesSpent, options: RetryOptions): boolean {
    const response = error.response;
    const status = response?.status;
    const code = response ? armErrorCode(response) : undefined;
    const transientCode = code !== undefined && TRANSIENT_CODES.has(code);
    if (status === undefined ? isNetworkFailure(error) : status >= 500 || transientCode) request.ambiguousAttempts++;
    if (status === 429) return ++spent.throttle <= options.maxThrottleRetries;
    if (response && isExpiredTokenAnswer(response)) return ++spent.auth <= 1;
    const transient = status === undefined ? isNetworkFailure(error) : TRANSIENT_STATUS.has(status) || transientCode;
    if (!transient) return false;
    const serverWait = response ? retryAfterMs(response) : undefined;
    if (serverWait !== undefined) options.gate.block(request.lane, serverWait);
    return ++spent.transient <= options.maxRetries;
}

/** 429s wait in the shared gate instead; transient failures back off exponentially with full jitter. */
function backoffMs(error: AxiosError, spent: RetriesSpent, options: RetryOptions): number {
    const status = error.response?.status;
    if (status === 429 || status === 401) return 0;
    const base = options.backoffBaseMs ?? 500;
    const cap = options.backoffMaxMs ?? 20_000;
    const exponential = Math.min(cap, base * 2 ** (spent.transient - 1));
    return Math.round(exponential / 2 + Math.random() * (exponential / 2));
}
