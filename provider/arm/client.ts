/**
 * The HTTP pipeline to Azure Resource Manager. A request passes once through these steps, in order:
 * client request id, User-Agent and Accept-Language, a bearer token, the shared throttle gate (last, so a turn is only
 * taken by a request that is ready to go; the token is taken again after the wait, which can outlast it),
 * the timeout, then the response: the gate learns what the answer says about the quota, retries of
 * transient failures and 429s (axios-retry), and translation of anything else into an
 * AzureStackRegistrationError. Each step is a small function below.
 */
import { randomUUID } from "node:crypto";
import axios, { AxiosError, type AxiosInstance, type AxiosResponse, type InternalAxiosRequestConfig } from "axios";
import axiosRetry from "axios-retry";
import { AzureStackRegistrationError, type ErrorContext } from "../errors";
import { DEFAULT_LOCALE, type Locale } from "../messages/locale";
import type { CloudEndpoints } from "../settings";
import { armAgents } from "./proxy";
import { ThrottleGate, type QuotaSignal, type RequestKind } from "./throttle";
import type { AccessTokenCache } from "./tokens";

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

/** Per-request bookkeeping carried on the axios config across retries. */
interface AttemptState {
    context: ErrorContext;
    kind: RequestKind;
    /** The throttle gate's lane (kind and subscription). */
    lane: string;
    /** True while this attempt holds a turn of the lane. */
    holdsTurn?: boolean;
    attempts: number;
    /** Attempts that failed without a definitive answer (no response, timeout, 5xx): they may have been applied. */
    ambiguousAttempts: number;
    transientRetries: number;
    throttleRetries: number;
    authRetries: number;
    token?: string;
}

declare module "axios" {
    interface AxiosRequestConfig {
        armState?: AttemptState;
    }
}

/**
 * Bounds on what a server (or anything posing as one) can make this client do. A mapping or a page of them is a
 * few hundred bytes and ARM pages hold up to 1,000 items, so 16 MiB is far beyond any real answer; ARM's
 * Retry-After is seconds to a minute or two, so a longer one is taken as 5 minutes (the request is retried
 * then, and maxThrottleRetries still bounds how often).
 */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
export const MAX_RETRY_AFTER_MS = 5 * 60 * 1000;

const TRANSIENT_STATUS = new Set([408, 500, 502, 503, 504]);
const TRANSIENT_CODES = new Set(["MetadataResolverBadGatewayError"]);
const EXPIRED_TOKEN_CODES = new Set(["ExpiredAuthenticationToken"]);

export class ArmClient {
    private readonly http: AxiosInstance;
    readonly gate = new ThrottleGate();

    /** The language errors from this client are explained in; code that wraps them passes it on. */
    readonly locale: Locale;

    constructor(private readonly options: ArmClientOptions) {
        this.locale = options.locale ?? DEFAULT_LOCALE;
        const { httpAgent, httpsAgent } = armAgents(options.cloud.resourceManager);
        this.http = axios.create({
            baseURL: options.cloud.resourceManager,
            timeout: options.requestTimeoutMs,
            httpAgent,
            httpsAgent,
            // axios would send https requests to a proxy as plain HTTP, token included: proxy.ts tunnels instead.
            proxy: false,
            maxRedirects: 0,
            maxContentLength: MAX_RESPONSE_BYTES,
            // A 201 with an empty body must not become "" -> JSON error; leave parsing to us.
            responseType: "text",
            transitional: { clarifyTimeoutError: true },
        });
        // Request interceptors run last-registered first; these are registered in reverse of the order they run.
        this.http.interceptors.request.use((config) => this.renewAuthorization(config));
        this.http.interceptors.request.use((config) => this.passThrottleGate(config));
        this.http.interceptors.request.use((config) => this.authorize(config));
        this.http.interceptors.request.use((config) => this.stampRequest(config));
        // Response interceptors run in registration order: the turn is given back before axios-retry decides.
        this.http.interceptors.response.use((response) => {
            this.settleTurn(response.config, response);
            return response;
        }, (error) => {
            this.settleTurn(error?.config, error?.response);
            return Promise.reject(error);
        });
        axiosRetry(this.http, {
            retries: options.maxRetries + options.maxThrottleRetries + 1,
            shouldResetTimeout: true,
            retryCondition: (error) => this.shouldRetry(error),
            retryDelay: (_count, error) => this.retryDelay(error),
        });
        // Registered after axios-retry, so it sees only the final outcome.
        this.http.interceptors.response.use(undefined, (error) => Promise.reject(this.translate(error)));
    }

