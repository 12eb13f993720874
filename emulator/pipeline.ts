/**
 * The request pipeline both servers share: request ids, fault injection, the admin token check, the
 * handler (admin API, login host, metadata or ARM), latency, the answer and the request log. An ARM request
 * past the fault injector is authenticated, throttled and routed, its api-version checked, before the
 * registration API or ARM's own resources answer it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { adminTokenRequired, isAdminAuthorized } from "./admin.js";
import type { ArmApi } from "./arm.js";
import { ArmError, errorReply } from "./errors.js";
import { faultReply, type FaultInjector, type Throttler } from "./faults.js";
import { BODY_TOO_LARGE, MAX_BODY_BYTES, readBody, send, type HttpRequest, type Reply, type Waits } from "./https.js";
import type { Identity } from "./identity.js";
import { identifyRequest, trafficRecord, type RequestLog, type TrafficLog } from "./log.js";
import { handleLogin, loginKind, metadataEndpoints } from "./login.js";
import { checkApiVersion, checkPlatformApiVersion, parseArmPath, parsePlatformPath, subscriptionOf, type PlatformApi } from "./platform.js";
import type { StateStore } from "./state.js";
import type { EmulatorSettings, Endpoints, FaultRule, RequestKind, RequestLogEntry } from "./types.js";

export interface PipelineServices extends ArmServices {
    store: StateStore;
    log: RequestLog;
    traffic: TrafficLog;
    injector: FaultInjector;
    /** The live settings: configure() changes them in place. */
    settings: EmulatorSettings;
    waits: Waits;
    endpoints(): Endpoints;
    adminToken: string | undefined;
    admin(req: HttpRequest): Promise<Reply>;
}

export type ServerName = "arm" | "login";

/** A request whose body has been read, and that a reset or hang fault did not take. */
interface ReceivedRequest {
    req: IncomingMessage;
    server: ServerName;
    kind: RequestKind;
    method: string;
    url: URL;
    body: Buffer;
    correlationRequestId: string;
    entry: RequestLogEntry;
    /** The fault that answers in the handler's place. */
    fault: FaultRule | undefined;
}

export class RequestPipeline {
    constructor(private readonly services: PipelineServices) {}

    async handle(req: IncomingMessage, res: ServerResponse, server: ServerName): Promise<void> {
        const started = performance.now();
        const url = new URL(req.url ?? "/", "https://emulator.invalid");
        const path = url.pathname;
        const method = (req.method ?? "GET").toUpperCase();
        const kind: RequestKind =
            server === "login"
                ? loginKind(path)
                : path === "/_emulator" || path.startsWith("/_emulator/")
                  ? "admin"
                  : path.startsWith("/metadata/")
                    ? "metadata"
                    : "arm";
        const { entry, headers, correlationRequestId } = identifyRequest(req, url, method, kind, server);
        let logged = false;
        const record = () => {
            if (logged) return;
            logged = true;
            entry.latencyMs = Math.round((performance.now() - started) * 1000) / 1000;
            this.services.log.add(entry);
        };

        const decision = kind === "admin" ? { latencyMs: 0, fired: [] } : this.services.injector.decide(method, path, kind);
        const action = decision.action;
        if (decision.fired.length) entry.fault = action?.kind ?? "latency";
        // A refused request is still someone's: the log names the caller, as it does for answered ones.
        let early: Promise<Buffer> | undefined;
        if (action) {
            if (kind === "token") early = readBody(req).catch(() => Buffer.alloc(0));
            const caller = await this.faultedCaller(kind, req, early);
            if (caller !== undefined) entry.caller = caller;
        }
        if (action?.kind === "reset") {
            record();
            req.socket.destroy();
            return;
        }
        if (action?.kind === "hang") {
            const release = () => {
                this.services.waits.forget(release);
                record();
                req.socket.destroy();
            };
            this.services.waits.hold(release);
            res.on("close", release);
            req.resume();
            return;
        }

        let reply: Reply;
        let received: Buffer | undefined;
        try {
            const body = await (early ?? readBody(req));
            received = body;
            reply = await this.answer({ req, server, kind, method, url, body, correlationRequestId, entry, fault: action });
        } catch (err) {
            if (err instanceof ArmError) reply = { status: err.status, body: err.body(), errorCode: err.code };
            else if ((err as { code?: string }).code === BODY_TOO_LARGE)
                reply = errorReply(
                    new ArmError("InvalidRequestContent", `The request body is larger than ${MAX_BODY_BYTES} bytes.`, undefined, 413),
                );
            else reply = errorReply(new ArmError("InternalServerError", `The emulator failed: ${(err as Error).message}`));
        }
        if (reply.errorCode) entry.errorCode = reply.errorCode;
        if (reply.caller) entry.caller = reply.caller;
        const delay = decision.latencyMs + (kind === "arm" ? this.services.settings.latencyMs : 0);
        if (delay > 0) await this.services.waits.sleep(delay);
        entry.status = reply.status;
        const sent = send(res, reply, headers);
        if (kind === "arm" && sent && this.services.traffic.enabled)
            this.services.traffic.add(trafficRecord(this.services.endpoints().armEndpoint, req, url, method, received, reply, sent));
        record(); // before the client can have read the answer, so a test that got it finds it in the log
    }

