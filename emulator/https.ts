/**
 * The emulator's HTTPS side: its throw-away certificates and the trust bundles it hands out, the two servers
 * and their open sockets, request bodies in and Replies out, and the requests kept waiting that stop() ends.
 */
import { webcrypto } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import { isIP, type AddressInfo, type Socket } from "node:net";
import * as x509 from "@peculiar/x509";

// ---- certificates ----
// A throw-away certificate authority and a server certificate for 127.0.0.1 / localhost (and the --host),
// made at start. Clients trust the CA through NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE (Python) or the `ca`
// option of an https agent.
//
// Built with @peculiar/x509 directly because strict verifiers (OpenSSL's -x509_strict, Python 3.13's
// default VERIFY_X509_STRICT) require the RFC 5280 key identifiers — a Subject Key Identifier on the CA and
// an Authority Key Identifier on the server certificate — which `selfsigned` cannot add.

export interface Certificates {
    caCertPem: string;
    certPem: string;
    keyPem: string;
}

const ALGORITHM = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 } as const;
const LOCAL_NAMES = ["localhost", "127.0.0.1", "::1"];

export async function generateCertificates(extraHost?: string): Promise<Certificates> {
    x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
    const notBefore = new Date(Date.now() - 60_000); // tolerate a little clock skew
    const notAfter = new Date(Date.now() + 30 * 24 * 3600_000);
    const [caKeys, leafKeys] = await Promise.all([
        webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]),
        webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]),
    ]);
    const caName = "CN=Azure Stack registration emulator CA (throw-away)";
    const ca = await x509.X509CertificateGenerator.create({
        serialNumber: serial(),
        subject: caName,
        issuer: caName,
        notBefore,
        notAfter,
        signingAlgorithm: ALGORITHM,
        publicKey: caKeys.publicKey,
        signingKey: caKeys.privateKey,
        extensions: [
            new x509.BasicConstraintsExtension(true, 0, true),
            new x509.KeyUsagesExtension(
                x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
                true,
            ),
            await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
            await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
        ],
    });

    const names: x509.JsonGeneralName[] = [
        { type: "dns", value: "localhost" },
        { type: "ip", value: "127.0.0.1" },
        { type: "ip", value: "::1" },
    ];
    if (extraHost && !LOCAL_NAMES.includes(extraHost)) names.push({ type: isIP(extraHost) ? "ip" : "dns", value: extraHost });
    const leaf = await x509.X509CertificateGenerator.create({
        serialNumber: serial(),
        subject: "CN=localhost",
        issuer: ca.subject,
        notBefore,
        notAfter,
        signingAlgorithm: ALGORITHM,
        publicKey: leafKeys.publicKey,
        signingKey: caKeys.privateKey,
        extensions: [
            new x509.BasicConstraintsExtension(false, undefined, true),
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
            new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
            new x509.SubjectAlternativeNameExtension(names),
            await x509.SubjectKeyIdentifierExtension.create(leafKeys.publicKey),
            await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
        ],
    });
    const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", leafKeys.privateKey);
    return {
        caCertPem: ca.toString("pem"),
        certPem: leaf.toString("pem"),
        keyPem: x509.PemConverter.encode(pkcs8, "PRIVATE KEY"),
    };
}

/** A positive 16-byte serial number in hex (RFC 5280: positive, at most 20 bytes). */
function serial(): string {
    const bytes = webcrypto.getRandomValues(new Uint8Array(16));
    bytes[0]! &= 0x7f;
    bytes[0]! |= 0x01;
    return Buffer.from(bytes).toString("hex");
}

// ---- trust bundles ----
// NODE_EXTRA_CA_CERTS names one file, so pointing it at the emulator's CA alone would drop whatever the shell
// trusted through it before (a corporate or TLS-inspecting proxy's CA: every later `npm install` would then
// fail with SELF_SIGNED_CERT_IN_CHAIN). The emulator hands out bundles instead: the certificates of the
// NODE_EXTRA_CA_CERTS already in force, then its own CA.

/**
 * `base`'s certificates (when it names a readable file) followed by `caPem`, unless they hold it already.
 * `base` may be the bundle itself (an emulator started from a shell that sourced an earlier env file): its
 * certificates are kept, never replaced by the CA alone.
 */
export function trustBundle(caPem: string, base: string | undefined): string {
    let existing: string;
    try {
        existing = base ? readFileSync(base, "utf8") : "";
    } catch {
        existing = ""; // Node ignores an unreadable NODE_EXTRA_CA_CERTS too (with a warning): nothing to keep
    }
    if (existing.includes(caPem.trim())) return existing;
    return existing.trim() ? `${existing.replace(/\s*$/, "")}\n${caPem}` : caPem;
}

/** Writes trustBundle() to `bundlePath` atomically (certificates only: no secret, ordinary mode). */
export function writeTrustBundle(bundlePath: string, caPem: string, base = process.env.NODE_EXTRA_CA_CERTS): void {
    writeFileSync(`${bundlePath}.tmp`, trustBundle(caPem, base));
    renameSync(`${bundlePath}.tmp`, bundlePath);
}

