import type { AxiosResponse } from "axios";
import { retryAfterMs } from "./retryAfter";
import { flattenHeaders, responseOf } from "./response";
import type { QuotaSignal, RequestKind, ThrottleGate } from "../throttle";
import type { PipelineStep } from "./types";

/**
 * Waits for the request's turn in its lane of the shared gate (a retry goes ahead of newcomers) and gives the turn
 * back with what the answer says about ARM's quota, so requests pace themselves instead of each meeting a 429.
 */
export function throttleGate(gate: ThrottleGate): PipelineStep {
    return {
        name: "throttleGate",
        async sendRequest(request, next) {
            await gate.acquire(request.lane, request.attempts > 1);
            let response: AxiosResponse | undefined;
            try {
                response = await next(request);
                return response;
            } catch (error) {
                response = responseOf(error);
                throw error;
            } finally {
                gate.release(request.lane, quotaSignal(request.kind, request.method, response));
            }
        },
    };
}

/**
 * What an answer tells the throttle gate: a 429 and its Retry-After, or how many tokens ARM says are left
 * in the bucket of the request's kind (DELETEs may have their own bucket; the writes header stands in).
 */
export function quotaSignal(kind: RequestKind, method: string | undefined, response: AxiosResponse | undefined): QuotaSignal {
    if (!response) return {};
    if (response.status === 429) return { throttledForMs: retryAfterMs(response) ?? 1000 };
    const headers = flattenHeaders(response);
    const buckets = kind === "read" ? ["reads"] : method?.toUpperCase() === "DELETE" ? ["deletes", "writes"] : ["writes"];
    for (const bucket of buckets) {
        const value = headers[`x-ms-ratelimit-remaining-subscription-${bucket}`]?.trim();
        const remaining = value ? Number(value) : NaN;
        if (Number.isInteger(remaining) && remaining >= 0) return { remaining };
    }
    return response.status < 400 ? { unlimited: true } : {};
}
