/** The emulator's HTTPS servers and every socket open on them, so that closing ends hung connections too. */
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

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
