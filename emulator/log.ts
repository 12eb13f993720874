/**
 * What the emulator records of each request: the ids it is known by (its own x-ms-request-id, the
 * correlation id and the client's request id), echoed in the answer's headers and recorded, with what else
 * the request says about itself, in its log entry; the request log and counters, read by tests, the admin
 * API and the benchmark; and the ARM exchanges kept for traffic validation.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Reply } from "./https.js";
import type { Counters, RequestKind, RequestLogEntry, TrafficRecord } from "./types.js";

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

export class RequestLog {
    private entries: RequestLogEntry[] = [];
    private totals: Counters = emptyCounters();

    constructor(private readonly limit = 100_000) {}

    add(entry: RequestLogEntry): void {
        this.entries.push(entry);
        if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
        const c = this.totals;
        c.total++;
        c.byKind[entry.kind]++;
        c.byMethod[entry.method] = (c.byMethod[entry.method] ?? 0) + 1;
        const status = String(entry.status);
        c.byStatus[status] = (c.byStatus[status] ?? 0) + 1;
        if (entry.kind === "token") {
            c.tokenRequests++;
            if (entry.status === 200) c.tokensIssued++;
        }
        if (entry.status === 429) c.throttled++;
        if (entry.fault) c.faults[entry.fault] = (c.faults[entry.fault] ?? 0) + 1;
    }

    list(): RequestLogEntry[] {
        return this.entries.map((e) => ({ ...e }));
    }

    clear(): void {
        this.entries = [];
    }

    counters(): Counters {
        return structuredClone(this.totals);
    }

    resetCounters(): void {
        this.totals = emptyCounters();
    }
}

/** The ARM exchanges kept for traffic validation, oldest first (only when the emulator was asked to record them). */
export class TrafficLog {
    private records: TrafficRecord[] = [];

    constructor(
        readonly enabled: boolean,
        private readonly limit = 100_000,
    ) {}

    add(record: TrafficRecord): void {
        if (!this.enabled) return;
        this.records.push(record);
        if (this.records.length > this.limit) this.records.splice(0, this.records.length - this.limit);
    }

    list(): TrafficRecord[] {
        return structuredClone(this.records);
    }

    clear(): void {
        this.records = [];
    }
}

/** A request and its answer as a traffic validator reads them; the bearer token is left out. */
export function trafficRecord(
    armEndpoint: string,
    req: IncomingMessage,
    url: URL,
    method: string,
    body: Buffer | undefined,
    reply: Reply,
    sent: Record<string, string>,
): TrafficRecord {
    const text = (headers: Record<string, unknown>) =>
        Object.fromEntries(
            Object.entries(headers)
                .filter(([name, value]) => name !== "authorization" && value !== undefined)
                .map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : String(value)]),
        );
    let requestBody: unknown;
    try {
        requestBody = body?.length ? JSON.parse(body.toString("utf8")) : undefined;
    } catch {
        requestBody = body!.toString("utf8");
    }
    return {
        liveRequest: {
            method,
            url: `${armEndpoint}${url.pathname}${url.search}`,
            headers: text(req.headers),
            body: requestBody,
        },
        liveResponse: { statusCode: String(reply.status), headers: sent, body: reply.body },
    };
}

function emptyCounters(): Counters {
    return {
        total: 0,
        byKind: { arm: 0, token: 0, metadata: 0, admin: 0 },
        byMethod: {},
        byStatus: {},
        tokenRequests: 0,
        tokensIssued: 0,
        throttled: 0,
        faults: {},
    };
}
