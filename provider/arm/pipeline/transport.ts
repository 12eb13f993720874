import axios from "axios";
import { armAgents } from "../proxy";
import type { SendRequest } from "./types";

/**
 * Sends one attempt with axios, as the steps left the request: to the ARM endpoint, through proxy.ts's agents,
 * with the request timeout and no redirects. Headers, tokens, retries and error translation are the steps' work.
 */
export function axiosTransport(endpoint: string, requestTimeoutMs: number): SendRequest {
    const { httpAgent, httpsAgent } = armAgents(endpoint);
    const http = axios.create({
        baseURL: endpoint,
        timeout: requestTimeoutMs,
        httpAgent,
        httpsAgent,
        // axios would send https requests to a proxy as plain HTTP, token included: proxy.ts tunnels instead.
        proxy: false,
        maxRedirects: 0,
        // A 201 with an empty body must not become "" -> JSON error; leave parsing to us.
        responseType: "text",
        transitional: { clarifyTimeoutError: true },
    });
    return (request) =>
        http.request<string>({
            method: request.method,
            url: request.url,
            params: request.params,
            data: request.body,
            headers: request.headers,
            maxContentLength: request.maxResponseBytes,
        });
}
