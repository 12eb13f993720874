/**
 * Shared by the emulator tests: an HTTPS client that trusts the emulator's throw-away CA, a token helper
 * that uses the real token endpoint, and a runner of the fixture scripts. The seed is in ../support/fixtures.
 */
import { request } from "node:https";
import { join } from "node:path";
import type { RunningEmulator } from "../../emulator/index.js";
import { CLIENT_ID, CLIENT_SECRET, EMULATOR_REG_SUB, RG } from "../support/fixtures.js";
import { runCommand, type CommandResult } from "../support/processes.js";

export function regPath(name: string, sub = EMULATOR_REG_SUB, rg = RG): string {
    return `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.AzureStack/registrations/${name}`;
}

export function mappingPath(name: string, id?: string): string {
    return `${regPath(name)}/customerSubscriptions${id === undefined ? "" : `/${id}`}`;
}

export interface HttpResult {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    text: string;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    json: any;
}

export interface CallOptions {
    token?: string;
    headers?: Record<string, string>;
    body?: unknown;
    /** Raw body (string) instead of JSON. */
    raw?: string;
    apiVersion?: string | null;
}

/** One HTTPS request to the emulator (a path on the ARM endpoint, or an absolute URL). */
export function call(emu: RunningEmulator, method: string, pathOrUrl: string, opts: CallOptions = {}): Promise<HttpResult> {
    let url = pathOrUrl.startsWith("https://") ? pathOrUrl : `${emu.armEndpoint}${pathOrUrl}`;
    const apiVersion = opts.apiVersion === undefined ? "2017-06-01" : opts.apiVersion;
    if (apiVersion !== null && !url.includes("api-version=") && !url.includes("/_emulator"))
        url += `${url.includes("?") ? "&" : "?"}api-version=${apiVersion}`;
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let payload: string | undefined = opts.raw;
    if (opts.body !== undefined) {
        payload = JSON.stringify(opts.body);
        headers["content-type"] = "application/json";
    }
    return new Promise((resolve, reject) => {
        const req = request(url, { method, headers, ca: emu.caCertPem, agent: false }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => {
                const text = Buffer.concat(chunks).toString("utf8");
                let json: unknown;
                try {
                    json = text ? JSON.parse(text) : undefined;
                } catch {
                    json = undefined;
                }
                resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
            });
        });
        req.on("error", reject);
        if (payload !== undefined) req.write(payload);
        req.end();
    });
}

/** Gets an access token from the emulator's real token endpoint with a client secret. */
export async function getToken(
    emu: RunningEmulator,
    clientId = CLIENT_ID,
    secret = CLIENT_SECRET,
    scope = `${emu.armEndpoint}/.default`,
): Promise<string> {
    const res = await tokenRequest(emu, { grant_type: "client_credentials", client_id: clientId, client_secret: secret, scope });
    if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${res.text}`);
    return res.json.access_token as string;
}

export function tokenRequest(
    emu: RunningEmulator,
    form: Record<string, string>,
    tenant = emu.tenantId,
    path = "oauth2/v2.0/token",
): Promise<HttpResult> {
    return call(emu, "POST", `${emu.authorityHost}/${tenant}/${path}`, {
        raw: new URLSearchParams(form).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
        apiVersion: null,
    });
}

/** Runs a compiled fixture script in a child process (async: the emulator in this process must keep serving). */
export function runFixture(name: string, args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<CommandResult> {
    const script = join(__dirname, "fixtures", name);
    return runCommand(process.execPath, ["--require", join(__dirname, "fixtures", "no-network.js"), script, ...args], {
        env: { ...process.env, ...env },
        timeoutMs,
    });
}

export function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
