/** Reading a request body (with a size limit) and writing a Reply as JSON. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Reply } from "./arm.js";

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
