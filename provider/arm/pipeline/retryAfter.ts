/** How long ARM asks a client to wait, bounded so that a server (or anything posing as one) cannot park the provider. */
import type { AxiosResponse } from "axios";
import { flattenHeaders } from "./response";

/**
 * ARM's Retry-After is seconds to a minute or two, so a longer one is taken as 5 minutes (the request is retried
 * then, and maxThrottleRetries still bounds how often).
 */
export const MAX_RETRY_AFTER_MS = 5 * 60 * 1000;

/** Retry-After in seconds or as an HTTP date, or ARM's millisecond variants. */
export function retryAfterMs(response: Pick<AxiosResponse, "headers">, now = Date.now()): number | undefined {
    const headers = flattenHeaders(response);
    for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
        const ms = Number(headers[name]);
        if (headers[name] !== undefined && Number.isFinite(ms) && ms >= 0) return Math.min(ms, MAX_RETRY_AFTER_MS);
    }
    const value = headers["retry-after"];
    if (value === undefined) return undefined;
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
}
