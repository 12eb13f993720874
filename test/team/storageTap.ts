/**
 * One runner's own network path to the storage account: a loopback HTTP forwarder in front of Azurite that
 * records every request it carries. Runners on separate machines reach the same account over separate
 * connections; giving each runner its own tap is what lets the suite say which runner sent what (Azurite's
 * access log cannot tell two Pulumi CLIs apart). It forwards bytes unchanged, headers and signature included.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { StorageRequest } from "../../scripts/azurite";

export class StorageTap {
    readonly requests: StorageRequest[] = [];
    private readonly server: http.Server;

    constructor(private readonly targetPort: number) {
        this.server = http.createServer((req, res) => {
            const upstream = http.request(
                { host: "127.0.0.1", port: this.targetPort, method: req.method, path: req.url, headers: req.headers },
                (answer) => {
                    this.requests.push({ method: req.method ?? "?", url: req.url ?? "", status: answer.statusCode ?? 0 });
                    res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
                    answer.pipe(res);
                },
            );
            upstream.on("error", () => {
                this.requests.push({ method: req.method ?? "?", url: req.url ?? "", status: 0 });
                res.destroy();
            });
            req.pipe(upstream);
        });
    }

    async start(): Promise<this> {
        await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
        return this;
    }

    /** host:port, the `domain` of the runner's backend URL. */
    get domain(): string {
        return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    /** Requests that change the account: anything but reads (GET, HEAD). */
    writes(): StorageRequest[] {
        return this.requests.filter((r) => r.method !== "GET" && r.method !== "HEAD");
    }

    clear(): void {
        this.requests.length = 0;
    }

    stop(): Promise<void> {
        this.server.closeAllConnections();
        return new Promise((resolve) => this.server.close(() => resolve()));
    }
}
