/** The replies that stand for an ArmError, and for a fault rule that answers in the service's place. */
import type { Reply } from "./arm.js";
import { ArmError } from "./errors.js";
import type { FaultRule } from "./types.js";

export function errorReply(err: ArmError): Reply {
    return { status: err.status, body: err.body(), errorCode: err.code };
}

export function faultReply(rule: FaultRule): Reply {
    switch (rule.kind) {
        case "throttle": {
            const seconds = Math.max(1, Math.ceil(rule.retryAfterSeconds ?? 1));
            const err = new ArmError(
                "SubscriptionRequestsThrottled",
                `Too many requests (injected fault). Retry after ${seconds} second(s).`,
            );
            return { status: 429, headers: { "retry-after": String(seconds) }, body: err.body(), errorCode: err.code };
        }
        case "metadata-bad-gateway":
            return errorReply(
                new ArmError(
                    "MetadataResolverBadGatewayError",
                    "An upstream service answered with an unexpected error (injected fault). This is transient: retry later.",
                ),
            );
        default: {
            const status = rule.status ?? 503;
            const code = status === 502 ? "BadGateway" : status === 503 ? "ServiceUnavailable" : "InternalServerError";
            const reply = errorReply(new ArmError(code, `The service answered ${status} (injected fault).`, undefined, status));
            if (rule.retryAfterSeconds !== undefined)
                reply.headers = { "retry-after": String(Math.max(1, Math.ceil(rule.retryAfterSeconds))) };
            return reply;
        }
    }
}
