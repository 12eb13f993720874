/**
 * Who may use the admin API. On loopback, whoever can reach it is on this machine; on any other address
 * (allowed explicitly only) it requires a random admin token, since it hands out client secrets and mints tokens.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";
import type { Reply } from "./arm.js";

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
