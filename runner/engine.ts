/**
 * Finds the Pulumi engine the project's scripts provided and the environment it must run in offline:
 * file backend, passphrase secrets, no update check, no plugin downloads.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { completeEntry } from "./tools";

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

/** The @pulumi/pulumi version the project pins; the CLI must be the same version. */
export function pinnedPulumiVersion(): string {
    return JSON.parse(readFileSync(path.join(PROJECT_ROOT, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")).version;
}

/** Where the project looks for the engine, in order: PULUMI_ENGINE_BIN, the PATH, the tool cache's complete entry (runner/tools.ts). */
function engineCandidates(): string[] {
    const cached = completeEntry(PROJECT_ROOT, `pulumi-v${pinnedPulumiVersion()}`);
    return [process.env.PULUMI_ENGINE_BIN, ...(process.env.PATH ?? "").split(path.delimiter), cached && path.join(cached, "bin")].filter(
        (dir): dir is string => !!dir,
    );
}

/** The directory holding `pulumi` and the dynamic-provider host: enough for the Automation API's inline programs. */
export function engineBinDir(): string {
    const found = engineCandidates().find(
        (dir) => existsSync(path.join(dir, "pulumi")) && existsSync(path.join(dir, "pulumi-resource-pulumi-nodejs")),
    );
    if (!found) {
        throw new Error(
            "No Pulumi engine found: run scripts/ensure-engine.sh (npm test and npm run demo do) or put a " +
                `pulumi ${pinnedPulumiVersion()} and pulumi-resource-pulumi-nodejs on PATH.`,
        );
    }
    return found;
}

/**
 * The directory holding `pulumi`, the Node.js language host and the dynamic-provider host: what the plain CLI
 * needs to run a Pulumi.yaml project (`pulumi preview` in a terminal). Throws one line naming every place tried.
 */
export function cliBinDir(): string {
    const needed = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"];
    const candidates = engineCandidates();
    const found = candidates.find((dir) => needed.every((file) => existsSync(path.join(dir, file))));
    if (!found) {
        throw new Error(
            `No Pulumi CLI with a Node.js language host: none of ${[...new Set(candidates)].join(", ")} holds ` +
                `${needed.join(" + ")}; run scripts/ensure-engine.sh (npm test and npm run demo do).`,
        );
    }
    return found;
}

/**
 * Gives every engine run its own gRPC connections from the inline program to the engine.
 *
 * The SDK drops each run's monitor client without closing it, and grpc-js shares connections per address
 * process-wide. When a later run's engine happens to listen on a port an earlier one used, the new client
 * inherits the dead connection and the program's first call fails with "Resource monitor is terminating"
 * (UNAVAILABLE: No connection established. Last error: null). A local subchannel pool per client is
 * grpc-js's documented switch for that. The options object is SDK-internal, hence the guard: if it ever
 * moves, runs work as before, with the rare collision back.
 */
export function isolateEngineConnections(): void {
    const settings = require("@pulumi/pulumi/runtime/settings") as { grpcClientOptions?: Record<string, unknown> };
    if (settings.grpcClientOptions) settings.grpcClientOptions["grpc.use_local_subchannel_pool"] = 1;
}

const commands = new Map<string, Promise<PulumiCommand>>();

/** The engine's PulumiCommand, made once per process (making one runs `pulumi version`). */
export function pulumiCommand(): Promise<PulumiCommand> {
    const root = path.dirname(engineBinDir());
    let command = commands.get(root);
    if (!command) {
        command = PulumiCommand.get({ root });
        commands.set(root, command);
        command.catch(() => commands.delete(root));
    }
    return command;
}

/** Environment for the CLI and the plugins it starts (the provider host inherits it). */
export function engineEnv(backendDir: string, extra: Record<string, string> = {}, bin = engineBinDir()): Record<string, string> {
    return {
        PATH: [bin, path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
        PULUMI_BACKEND_URL: `file://${backendDir}`,
        PULUMI_HOME: path.join(backendDir, ".pulumi-home"),
        PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "local-emulator-passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "false",
        ...extra,
    };
}

/** Environment for the plain CLI running a Pulumi.yaml project: engineEnv with the language host's directory first on PATH. */
export function cliEnv(backendDir: string, extra: Record<string, string> = {}): Record<string, string> {
    return engineEnv(backendDir, extra, cliBinDir());
}
