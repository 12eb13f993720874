/**
 * A loopback HTTP server that answers each request with the next scripted reply and records what it saw.
 * For unit tests of the HTTP pipeline only; everything else runs against the emulator.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface SeenRequest {
    method: string;
    url: string;
    headers: http.IncomingHttpHeaders;
    body: string;
    /** Date.now() when the request arrived. */
    at: number;
}

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | { reset: true } | { hang: true };

export class ScriptedServer {
    readonly seen: SeenRequest[] = [];
    private readonly server: http.Server;
    private readonly sockets = new Set<import("node:net").Socket>();
    private script: Reply[] = [];
    fallback: Reply = { status: 200, body: {} };

    constructor() {
        this.server = http.createServer((req, res) => {
            let body = "";
            req.on("data", (chunk) => (body += chunk));
            req.on("end", () => {
                this.seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, at: Date.now() });
                const reply = this.script.shift() ?? this.fallback;
                if ("reset" in reply) return req.socket.destroy();
                if ("hang" in reply) return;
                res.writeHead(reply.status, { "Content-Type": "application/json", ...reply.headers });
                res.end(reply.body === undefined ? "" : JSON.stringify(reply.body));
            });
        });
        this.server.on("connection", (socket) => {
            this.sockets.add(socket);
            socket.on("close", () => this.sockets.delete(socket));
        });
    }

    async start(): Promise<string> {
        await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
        return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    reply(...replies: Reply[]): void {
        this.script.push(...replies);
    }

    async stop(): Promise<void> {
        for (const socket of this.sockets) socket.destroy();
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }
}