/**
 * Shell lines that, when sourced, rebuild `bundlePath` from the NODE_EXTRA_CA_CERTS of the shell sourcing them
 * plus the CA at `caPath`, and export it. Sourced again (NODE_EXTRA_CA_CERTS already the bundle), they add
 * the CA only if the bundle lacks it, so a restarted emulator's new CA joins the trust the shell had.
 */
export function trustBundleShellLines(bundlePath: string, caPath: string, caPem: string, quote: (value: string) => string): string[] {
    const bundle = quote(bundlePath);
    const ca = quote(caPath);
    // A line of the CA's base64 body: unique to this CA, so grep can tell whether the bundle holds it.
    const marker = quote(caPem.split("\n").find((line) => line.length >= 64 && !line.startsWith("-----")) ?? caPem.trim());
    return [
        "# NODE_EXTRA_CA_CERTS: the certificates this shell already trusts plus the emulator's CA, in one bundle",
        `if [ "\${NODE_EXTRA_CA_CERTS:-}" = ${bundle} ]; then`,
        `  grep -qxF ${marker} ${bundle} 2>/dev/null || { echo; cat ${ca}; } >> ${bundle}`,
        `elif [ -n "\${NODE_EXTRA_CA_CERTS:-}" ] && [ -r "$NODE_EXTRA_CA_CERTS" ]; then`,
        `  { cat "$NODE_EXTRA_CA_CERTS"; echo; cat ${ca}; } > ${bundle}`,
        "else",
        `  cat ${ca} > ${bundle}`,
        "fi",
        `export NODE_EXTRA_CA_CERTS=${bundle}`,
    ];
}

// ---- servers ----
// The emulator's HTTPS servers and every socket open on them, so that closing ends hung connections too.

export interface Tls {
    key: string;
    cert: string;
}

export class HttpsServers {
    private readonly servers: Server[] = [];
    private readonly sockets = new Set<Socket>();

    /** Starts a server; resolves with the port it listens on (`port` 0: any free one). */
    listen(tls: Tls, host: string, port: number, onRequest: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
        const server = createServer({ ...tls, keepAlive: true }, onRequest);
        server.on("connection", (socket: Socket) => {
            this.sockets.add(socket);
            socket.on("close", () => this.sockets.delete(socket));
        });
        server.on("tlsClientError", () => undefined); // e.g. a client that does not trust the CA
        this.servers.push(server);
        return new Promise((resolve, reject) => {
            server.once("error", reject);
            server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
        });
    }

    /** Stops listening and destroys every open socket; resolves when every server has closed. */
    close(): Promise<void> {
        const closed = Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
        for (const socket of this.sockets) socket.destroy();
        return closed.then(() => undefined);
    }
}

// ---- bodies and replies ----
// Reading a request body (with a size limit) and writing a Reply as JSON.

/** A request whose body has been read, as the handlers take it. */
export interface HttpRequest {
    method: string;
    /** Without the query string. */
    path: string;
    query: URLSearchParams;
    headers: IncomingHttpHeaders;
    body: Buffer;
}

/** An answer, as send() writes it. */
export interface Reply {
    status: number;
    headers?: Record<string, string>;
    /** JSON body; undefined for an empty body. */
    body?: unknown;
    errorCode?: string;
    /** Who asked, for the request log (set by the token endpoint: the client id). */
    caller?: string;
}

export const MAX_BODY_BYTES = 1024 * 1024;

/** The error readBody() rejects with when a body exceeds MAX_BODY_BYTES. */
export const BODY_TOO_LARGE = "BODY_TOO_LARGE";

export function readBody(req: IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY_BYTES) {
                req.removeAllListeners("data");
                req.resume();
                reject(Object.assign(new Error("body too large"), { code: BODY_TOO_LARGE }));
                return;
            }
            chunks.push(chunk);
        });
        req.on("end", () => resolve(Buffer.concat(chunks)));
        req.on("error", reject);
    });
}

/** Writes the reply; returns the headers it sent (undefined when the client was gone). */
export function send(res: ServerResponse, reply: Reply, base: Record<string, string>): Record<string, string> | undefined {
    if (res.destroyed) return undefined;
    const headers: Record<string, string> = { ...base, ...reply.headers };
    let payload: Buffer | undefined;
    if (reply.body !== undefined) {
        payload = Buffer.from(JSON.stringify(reply.body));
        headers["content-type"] = "application/json; charset=utf-8";
    }
    headers["content-length"] = String(payload?.length ?? 0);
    res.writeHead(reply.status, headers);
    res.end(payload);
    return headers;
}

// ---- waits ----
/** The requests the emulator keeps waiting (hung by a fault, or delayed by latency), so that stop() can end them at once. */
export class Waits {
    private readonly releases = new Set<() => void>();

    /** Keeps `release` until it runs or releaseAll() runs it; `release` must call forget(release) itself. */
    hold(release: () => void): void {
        this.releases.add(release);
    }

    forget(release: () => void): void {
        this.releases.delete(release);
    }

    sleep(ms: number): Promise<void> {
        return new Promise((resolve) => {
            const wake = () => {
                clearTimeout(timer);
                this.releases.delete(wake);
                resolve();
            };
            const timer = setTimeout(wake, ms);
            this.releases.add(wake);
        });
    }

    releaseAll(): void {
        for (const release of [...this.releases]) release();
    }
}
