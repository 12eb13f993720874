import { AxiosError } from "axios";
import { AzureStackRegistrationError, type RegistrationErrorDetails } from "../../errors";
import type { Locale } from "../../messages/locale";
import { isTlsFailure } from "./failures";
import { armErrorCode, flattenHeaders, headerValue, parseBody, type ArmErrorBody } from "./response";
import type { PipelineRequest, PipelineStep } from "./types";

export interface ErrorTranslationOptions {
    endpoint: string;
    requestTimeoutMs: number;
    locale: Locale;
}

/**
 * Turns what finally went wrong (an ARM error answer, a timeout, a network or TLS failure, a credential that gave
 * no token) into an AzureStackRegistrationError: the one error type of this package, with Azure's ids.
 */
export function errorTranslation(options: ErrorTranslationOptions): PipelineStep {
    return {
        name: "errorTranslation",
        async sendRequest(request, next) {
            try {
                return await next(request);
            } catch (error) {
                throw translate(error, request, options);
            }
        },
    };
}

/** What an error about this request says besides its code and message. */
export function attemptDetails(
    request: PipelineRequest,
): Pick<RegistrationErrorDetails, "clientRequestId" | "context" | "attempts" | "ambiguousAttempts"> {
    return {
        clientRequestId: headerValue(request.headers.get("x-ms-client-request-id")),
        context: request.context,
        attempts: request.attempts,
        ambiguousAttempts: request.ambiguousAttempts,
    };
}

function translate(error: unknown, request: PipelineRequest, { endpoint, requestTimeoutMs, locale }: ErrorTranslationOptions): unknown {
    if (error instanceof AzureStackRegistrationError) return error;
    if (!(error instanceof AxiosError)) {
        // Thrown before a response existed: usually the credential could not get a token.
        const message = error instanceof Error ? error.message : String(error);
        return new AzureStackRegistrationError({
            code: (error as { name?: string })?.name === "CredentialUnavailableError" ? "CredentialUnavailable" : "AuthenticationFailed",
            azureMessage: message,
            locale,
        });
    }
    if (error.response) {
        const response = error.response;
        const body = parseBody(response) as ArmErrorBody | undefined;
        const headers = flattenHeaders(response);
        return new AzureStackRegistrationError({
            code: armErrorCode(response) ?? fallbackCode(response.status),
            statusCode: response.status,
            azureMessage: body?.error?.message ?? body?.message,
            requestId: headers["x-ms-request-id"],
            correlationId: headers["x-ms-correlation-request-id"],
            ...attemptDetails(request),
            locale,
        });
    }
    const timedOut = error.code === "ETIMEDOUT" || error.code === "ECONNABORTED";
    return new AzureStackRegistrationError({
        code: timedOut ? "RequestTimeout" : "NetworkError",
        azureMessage: timedOut
            ? `no answer from ${endpoint} within ${requestTimeoutMs / 1000}s`
            : `${error.code ?? "error"} talking to ${endpoint}: ${error.message}` + tlsHint(error.code),
        ...attemptDetails(request),
        locale,
    });
}

function fallbackCode(status: number): string {
    if (status === 429) return "TooManyRequests";
    if (status === 401) return "InvalidAuthenticationToken";
    if (status === 403) return "AuthorizationFailed";
    if (status === 404) return "NotFound";
    if (status === 412) return "PreconditionFailed";
    if (status >= 500) return "ServerError";
    return `HttpStatus${status}`;
}

function tlsHint(code: string | undefined): string {
    return isTlsFailure(code)
        ? " (the server's TLS certificate is not trusted; for a private CA such as the emulator's, set NODE_EXTRA_CA_CERTS)"
        : "";
}