    /** The reply of the fault, or else of the handler the request is for. */
    private async answer(r: ReceivedRequest): Promise<Reply> {
        const s = this.services;
        const request: HttpRequest = {
            method: r.method,
            path: r.url.pathname,
            query: r.url.searchParams,
            headers: r.req.headers,
            body: r.body,
        };
        if (r.fault) return faultReply(r.fault);
        if (r.kind === "admin" && !isAdminAuthorized(s.adminToken, r.req.headers.authorization)) return adminTokenRequired();
        if (r.kind === "admin") return s.admin(request);
        const endpoints = s.endpoints();
        if (r.server === "login") {
            return handleLogin(
                {
                    identity: s.identity,
                    store: s.store,
                    authorityHost: endpoints.authorityHost,
                    armEndpoint: endpoints.armEndpoint,
                    tokenLifetimeSeconds: () => s.settings.tokenLifetimeSeconds,
                },
                { ...request, correlationId: r.correlationRequestId },
            );
        }
        if (r.kind === "metadata") return metadataEndpoints(r.url.searchParams, endpoints);
        return handleArmRequest(s, endpoints, request, r.entry);
    }

    /** Who sent a request a fault refuses: the token's oid on ARM, the client id on the token endpoint. */
    private async faultedCaller(kind: RequestKind, req: IncomingMessage, body: Promise<Buffer> | undefined): Promise<string | undefined> {
        if (kind === "token" && body) return new URLSearchParams((await body).toString("utf8")).get("client_id") ?? undefined;
        if (kind !== "arm") return undefined;
        try {
            const caller = await this.services.identity.verifyArmToken(req.headers.authorization, this.services.endpoints());
            return caller.objectId;
        } catch {
            return undefined; // no valid token: the fault answers anyway, as it acts before authentication
        }
    }
}

// ---- an ARM request ----

export interface ArmServices {
    identity: Identity;
    throttler: Throttler;
    arm: ArmApi;
    platform: PlatformApi;
}

/** Answers an ARM request; names the caller in `entry` once its token is verified. */
async function handleArmRequest(services: ArmServices, endpoints: Endpoints, req: HttpRequest, entry: RequestLogEntry): Promise<Reply> {
    const { method, path, query } = req;
    let caller;
    try {
        caller = await services.identity.verifyArmToken(req.headers.authorization, endpoints);
    } catch (err) {
        if (!(err instanceof ArmError)) throw err;
        return {
            status: 401,
            headers: {
                "www-authenticate": `Bearer authorization_uri="${endpoints.authorityHost}/${endpoints.tenantId}", error="invalid_token", error_description="${err.message.replace(/"/g, "'")}"`,
            },
            body: err.body(),
            errorCode: err.code,
        };
    }
    entry.caller = caller.objectId;
    const headers: Record<string, string> = {};
    const bucket = method === "GET" || method === "HEAD" ? "reads" : "writes";
    const subscription = subscriptionOf(path);
    const decision = subscription === undefined ? undefined : services.throttler.take(caller.objectId, subscription, bucket);
    if (decision) {
        headers[`x-ms-ratelimit-remaining-subscription-${bucket}`] = String(decision.remaining);
        if (!decision.allowed) {
            const seconds = decision.retryAfterSeconds!;
            headers["retry-after"] = String(seconds);
            const err = new ArmError(
                "SubscriptionRequestsThrottled",
                `Number of ${bucket === "writes" ? "write" : "read"} requests for subscription '${subscription}' and caller '${caller.objectId}' exceeded the limit. Retry after ${seconds} second(s).`,
            );
            return { status: 429, headers, body: err.body(), errorCode: err.code };
        }
    }
    let reply: Reply;
    try {
        const platformRoute = parsePlatformPath(path);
        if (platformRoute) {
            checkPlatformApiVersion(query);
            reply = services.platform.handle(platformRoute, method);
        } else {
            const route = parseArmPath(path);
            if (route instanceof ArmError) throw route;
            const apiVersion = checkApiVersion(query, route);
            reply = await services.arm.handle(route, apiVersion, { ...req, caller: caller.objectId });
        }
    } catch (err) {
        if (!(err instanceof ArmError)) throw err;
        reply = errorReply(err);
    }
    reply.headers = { ...reply.headers, ...headers };
    return reply;
}
