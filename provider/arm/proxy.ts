/**
 * The connection agents for ARM requests: direct, or through the proxy the environment names.
 *
 * axios' own proxy support forwards an https request to an HTTP proxy as plain HTTP (absolute URI, every
 * header, the bearer token and the body readable by the proxy and anyone on its path, and no certificate
 * check of ARM at all). So axios' proxy handling is switched off (`proxy: false` in client.ts) and every
 * request to a proxied endpoint goes through a CONNECT tunnel (https-proxy-agent) with TLS to ARM inside it,
 * end to end, certificates checked as without a proxy.
 *
 * Which proxy, and which hosts bypass it, is read exactly as the Azure SDKs read it (@typespec/ts-http-runtime's
 * proxyPolicy, which @azure/identity uses for the token requests): HTTPS_PROXY, else ALL_PROXY, else HTTP_PROXY, each
 * upper case first; NO_PROXY entries match a host name exactly, or by suffix when they start with a dot. Written
 * here rather than taken from proxy-from-env because that library picks the variable by the target's scheme and
 * reads NO_PROXY differently: token requests and ARM requests would then take different routes.
 */
import * as http from "node:http";
import * as https from "node:https";
import { HttpsProxyAgent } from "https-proxy-agent";

export interface ArmAgents {
    httpAgent: http.Agent;
    httpsAgent: https.Agent;
    /** The proxy in use, without any user name or password in it; undefined when requests go direct. */
    proxy?: string;
}

const AGENT_OPTIONS = { keepAlive: true, maxSockets: 64 };

/** Agents for requests to `endpoint` (the ARM endpoint; nextLinks are held to the same origin). */
export function armAgents(endpoint: string): ArmAgents {
    const proxy = proxyFor(endpoint);
    if (!proxy) return { httpAgent: new http.Agent(AGENT_OPTIONS), httpsAgent: new https.Agent(AGENT_OPTIONS) };
    // One tunnelling agent serves both schemes: for an http:// endpoint it tunnels too, so the proxy never
    // receives a request it could read and forward in the open.
    const tunnel = new HttpsProxyAgent(proxy, AGENT_OPTIONS);
    return { httpAgent: tunnel, httpsAgent: tunnel, proxy: redactedProxy(proxy) };
}

/** The proxy URL the environment gives for `url`, or undefined (none set, or NO_PROXY names its host). */
export function proxyFor(url: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
    const proxy = variable(env, "HTTPS_PROXY") ?? variable(env, "ALL_PROXY") ?? variable(env, "HTTP_PROXY");
    if (!proxy || bypassesProxy(new URL(url).hostname, variable(env, "NO_PROXY") ?? "")) return undefined;
    // "proxy.corp:8080" without a scheme is common in these variables; curl reads it as http://.
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

function variable(env: NodeJS.ProcessEnv, name: string): string | undefined {
    return env[name] || env[name.toLowerCase()] || undefined;
}

function bypassesProxy(host: string, noProxy: string): boolean {
    const hostname = host.toLowerCase();
    return noProxy
        .split(",")
        .map((entry) => entry.trim().toLowerCase())
        .filter(Boolean)
        .some((entry) => (entry.startsWith(".") ? hostname.endsWith(entry) || hostname === entry.slice(1) : hostname === entry));
}

/** For messages and logs: the proxy's origin, never its user name or password. */
export function redactedProxy(proxy: string): string {
    try {
        return new URL(proxy).origin;
    } catch {
        return "(an unparsable proxy URL)";
    }
}
