/** An ARM request past the fault injector: authentication, throttling, the api-version, then the registration or platform API. */
import { checkApiVersion, parseArmPath, subscriptionOf, type ArmApi, type ArmRequest, type Reply } from "./arm.js";
import type { Endpoints } from "./endpoints.js";
import { ArmError } from "./errors.js";
import type { Identity } from "./identity.js";
import { checkPlatformApiVersion, parsePlatformPath, type PlatformApi } from "./platform.js";
import { errorReply } from "./replies.js";
import type { Throttler } from "./throttle.js";
import type { RequestLogEntry } from "./types.js";

export interface ArmServices {
    identity: Identity;
    throttler: Throttler;
    arm: ArmApi;
    platform: PlatformApi;
}

/** An ARM request as it arrives; the handlers get it with the caller named. */
export type ArmHttpRequest = Omit<ArmRequest, "caller">;

/** Answers an ARM request; names the caller in `entry` once its token is verified. */
export async function handleArmRequest(
    services: ArmServices,
    endpoints: Endpoints,
    req: ArmHttpRequest,
    entry: RequestLogEntry,
): Promise<Reply> {
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