    async send<T = unknown>(request: ArmRequest): Promise<ArmResponse<T>> {
        const url = this.resolveUrl(request.path);
        const kind: RequestKind = request.method === "GET" ? "read" : "write";
        const response = await this.http.request<string>({
            method: request.method,
            url,
            params: request.apiVersion && !url.includes("api-version=") ? { "api-version": request.apiVersion } : undefined,
            data: request.body === undefined ? undefined : JSON.stringify(request.body),
            headers: { ...(request.body === undefined ? {} : { "Content-Type": "application/json" }), ...request.headers },
            armState: {
                context: request.context, kind, lane: ThrottleGate.laneOf(kind, url),
                attempts: 0, ambiguousAttempts: 0, transientRetries: 0, throttleRetries: 0, authRetries: 0,
            },
        });
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
                code: "UntrustedNextLink", locale: this.locale,
                azureMessage: `the list continuation pointed at ${origin ?? "an unparsable URL"}, ` +
                    `not ${base.origin}; it was not followed`,
            });
        }
        return path;
    }

    private stampRequest(config: InternalAxiosRequestConfig): InternalAxiosRequestConfig {
        const state = config.armState!;
        state.attempts++;
        if (!config.headers.get("x-ms-client-request-id")) config.headers.set("x-ms-client-request-id", randomUUID());
        config.headers.set("x-ms-return-client-request-id", "true");
        config.headers.set("User-Agent", this.options.userAgent);
        config.headers.set("Accept", "application/json");
        config.headers.set("Accept-Language", this.locale);
        return config;
    }

    private async passThrottleGate(config: InternalAxiosRequestConfig): Promise<InternalAxiosRequestConfig> {
        const state = config.armState!;
        await this.gate.acquire(state.lane, state.attempts > 1);
        state.holdsTurn = true;
        return config;
    }

    /** Gives the attempt's turn back, with what the answer says about the quota. */
    private settleTurn(config: InternalAxiosRequestConfig | undefined, response: AxiosResponse | undefined): void {
        const state = config?.armState;
        if (!state?.holdsTurn) return;
        state.holdsTurn = false;
        this.gate.release(state.lane, quotaSignal(state.kind, config!.method, response));
    }

    private async authorize(config: InternalAxiosRequestConfig): Promise<InternalAxiosRequestConfig> {
        const token = await this.options.tokens.get(this.options.cloud.scope);
        config.armState!.token = token;
        config.headers.set("Authorization", `Bearer ${token}`);
        return config;
    }

    /**
     * The wait for a turn can outlast the token taken before it (a long throttle, a short-lived token), and an
     * expired token costs a 401 and a second wait: take the current token again as the request leaves. A cache
     * hit unless it expired meanwhile.
     */
    private async renewAuthorization(config: InternalAxiosRequestConfig): Promise<InternalAxiosRequestConfig> {
        try {
            return await this.authorize(config);
        } catch (error) {
            this.settleTurn(config, undefined); // this attempt will not be sent: give its turn back
            throw error;
        }
    }

    private shouldRetry(error: AxiosError): boolean {
        const state = error.config?.armState;
        if (!state) return false;
        const status = error.response?.status;
        const code = status ? errorCode(error.response!) : undefined;
        if (status === undefined ? isNetworkFailure(error) : status >= 500 || (code !== undefined && TRANSIENT_CODES.has(code))) {
            state.ambiguousAttempts++;
        }
        if (status === 429) return ++state.throttleRetries <= this.options.maxThrottleRetries;
        if (status === 401 && code && EXPIRED_TOKEN_CODES.has(code)) {
            this.options.tokens.invalidate(this.options.cloud.scope, state.token);
            return ++state.authRetries <= 1;
        }
        const transient = status === undefined
            ? isNetworkFailure(error)
            : TRANSIENT_STATUS.has(status) || (code !== undefined && TRANSIENT_CODES.has(code));
        if (!transient) return false;
        const serverWait = error.response ? retryAfterMs(error.response) : undefined;
        if (serverWait !== undefined) this.gate.block(state.lane, serverWait);
        return ++state.transientRetries <= this.options.maxRetries;
    }

    /** 429s wait in the shared gate instead; transient failures back off exponentially with full jitter. */
    private retryDelay(error: AxiosError): number {
        const state = error.config?.armState;
        if (!state || error.response?.status === 429 || error.response?.status === 401) return 0;
        const base = this.options.backoffBaseMs ?? 500;
        const cap = this.options.backoffMaxMs ?? 20_000;
        const exponential = Math.min(cap, base * 2 ** (state.transientRetries - 1));
        return Math.round(exponential / 2 + Math.random() * (exponential / 2));
    }

    private translate(error: unknown): unknown {
        if (error instanceof AzureStackRegistrationError) return error;
        const axiosError = error instanceof AxiosError ? error : undefined;
        const state = axiosError?.config?.armState;
        const context = state?.context ?? {};
        const attempts = state?.attempts;
        const ambiguousAttempts = state?.ambiguousAttempts;
        const clientRequestId = headerValue(axiosError?.config?.headers?.["x-ms-client-request-id"]);
        if (axiosError?.response) {
            const response = axiosError.response;
            const body = parseBody(response) as ArmErrorBody | undefined;
            const headers = flattenHeaders(response);
            return new AzureStackRegistrationError({
                code: errorCode(response) ?? fallbackCode(response.status),
                statusCode: response.status,
                azureMessage: body?.error?.message ?? body?.message,
                requestId: headers["x-ms-request-id"],
                correlationId: headers["x-ms-correlation-request-id"],
                clientRequestId, context, attempts, ambiguousAttempts, locale: this.locale,
            });
        }
        if (axiosError) {
            if (isOversized(axiosError)) {
                return new AzureStackRegistrationError({
                    code: "ResponseTooLarge",
                    azureMessage: `the answer from ${this.options.cloud.resourceManager} was larger than ` +
                        `${MAX_RESPONSE_BYTES / 1024 / 1024} MiB, far beyond any ARM answer for this API; it was not read`,
                    clientRequestId, context, attempts, ambiguousAttempts, locale: this.locale,
                });
            }
            const timedOut = axiosError.code === "ETIMEDOUT" || axiosError.code === "ECONNABORTED";
            return new AzureStackRegistrationError({
                code: timedOut ? "RequestTimeout" : "NetworkError",
                azureMessage: timedOut
                    ? `no answer from ${this.options.cloud.resourceManager} within ${this.options.requestTimeoutMs / 1000}s`
                    : `${axiosError.code ?? "error"} talking to ${this.options.cloud.resourceManager}: ${axiosError.message}` +
                      tlsHint(axiosError.code),
                clientRequestId, context, attempts, ambiguousAttempts, locale: this.locale,
            });
        }
        // Thrown before a response existed: usually the credential could not get a token.
        const message = error instanceof Error ? error.message : String(error);
        return new AzureStackRegistrationError({
            code: (error as { name?: string })?.name === "CredentialUnavailableError" ? "CredentialUnavailable" : "AuthenticationFailed",
            azureMessage: message, context, attempts, ambiguousAttempts, locale: this.locale,
        });
    }
}

