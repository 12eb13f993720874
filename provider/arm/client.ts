/**
 * The client of Azure Resource Manager: turns an ArmRequest into a request (refusing a nextLink that leaves the
 * ARM endpoint), sends it through the steps of pipeline/index.ts, and reads the answer.
 */
import { AxiosHeaders } from "axios";
import { persistCompileCache } from "../compileCache";
import { AzureStackRegistrationError, type ErrorContext } from "../errors";
import { DEFAULT_LOCALE, type Locale } from "../messages/locale";
import type { CloudEndpoints } from "../settings";
import { armPipeline } from "./pipeline";
import { flattenHeaders, parseBody } from "./pipeline/response";
import type { SendRequest } from "./pipeline/types";
import { ThrottleGate, type RequestKind } from "./throttle";
import type { AccessTokenCache } from "./tokens";

export { MAX_RESPONSE_BYTES } from "./pipeline/responseSizeLimit";
export { MAX_RETRY_AFTER_MS, retryAfterMs } from "./pipeline/retryAfter";
export { quotaSignal } from "./pipeline/throttleGate";

export interface ArmClientOptions {
    cloud: CloudEndpoints;
    tokens: AccessTokenCache;
    requestTimeoutMs: number;
    maxRetries: number;
    maxThrottleRetries: number;
    userAgent: string;
    /**
     * Sent as Accept-Language, so ARM may answer its own messages in the user's language, and given to every
     * error this client makes. @default "en"
     */
    locale?: Locale;
    /** Base of the exponential backoff for transient failures; tests shorten it. */
    backoffBaseMs?: number;
    backoffMaxMs?: number;
}

export interface ArmRequest {
    method: "GET" | "PUT" | "DELETE";
    /** Path below the ARM endpoint, already encoded; or an absolute nextLink on the same endpoint. */
    path: string;
    apiVersion?: string;
    body?: unknown;
    headers?: Record<string, string>;
    context: ErrorContext;
}

export interface ArmResponse<T = unknown> {
    status: number;
    data: T;
    headers: Record<string, string | undefined>;
}

export class ArmClient {
    private readonly pipeline: SendRequest;
    readonly gate = new ThrottleGate();

    /** The language errors from this client are explained in; code that wraps them passes it on. */
    readonly locale: Locale;

    constructor(private readonly options: ArmClientOptions) {
        this.locale = options.locale ?? DEFAULT_LOCALE;
        this.pipeline = armPipeline({
            endpoint: options.cloud.resourceManager,
            scope: options.cloud.scope,
            tokens: options.tokens,
            gate: this.gate,
            userAgent: options.userAgent,
            locale: this.locale,
            requestTimeoutMs: options.requestTimeoutMs,
            maxRetries: options.maxRetries,
            maxThrottleRetries: options.maxThrottleRetries,
            backoffBaseMs: options.backoffBaseMs,
            backoffMaxMs: options.backoffMaxMs,
        });
    }

    async send<T = unknown>(request: ArmRequest): Promise<ArmResponse<T>> {
        const url = this.resolveUrl(request.path);
        const kind: RequestKind = request.method === "GET" ? "read" : "write";
        const response = await this.pipeline({
            method: request.method,
            url,
            params: request.apiVersion && !url.includes("api-version=") ? { "api-version": request.apiVersion } : undefined,
            body: request.body === undefined ? undefined : JSON.stringify(request.body),
            headers: new AxiosHeaders({
                ...(request.body === undefined ? {} : { "Content-Type": "application/json" }),
                ...request.headers,
            }),
            context: request.context,
            kind,
            lane: ThrottleGate.laneOf(kind, url),
            attempts: 0,
            ambiguousAttempts: 0,
        });
        persistCompileCache();
        return { status: response.status, data: parseBody(response) as T, headers: flattenHeaders(response) };
    }

    /**
     * A path below the endpoint, or an absolute nextLink: follow it only on our own ARM endpoint, so the token
     * never goes elsewhere. Protocol-relative ("//host/…") and scheme-carrying links are resolved the way a
     * browser would before their origin is compared.
     */
    private resolveUrl(path: string): string {
        if (path.startsWith("/") && !path.startsWith("//")) return path;
        const base = new URL(this.options.cloud.resourceManager);
        let origin: string | undefined;
        try {
            origin = new URL(path, base).origin;
        } catch {
            origin = undefined; // unparsable: refused below like a foreign origin
        }
        if (origin !== base.origin || !/^https?:\/\//i.test(path)) {
            throw new AzureStackRegistrationError({
                code: "UntrustedNextLink",
                locale: this.locale,
                azureMessage:
                    `the list continuation pointed at ${origin ?? "an unparsable URL"}, ` + `not ${base.origin}; it was not followed`,
            });
        }
        return path;
    }
}
