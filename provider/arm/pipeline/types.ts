/**
 * What the steps of the ARM pipeline pass to each other: in the style of Azure's core-rest-pipeline, a step gets
 * the request and `next` (the steps after it and the transport), and may change the request, call `next` any
 * number of times, and change or replace the answer or the failure.
 */
import type { AxiosRequestHeaders, AxiosResponse } from "axios";
import type { ErrorContext } from "../../errors";
import type { RequestKind } from "../throttle";

/** One call to ARM: what axios sends, and the bookkeeping all its attempts share. */
export interface PipelineRequest {
    method: "GET" | "PUT" | "DELETE";
    /** Below the ARM endpoint, or an absolute URL on it. */
    url: string;
    params?: Record<string, string>;
    body?: string;
    /** An AxiosHeaders: names are matched without regard to case. */
    headers: AxiosRequestHeaders;
    /** An answer larger than this is not read (axios's maxContentLength); unset: no bound. */
    maxResponseBytes?: number;
    /** What errors about this request mention. */
    context: ErrorContext;
    kind: RequestKind;
    /** The throttle gate's lane (kind and subscription). */
    lane: string;
    attempts: number;
    /** Attempts that failed without a definitive answer (no response, timeout, 5xx): they may have been applied. */
    ambiguousAttempts: number;
}

/** The body stays text: a 201 with an empty body must not become a JSON error; parsing is left to the client. */
export type SendRequest = (request: PipelineRequest) => Promise<AxiosResponse<string>>;

export interface PipelineStep {
    readonly name: string;
    sendRequest(request: PipelineRequest, next: SendRequest): Promise<AxiosResponse<string>>;
}

/** Chains the steps so that the first wraps all the others and the last calls `transport`. */
export function composeSteps(steps: readonly PipelineStep[], transport: SendRequest): SendRequest {
    return steps.reduceRight<SendRequest>((next, step) => (request) => step.sendRequest(request, next), transport);
}
