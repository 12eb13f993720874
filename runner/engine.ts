/**
 * Finds the Pulumi engine the project's scripts provided and the environment it must run in offline:
 * file backend, passphrase secrets, no update check, no plugin downloads.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { PulumiCommand } from "@pulumi/pulumi/automation";

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

/** The @pulumi/pulumi version the project pins; the CLI must be the same version. */
export function pinnedPulumiVersion(): string {
    return JSON.parse(readFileSync(path.join(PROJECT_ROOT, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")).version;
}

/** The directory holding `pulumi`: PULUMI_ENGINE_BIN, the PATH, or the project's version-keyed cache. */
export function engineBinDir(): string {
    const candidates = [
        process.env.PULUMI_ENGINE_BIN,
        ...(process.env.PATH ?? "").split(path.delimiter),
        path.join(PROJECT_ROOT, ".tools", `pulumi-v${pinnedPulumiVersion()}`, "bin"),
    ].filter((dir): dir is string => !!dir);
    const found = candidates.find((dir) => existsSync(path.join(dir, "pulumi")) && existsSync(path.join(dir, "pulumi-resource-pulumi-nodejs")));
    if (!found) {
        throw new Error("No Pulumi engine found: run scripts/ensure-engine.sh (npm test and npm run demo do) or put a " +
            `pulumi ${pinnedPulumiVersion()} and pulumi-resource-pulumi-nodejs on PATH.`);
    }
    return found;
}

export async function pulumiCommand(): Promise<PulumiCommand> {
    return PulumiCommand.get({ root: path.dirname(engineBinDir()) });
}

/** Environment for the CLI and the plugins it starts (the provider host inherits it). */
export function engineEnv(backendDir: string, extra: Record<string, string> = {}): Record<string, string> {
    const bin = engineBinDir();
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
