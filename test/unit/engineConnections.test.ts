/**
 * The inline program reaches each run's engine through the SDK's gRPC client options. Engines listen on
 * ephemeral ports, so a later run can get a port an earlier run used; its connection must not inherit the
 * earlier, dead one (the failure CI once saw as "Resource monitor is terminating ... Last error: null").
 */
import { expect } from "chai";
import * as path from "node:path";
import { isolateEngineConnections } from "../../runner/engine";

// The SDK's own copies: the option only matters for the grpc-js the SDK's clients are built with.
const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [sdkDir] })) as typeof import("@grpc/grpc-js");
const resrpc = require("@pulumi/pulumi/proto/resource_grpc_pb");
const resproto = require("@pulumi/pulumi/proto/resource_pb");
const settings = require("@pulumi/pulumi/runtime/settings") as { grpcClientOptions: Record<string, unknown> };

function serveMonitor(port: number): Promise<{ server: InstanceType<typeof grpc.Server>; port: number }> {
    const server = new grpc.Server();
    server.addService(resrpc.ResourceMonitorService, {
        supportsFeature: (_call: unknown, done: (error: null, response: unknown) => void) =>
            done(null, new resproto.SupportsFeatureResponse()),
    });
    return new Promise((resolve, reject) =>
        server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
            error ? reject(error) : resolve({ server, port: bound }),
        ),
    );
}

/** A monitor client built the way the SDK builds one for each run. */
function monitorClient(port: number): any {
    return new resrpc.ResourceMonitorClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), settings.grpcClientOptions);
}

/** Resolves "ok" or the call's error message. */
function callMonitor(client: any): Promise<string> {
    return new Promise((resolve) =>
        client.supportsFeature(new resproto.SupportsFeatureRequest(), (error: Error | null) => resolve(error ? error.message : "ok")),
    );
}

describe("engine connections: a run whose engine reuses an earlier run's port", () => {
    it("reaches the new engine instead of inheriting the earlier run's dead connection", async () => {
        isolateEngineConnections();
        expect(settings.grpcClientOptions["grpc.use_local_subchannel_pool"]).to.equal(1);

        const first = await serveMonitor(0);
        const earlierRun = monitorClient(first.port);
        expect(await callMonitor(earlierRun)).to.equal("ok");
        first.server.forceShutdown();
        // The earlier run's client, never closed by the SDK, notices its engine is gone.
        expect(await callMonitor(earlierRun)).to.match(/UNAVAILABLE/);

        const second = await serveMonitor(first.port);
        try {
            expect(await callMonitor(monitorClient(second.port))).to.equal("ok");
        } finally {
            second.server.forceShutdown();
            earlierRun.close();
        }
    });
});
