/**
 * The real Azure clients for the client suite: the pinned venv that scripts/ensure-azure-clients.sh makes
 * (installed on first use, cached; `npm test` runs the script before the suites), and the environment that
 * points them at an emulator with nothing but its CA trusted and instance discovery off.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RunningEmulator } from "../../emulator/index.js";
import { outputOf } from "../support/processes.js";

export const ROOT = join(__dirname, "..", "..", "..");

let binDir: string | undefined;

/** The venv's bin directory (az, python). Fails with the installer's message when it cannot be installed: never skips. */
export function azureClientsBin(): string {
    if (binDir) return binDir;
    try {
        binDir = outputOf(join(ROOT, "scripts", "ensure-azure-clients.sh"), [], {
            stdio: ["ignore", "pipe", "pipe"],
            timeoutMs: 20 * 60_000,
        })
            .trim()
            .split("\n")
            .pop()!;
    } catch (err) {
        const e = err as { stderr?: string; message: string };
        throw new Error(
            `the client suite needs the real Azure CLI and Python SDK, and scripts/ensure-azure-clients.sh could not provide them:\n${e.stderr ?? e.message}`,
        );
    }
    return binDir;
}

/**
 * The environment a user has after `source`-ing the emulator's env file and trusting its CA for Python
 * (REQUESTS_CA_BUNDLE), plus a private az configuration directory and no telemetry or survey prompts.
 */
export function clientEnvironment(emu: RunningEmulator, azureConfigDir: string, clientId?: string): NodeJS.ProcessEnv {
    return {
        PATH: `${azureClientsBin()}:${process.env.PATH ?? ""}`,
        HOME: process.env.HOME,
        LANG: "C.UTF-8",
        ...emu.clientEnv(clientId),
        REQUESTS_CA_BUNDLE: emu.caCertPath,
        AZURE_CONFIG_DIR: azureConfigDir,
        AZURE_CORE_COLLECT_TELEMETRY: "false",
        AZURE_CORE_SURVEY_MESSAGE: "false",
        AZURE_CORE_NO_COLOR: "true",
    };
}

/** The first fenced block of `lang` after the heading `heading` in docs/emulator.md, verbatim. */
export function docBlock(heading: string, lang: string): string {
    const doc = readFileSync(join(ROOT, "docs", "emulator.md"), "utf8");
    const at = doc.indexOf(`\n${heading}\n`);
    if (at < 0) throw new Error(`docs/emulator.md has no heading "${heading}"`);
    const block = new RegExp("```" + lang + "\\n([\\s\\S]*?)```").exec(doc.slice(at));
    if (!block) throw new Error(`docs/emulator.md has no \`\`\`${lang} block after "${heading}"`);
    return block[1]!;
}
