/**
 * The HTTP pipeline to Azure Resource Manager: the steps every request passes through, written once, in order.
 * Each step wraps the ones below it (types.ts); the transport (transport.ts) sends each attempt.
 */
import type { Locale } from "../../messages/locale";
import type { ThrottleGate } from "../throttle";
import type { AccessTokenCache } from "../tokens";
import { bearerToken, tokenBeforeTurn } from "./authorization";
import { clientRequestId } from "./clientRequestId";
import { errorTranslation } from "./errorTranslation";
import { MAX_RESPONSE_BYTES, responseSizeLimit } from "./responseSizeLimit";
import { retry } from "./retry";
import { throttleGate } from "./throttleGate";
import { axiosTransport } from "./transport";
import { composeSteps, type PipelineStep, type SendRequest } from "./types";
import { userAgentAndLocale } from "./userAgentAndLocale";

export interface ArmPipelineOptions {
    /** The ARM endpoint, e.g. https://management.local.azurestack.external. */
    endpoint: string;
    /** The token scope of that endpoint. */
    scope: string;
    tokens: AccessTokenCache;
    gate: ThrottleGate;
    userAgent: string;
    locale: Locale;
    requestTimeoutMs: number;
    maxRetries: number;
    maxThrottleRetries: number;
    backoffBaseMs?: number;
    backoffMaxMs?: number;
}

/** The steps, outermost first: the request goes down this list, its answer or failure comes back up. */
export function armPipelineSteps(options: ArmPipelineOptions): PipelineStep[] {
    const { endpoint, scope, tokens, gate, locale } = options;
    return [
        // Once per request: every attempt carries the same id and headers.
        clientRequestId(),
        userAgentAndLocale(options.userAgent, locale),
        // Above retry, so it sees only the final outcome.
        errorTranslation({ endpoint, requestTimeoutMs: options.requestTimeoutMs, locale }),
        retry({
            gate,
            maxRetries: options.maxRetries,
            maxThrottleRetries: options.maxThrottleRetries,
            backoffBaseMs: options.backoffBaseMs,
            backoffMaxMs: options.backoffMaxMs,
        }),
        // Once per attempt. A turn of the gate is only taken by a request that has a token; the token sent is
        // taken again after the wait, which can outlast the first.
        tokenBeforeTurn(tokens, scope),
        throttleGate(gate),
        bearerToken(tokens, scope),
        responseSizeLimit(MAX_RESPONSE_BYTES, endpoint, locale),
    ];
}

export function armPipeline(options: ArmPipelineOptions): SendRequest {
    return composeSteps(armPipelineSteps(options), axiosTransport(options.endpoint, options.requestTimeoutMs));
}
