/**
 * The HTTP pipeline to Azure Resource Manager: the steps every request passes through, written once, in order.
 * Each step wraps the ones below it, so a request goes down the list and its answer (or failure) comes back up;
 * steps below `retry` run once per attempt, the others once per request.
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

export function armPipelineSteps(options: ArmPipelineOptions): PipelineStep[] {
    const { endpoint, scope, tokens, gate, locale } = options;
    return [
        clientRequestId(),
        userAgentAndLocale(options.userAgent, locale),
        errorTranslation({ endpoint, requestTimeoutMs: options.requestTimeoutMs, locale }),
        retry({ gate, maxRetries: options.maxRetries, maxThrottleRetries: options.maxThrottleRetries,
            backoffBaseMs: options.backoffBaseMs, backoffMaxMs: options.backoffMaxMs }),
        tokenBeforeTurn(tokens, scope),
        // After the token, so a turn is only taken by a request that is ready to go.
        throttleGate(gate),
        bearerToken(tokens, scope),
        responseSizeLimit(MAX_RESPONSE_BYTES, endpoint, locale),
    ];
}

export function armPipeline(options: ArmPipelineOptions): SendRequest {
    return composeSteps(armPipelineSteps(options), axiosTransport(options.endpoint, options.requestTimeoutMs));
}