interface ArmErrorBody {
    error?: { code?: string; message?: string; target?: string };
    code?: string;
    message?: string;
}

function parseBody(response: AxiosResponse): unknown {
    const raw = response.data;
    if (raw === undefined || raw === null || raw === "") return undefined;
    if (typeof raw !== "string") return raw;
    try {
        return JSON.parse(raw);
    } catch {
        return undefined;
    }
}

function errorCode(response: AxiosResponse): string | undefined {
    const body = parseBody(response) as ArmErrorBody | undefined;
    const code = body?.error?.code ?? body?.code;
    return typeof code === "string" && code.length > 0 ? code : undefined;
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

/**
 * What an answer tells the throttle gate: a 429 and its Retry-After, or how many tokens ARM says are left
 * in the bucket of the request's kind (DELETEs may have their own bucket; the writes header stands in).
 */
export function quotaSignal(kind: RequestKind, method: string | undefined, response: AxiosResponse | undefined): QuotaSignal {
    if (!response) return {};
    if (response.status === 429) return { throttledForMs: retryAfterMs(response) ?? 1000 };
    const headers = flattenHeaders(response);
    const buckets = kind === "read" ? ["reads"] : method?.toUpperCase() === "DELETE" ? ["deletes", "writes"] : ["writes"];
    for (const bucket of buckets) {
        const value = headers[`x-ms-ratelimit-remaining-subscription-${bucket}`]?.trim();
        const remaining = value ? Number(value) : NaN;
        if (Number.isInteger(remaining) && remaining >= 0) return { remaining };
    }
    return response.status < 400 ? { unlimited: true } : {};
}

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

function isNetworkFailure(error: AxiosError): boolean {
    return !error.response && error.code !== "ERR_CANCELED" && !isTlsFailure(error.code) && !isOversized(error);
}

function isOversized(error: AxiosError): boolean {
    return error.code === AxiosError.ERR_BAD_RESPONSE && /maxContentLength/.test(error.message);
}

function isTlsFailure(code: string | undefined): boolean {
    return !!code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code);
}

function tlsHint(code: string | undefined): string {
    return isTlsFailure(code)
        ? " (the server's TLS certificate is not trusted; for a private CA such as the emulator's, set NODE_EXTRA_CA_CERTS)"
        : "";
}

function flattenHeaders(response: Pick<AxiosResponse, "headers">): Record<string, string | undefined> {
    const out: Record<string, string | undefined> = {};
    for (const [key, value] of Object.entries(response.headers ?? {})) out[key.toLowerCase()] = headerValue(value);
    return out;
}

function headerValue(value: unknown): string | undefined {
    if (value === undefined || value === null) return undefined;
    return Array.isArray(value) ? value.join(", ") : String(value);
}
