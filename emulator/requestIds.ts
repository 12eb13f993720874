/**
 * The ids a request is known by (its own x-ms-request-id, the correlation id and the client's request id),
 * echoed in the answer's headers and recorded, with what else the request says about itself, in its log entry.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { RequestKind, RequestLogEntry } from "./types.js";

export interface IdentifiedRequest {
    /** Status, latency, caller and fault are filled in as the request goes through the pipeline. */
    entry: RequestLogEntry;
    /** The ids the answer carries. */
    headers: Record<string, string>;
    correlationRequestId: string;
}

export function identifyRequest(
    req: IncomingMessage,
    url: URL,
    method: string,
    kind: RequestKind,
    server: "arm" | "login",
): IdentifiedRequest {
    const header = (name: string) => {
        const v = req.headers[name];
        return Array.isArray(v) ? v[0] : v;
    };
    const requestId = randomUUID();
    const correlationRequestId = header("x-ms-correlation-request-id") ?? requestId;
    const clientRequestId = header("x-ms-client-request-id") ?? header("client-request-id");
    const entry: RequestLogEntry = {
        time: new Date().toISOString(),
        method,
        path: url.pathname,
        status: 0,
        latencyMs: 0,
        kind,
        requestId,
        correlationRequestId,
    };
    const apiVersion = url.searchParams.get("api-version");
    if (apiVersion !== null) entry.apiVersion = apiVersion;
    if (clientRequestId !== undefined) entry.clientRequestId = clientRequestId;
    const acceptLanguage = header("accept-language");
    if (acceptLanguage !== undefined) entry.acceptLanguage = acceptLanguage;
    const userAgent = header("user-agent");
    if (userAgent !== undefined) entry.userAgent = userAgent;
    const headers: Record<string, string> = { "x-ms-request-id": requestId, "x-ms-correlation-request-id": correlationRequestId };
    if (clientRequestId !== undefined) {
        headers["x-ms-client-request-id"] = clientRequestId;
        if (server === "login") headers["client-request-id"] = clientRequestId;
    }
    return { entry, headers, correlationRequestId };
}
