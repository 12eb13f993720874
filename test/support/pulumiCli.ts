/**
 * Runs a `pulumi` command line as written (e.g. taken from a CI workflow) against an EngineStack, with the
 * stack's program served inline. The Automation API's Stack methods cannot pass flags it does not model
 * (`--json`), so this does what its `preview` does for inline programs: serve the program with the SDK's
 * language server and hand the CLI its address (`--client`, `--exec-kind inline`). Everything else is the
 * command line it is given, run by the project's engine in the stack's work directory and environment.
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as Grpc from "@grpc/grpc-js";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { tenantMappingsStack } from "../../program/stack";
import { engineBinDir } from "../../runner/engine";
import { runCommand } from "./commands";
import type { EngineStack } from "./engineStack";

// SDK-internal modules (no public types), resolved from the SDK: the ones Stack.preview uses for an inline program.
const requireFromSdk = createRequire(require.resolve("@pulumi/pulumi"));
const grpc = requireFromSdk("@grpc/grpc-js") as typeof Grpc;
const { LanguageServer } = requireFromSdk("./automation/server") as {
    LanguageServer: new (program: PulumiFn) => { onPulumiExit(hasError: boolean): void };
};
const languageService = requireFromSdk("./proto/language_grpc_pb").LanguageRuntimeService as Grpc.ServiceDefinition;
const { grpcChannelOptions } = requireFromSdk("./runtime/settings") as { grpcChannelOptions: Grpc.ServerOptions };

export interface CliResult {
    stdout: string;
    stderr: string;
    exitCode: number;
}

/** Runs `pulumi <args>` for the stack; never throws on a non-zero exit code (the caller asserts it). */
export async function runPulumiCli(stack: EngineStack, args: string[],
    options: { program?: PulumiFn; env?: Record<string, string> } = {}): Promise<CliResult> {
    const program = options.program ?? tenantMappingsStack;
    const server = new grpc.Server({ ...grpcChannelOptions });
    const languageServer = new LanguageServer(program);
    server.addService(languageService, languageServer as unknown as Grpc.UntypedServiceImplementation);
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
    try {
        const result = await spawnCli(stack, [...args, "--non-interactive", `--client=127.0.0.1:${port}`, "--exec-kind", "inline"],
            options.env ?? {});
        languageServer.onPulumiExit(result.exitCode !== 0);
        return result;
    } finally {
        server.forceShutdown();
    }
}

async function spawnCli(stack: EngineStack, args: string[], env: Record<string, string>): Promise<CliResult> {
    const { code, stdout, stderr } = await runCommand(path.join(engineBinDir(), "pulumi"), args, {
        cwd: stack.workDir, env: { ...process.env, ...stack.stack.workspace.envVars, ...env },
    });
    stack.output += stdout + stderr;
    return { stdout, stderr, exitCode: code };
}
