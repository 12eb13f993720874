/**
 * A CSP's own Pulumi project in a temporary directory outside the repository, driven the way its user
 * drives it: shell commands (npm, pnpm, npx, the plain `pulumi` CLI with its Node.js language host) run in
 * that directory. Every project has its own file backend and PULUMI_HOME; the engine never downloads a
 * plugin and never checks for updates. npm's cache and pnpm's store are shared by every project and kept
 * between runs (in the tool cache, runner/tools.ts), so only the first run downloads packages.
 */
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { engineEnv, PROJECT_ROOT } from "../../runner/engine";
import { ensuredTool, toolsDir } from "../../runner/tools";
import { runCommand, type CommandResult } from "../support/processes";
import { oncePerRun } from "../support/sharedPack";

/**
 * The shared caches, by their real path: npm 11 fails a git install of this package ("Cannot read properties
 * of null (reading 'parent')") when its cache path goes through a symlink (e.g. a .tools linked to the
 * machine's cache), because it clones into the cache and then cannot place the package's self-link devDependency.
 */
export function cacheDir(): string {
    const dir = path.join(toolsDir(PROJECT_ROOT), "user-suite-cache");
    mkdirSync(dir, { recursive: true });
    return realpathSync(dir);
}

/** The pinned pnpm's bin directory, installed by the project's script if missing. */
export function pnpmBinDir(): string {
    return ensuredTool(PROJECT_ROOT, "pnpm");
}

/** A temporary directory outside the repository, removed by `dispose`. */
export function scratchDir(label: string): string {
    return mkdtempSync(path.join(tmpdir(), `azs-user-${label}-`));
}

export class UserProject {
    readonly dir: string;
    private readonly root: string;
    /** For npm and pnpm: the machine's own environment (its registry and CA settings), the shared caches. */
    private readonly installEnv: NodeJS.ProcessEnv;
    /** For pulumi and the package's CLI: that, plus the offline engine's settings and the emulator's. */
    private readonly env: NodeJS.ProcessEnv;
    /** Everything the commands printed, for failure messages. */
    transcript = "";

    constructor(label: string, extraPath: string[], azureEnv: Record<string, string>) {
        this.root = scratchDir(label);
        this.dir = path.join(this.root, "contoso-mappings");
        mkdirSync(this.dir);
        const state = path.join(this.root, "state");
        mkdirSync(state);
        const engine = engineEnv(state, { PULUMI_CONFIG_PASSPHRASE: "user-suite-passphrase" });
        const caches = cacheDir();
        this.installEnv = {
            ...process.env,
            PATH: [...extraPath, path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
            npm_config_cache: path.join(caches, "npm"),
            npm_config_update_notifier: "false",
            npm_config_fund: "false",
            npm_config_audit: "false",
            pnpm_config_store_dir: path.join(caches, "pnpm-store"),
            pnpm_config_update_notifier: "false",
            PNPM_HOME: path.join(this.root, "pnpm-home"),
        };
        this.env = { ...this.installEnv, ...engine, ...azureEnv, PATH: [...extraPath, engine.PATH].join(path.delimiter) };
    }

    write(file: string, text: string): void {
        writeFileSync(path.join(this.dir, file), text.endsWith("\n") ? text : `${text}\n`);
    }

    read(file: string): string {
        return readFileSync(path.join(this.dir, file), "utf8");
    }

    /** Runs a command line with bash in the project directory, as a user types it. */
    async sh(commandLine: string, purpose: "run" | "install" = "run"): Promise<CommandResult> {
        const env = purpose === "install" ? this.installEnv : this.env;
        const result = await runCommand("bash", ["-c", commandLine], { cwd: this.dir, env });
        this.transcript += `$ ${commandLine}\n${result.stdout}${result.stderr}[exit ${result.code}]\n`;
        return result;
    }

    /** Runs a command line that must succeed; its output otherwise becomes the error. */
    async ok(commandLine: string, purpose: "run" | "install" = "run"): Promise<string> {
        const result = await this.sh(commandLine, purpose);
        if (result.code !== 0) throw new Error(`\`${commandLine}\` exited with ${result.code}:\n${result.stdout}\n${result.stderr}`);
        return result.stdout + result.stderr;
    }

    /**
     * Runs an npm install command here, verbatim, unless a project of this `npm test` run (in this suite process
     * or another, sharedPack.ts oncePerRun) already ran the same command on the same files (`inputs`, e.g. the
     * tarball it installs, which this project's directory holds too): then this project gets a copy of what it
     * wrote, package.json, package-lock.json and node_modules, as the same command would write the same files.
     * An install costs about 11 s of CPU; a copy under 1 s.
     */
    async installOncePerRun(commandLine: string, inputs: string[]): Promise<void> {
        const key = createHash("sha256").update(commandLine);
        for (const file of inputs) key.update("\0").update(readFileSync(file));
        let ranHere = false;
        const installed = await oncePerRun(path.join("installs", key.digest("hex").slice(0, 16)), async (dir) => {
            await this.ok(commandLine, "install");
            ranHere = true;
            copyInstall(this.dir, dir);
            return dir;
        });
        if (!ranHere) copyInstall(installed, this.dir);
    }

    dispose(): void {
        rmSync(this.root, { recursive: true, force: true });
    }
}

/** Copies what an npm install wrote in the directory `from` (package.json, package-lock.json, node_modules) to `to`. */
function copyInstall(from: string, to: string): void {
    for (const entry of ["package.json", "package-lock.json", "node_modules"])
        cpSync(path.join(from, entry), path.join(to, entry), { recursive: true, verbatimSymlinks: true });
}
