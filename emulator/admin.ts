/**
 * The admin API under /_emulator/ on the ARM port: what an out-of-process emulator (the CLI) offers the
 * demo and the benchmark to inspect and steer it. On loopback no token is needed (otherwise the admin
 * token: see below); logged as kind "admin"; never throttled nor subject to faults. Answers JSON; errors are `{"error": {"code": "BadAdminRequest", ...}}`.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";
import type { HttpRequest, Reply } from "./https.js";
import type { MintFederatedTokenOptions } from "./identity.js";
import type { RegistrationPatch } from "./stateApi.js";
import type { StateStore } from "./state.js";
import type { EmulatorSettings, FaultRule, RunningEmulator, ThrottlingOptions } from "./types.js";

class AdminError extends Error {
    constructor(
        readonly status: number,
        message: string,
    ) {
        super(message);
    }
}

const REGISTRATION_PATH =
    /^\/_emulator\/state\/(subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.AzureStack\/registrations\/[^/]+)(?:\/customerSubscriptions\/([^/]+))?$/i;

export async function handleAdmin(emu: RunningEmulator, store: StateStore, req: HttpRequest): Promise<Reply> {
    try {
        return await route(emu, store, req);
    } catch (err) {
        const status = err instanceof AdminError ? err.status : 400;
        return { status, body: { error: { code: "BadAdminRequest", message: (err as Error).message } }, errorCode: "BadAdminRequest" };
    }
}

async function route(emu: RunningEmulator, store: StateStore, req: HttpRequest): Promise<Reply> {
    const path = req.path.replace(/\/+$/, "");
    const m = req.method;
    const ok = (body: unknown = { ok: true }): Reply => ({ status: 200, body });
    const json = () => parseBody(req.body);

    switch (`${m} ${path}`) {
        case "GET /_emulator":
        case "GET /_emulator/info":
            return ok({
                armEndpoint: emu.armEndpoint,
                authorityHost: emu.authorityHost,
                tenantId: emu.tenantId,
                caCertPath: emu.caCertPath,
                settings: emu.settings(),
                faults: emu.faults(),
            });
        case "GET /_emulator/health":
            return ok({ status: "ok" });
        case "GET /_emulator/state":
            return ok(emu.state.dump());
        case "GET /_emulator/requests": {
            const kind = req.query.get("kind");
            return ok(emu.requestLog().filter((e) => !kind || e.kind === kind));
        }
        case "DELETE /_emulator/requests":
            emu.clearRequestLog();
            return ok();
        case "GET /_emulator/counters":
            return ok(emu.counters());
        case "DELETE /_emulator/counters":
            emu.resetCounters();
            return ok();
        case "GET /_emulator/faults":
            return ok(emu.faults());
        case "PUT /_emulator/faults": {
            const body = json();
            const rules = Array.isArray(body) ? body : (body as { rules?: unknown }).rules;
            emu.setFaults(rules as FaultRule[]); // validated there
            return ok(emu.faults());
        }
        case "DELETE /_emulator/faults":
            emu.setFaults([]);
            return ok([]);
        case "PUT /_emulator/latency": {
            const { ms } = json() as { ms?: unknown };
            if (typeof ms !== "number") throw new Error('body must be {"ms": <number>}');
            emu.setLatency(ms);
            return ok(emu.settings());
        }
        case "GET /_emulator/throttling":
            return ok(emu.settings().throttling);
        case "PUT /_emulator/throttling":
            emu.setThrottling(json() as false | ThrottlingOptions); // validated there
            return ok(emu.settings().throttling);
        case "GET /_emulator/settings":
            return ok(emu.settings());
        case "PATCH /_emulator/settings":
            emu.configure(json() as Partial<EmulatorSettings>); // validated there
            return ok(emu.settings());
        case "POST /_emulator/federated-token":
            return ok({ token: await emu.mintFederatedToken(req.body.length ? (json() as MintFederatedTokenOptions) : {}) });
        case "GET /_emulator/env":
            return ok(emu.clientEnv(req.query.get("clientId") ?? undefined));
        case "PUT /_emulator/state/unknownSubscriptions": {
            const { mode } = json() as { mode?: unknown };
            await emu.state.setUnknownSubscriptions(mode as "accept" | "reject"); // validated there
            return ok({ unknownSubscriptions: store.unknownSubscriptions });
        }
    }

    const known = /^\/_emulator\/state\/customerSubscriptions\/([^/]+)$/i.exec(path);
    if (known && m === "PUT") {
        return ok(await emu.state.putKnownSubscription({ ...(json() as object), id: decodeURIComponent(known[1]!) }));
    }

    const reg = REGISTRATION_PATH.exec(path);
    if (reg) {
        const ref = `/${decodeURIComponent(reg[1]!)}`;
        const subscriptionId = reg[2] === undefined ? undefined : decodeURIComponent(reg[2]);
        if (subscriptionId === undefined) {
            if (m === "GET") return found(emu.state.registration(ref));
            if (m === "PUT") {
                const [, sub, rg, name] =
                    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/[^/]+\/registrations\/([^/]+)$/i.exec(ref)!;
                return ok(
                    await emu.state.putRegistration({ ...(json() as object), subscriptionId: sub!, resourceGroup: rg!, name: name! }),
                );
            }
            if (m === "PATCH") return ok(await emu.state.updateRegistration(ref, json() as RegistrationPatch)); // validated there
            if (m === "DELETE") return ok({ deleted: await emu.state.deleteRegistration(ref) });
        } else {
            if (m === "GET") return found(emu.state.mapping(ref, subscriptionId));
            if (m === "PUT") {
                const { tenantId, onePerTenant } = json() as { tenantId?: unknown; onePerTenant?: unknown };
                if (typeof tenantId !== "string") throw new Error('body must be {"tenantId": "<guid>", "onePerTenant"?: boolean}');
                return ok(await emu.state.putMapping(ref, subscriptionId, tenantId, { onePerTenant: onePerTenant === true }));
            }
            if (m === "DELETE") return ok({ deleted: await emu.state.deleteMapping(ref, subscriptionId) });
        }
        throw new AdminError(405, `${m} is not supported on ${path}`);
    }
    throw new AdminError(404, `no admin route ${m} ${path} (see docs/emulator.md)`);
}

function found(value: unknown): Reply {
    if (value === undefined) throw new AdminError(404, "not found");
    return { status: 200, body: value };
}

function parseBody(body: Buffer): unknown {
    if (body.length === 0) throw new Error("a JSON body is required");
    try {
        return JSON.parse(body.toString("utf8"));
    } catch (err) {
        throw new Error(`the body is not valid JSON: ${(err as Error).message}`);
    }
}

// ---- who may use it ----
// Who may use the admin API. On loopback, whoever can reach it is on this machine; on any other address
// (allowed explicitly only) it requires a random admin token, since it hands out client secrets and mints tokens.

/** The admin token the admin API will require on `host` (undefined: none, on loopback); throws if remote access is not allowed. */
export function adminTokenFor(host: string, allowRemote: boolean | undefined): string | undefined {
    if (isLoopback(host)) return undefined;
    if (!allowRemote) {
        throw new Error(
            `host ${host} is not a loopback address: the admin API hands out client secrets and mints tokens, so the emulator listens on loopback only unless remote access is allowed explicitly (allowRemote: true, CLI --allow-remote), and then requires the admin token it prints at start`,
        );
    }
    return randomBytes(32).toString("base64url");
}

export function isAdminAuthorized(adminToken: string | undefined, authorization: string | undefined): boolean {
    if (adminToken === undefined) return true;
    const given = Buffer.from(/^Bearer (.+)$/i.exec(authorization ?? "")?.[1] ?? "");
    const wanted = Buffer.from(adminToken);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export function adminTokenRequired(): Reply {
    const message =
        "The emulator listens on a non-loopback address: the admin API requires 'Authorization: Bearer <admin token>' with the admin token it printed at start.";
    return {
        status: 401,
        headers: { "www-authenticate": "Bearer" },
        body: { error: { code: "AdminTokenRequired", message } },
        errorCode: "AdminTokenRequired",
    };
}

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and localhost: addresses only this machine reaches. */
function isLoopback(host: string): boolean {
    const h = host.toLowerCase().replace(/^\[|\]$/g, "");
    if (h === "localhost" || h === "::1") return true;
    const v4 = h.startsWith("::ffff:") ? h.slice(7) : h;
    return isIP(v4) === 4 && v4.startsWith("127.");
}
