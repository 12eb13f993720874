/**
 * Messages for the person running Pulumi, attached to a resource: the engine's own Log call with the
 * resource's URN, so `pulumi preview` and `up` print them under that resource. A provider plugin is given the
 * engine's address when it starts; the Node.js dynamic-provider host is started with it as its first
 * argument but hands its providers no URN, so the dynamic resource passes its own (resource.ts, `__urn`).
 * Without an address or a URN the line goes to stderr, which the engine shows under the stack.
 */
import type { Client } from "@grpc/grpc-js";

interface EngineClient extends Client {
    log(request: unknown, callback: (error: Error | null) => void): void;
}

export type Severity = "info" | "warning";

export class EngineLog {
    private client?: EngineClient;

    constructor(private address: string | undefined) {}

    /** Logs `message` on the resource `urn`; falls back to stderr when the engine cannot be reached. */
    async log(severity: Severity, message: string, urn: string | undefined): Promise<void> {
        const client = urn ? this.connect() : undefined;
        if (client && urn) {
            try {
                await new Promise<void>((resolve, reject) =>
                    client.log(this.request(severity, message, urn), (e) => (e ? reject(e) : resolve())),
                );
                return;
            } catch {
                // The engine went away or does not know the URN: say it on stderr instead.
            }
        }
        process.stderr.write(`azurestack-tenant-mappings: ${severity === "warning" ? "warning: " : ""}${message}\n`);
    }

    close(): void {
        this.client?.close();
        this.client = undefined;
    }

    private connect(): EngineClient | undefined {
        if (this.client || !this.address) return this.client;
        try {
            /* eslint-disable @typescript-eslint/no-require-imports */
            const grpc = require("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
            const { EngineClient } = require("@pulumi/pulumi/proto/engine_grpc_pb");
            /* eslint-enable @typescript-eslint/no-require-imports */
            this.client = new EngineClient(this.address, grpc.credentials.createInsecure()) as EngineClient;
        } catch {
            this.address = undefined;
        }
        return this.client;
    }

    private request(severity: Severity, message: string, urn: string): unknown {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const engine = require("@pulumi/pulumi/proto/engine_pb");
        const request = new engine.LogRequest();
        request.setSeverity(severity === "warning" ? engine.LogSeverity.WARNING : engine.LogSeverity.INFO);
        request.setMessage(message);
        request.setUrn(urn);
        return request;
    }
}

/** The engine address the Node.js dynamic-provider host was started with, when this process is that host. */
export function dynamicHostEngineAddress(): string | undefined {
    const script = require.main?.filename ?? "";
    const address = process.argv[2];
    return /[\\/]cmd[\\/]dynamic-provider[\\/]index\.js$/.test(script) && address && /^[\w.[\]:-]+:\d+$/.test(address)
        ? address
        : undefined;
}
