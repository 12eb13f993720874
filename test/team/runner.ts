/**
 * A CI runner or a colleague's laptop: its own checkout of the repository (a temporary directory), its own
 * PULUMI_HOME, its own path to the storage account (StorageTap), and the plain `pulumi` CLI with the Node.js
 * language host running the root project as Pulumi.yaml declares it. Runners share nothing but the backend
 * (and Azure, the emulator).
 *
 * The checkout holds Pulumi.yaml as the repository has it and the stack's Pulumi.<stack>.yaml; `dist/`
 * (the compiled program `main` names) and `node_modules/` are links to this clone's, standing in for
 * `npm ci && npm run build` on the runner.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { engineBinDir, PROJECT_ROOT } from "../../runner/engine";
import { runCommand, type CommandResult } from "../support/processes";
import { commandLine, descendants } from "../reliability/harness";

export interface RunningCommand {
    done: Promise<CommandResult>;
}

export class Runner {
    readonly root: string;
    readonly workDir: string;
    readonly home: string;

    /** @param env the runner's environment: backend URL and storage credentials, passphrase, Azure credentials */
    constructor(
        readonly name: string,
        private readonly env: Record<string, string>,
    ) {
        this.root = mkdtempSync(path.join(os.tmpdir(), `team-${name}-`));
        this.workDir = path.join(this.root, "repo");
        this.home = path.join(this.root, "pulumi-home");
        mkdirSync(this.workDir);
        mkdirSync(this.home);
        copyFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), path.join(this.workDir, "Pulumi.yaml"));
        for (const linked of ["dist", "node_modules"]) symlinkSync(path.join(PROJECT_ROOT, linked), path.join(this.workDir, linked));
    }

    /** Pulls the stack config the repository holds (`Pulumi.<stack>.yaml`), as `git pull` would. */
    checkout(stack: string, configText: string): void {
        writeFileSync(path.join(this.workDir, `Pulumi.${stack}.yaml`), configText);
    }

    readFile(name: string): string {
        return readFileSync(path.join(this.workDir, name), "utf8");
    }

    /** The environment every command of this runner gets (PATH with the engine and Node first). */
    environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
        return {
            ...process.env,
            PATH: [engineBinDir(), path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
            PULUMI_HOME: this.home,
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            ...this.env,
            ...extra,
        };
    }

    /** Starts `pulumi <args>` (non-interactive); `done` settles when it ends, with what it printed. */
    start(args: string[], extra: Record<string, string> = {}): RunningCommand {
        return this.spawn("pulumi", [...args, "--non-interactive"], extra);
    }

    pulumi(args: string[], extra: Record<string, string> = {}): Promise<CommandResult> {
        return this.start(args, extra).done;
    }

    /** A shell script in the checkout, run as GitHub Actions runs a `shell: bash` step. */
    bash(script: string, extra: Record<string, string> = {}): Promise<CommandResult> {
        return this.spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], extra).done;
    }

    private spawn(file: string, args: string[], extra: Record<string, string>): RunningCommand {
        const done = runCommand(file, args, { cwd: this.workDir, env: this.environment(extra) }).then((result) => {
            this.endLeftovers();
            return result;
        });
        return { done };
    }

    /**
     * The runner dies (a CI machine lost, an OOM kill): SIGKILL to its `pulumi` CLI and every process below
     * it (language host, program, dynamic-provider host) at once. Returns how many processes it killed.
     */
    die(): number {
        const cli = descendants(process.pid).find((pid) => /(^|\/)pulumi$/.test(commandLine(pid)[0] ?? "") && cwdOf(pid) === this.workDir);
        if (cli === undefined) throw new Error(`runner ${this.name} runs no pulumi command`);
        const tree = [cli, ...descendants(cli)];
        for (const pid of tree) {
            try {
                process.kill(pid, "SIGKILL");
            } catch {
                // already gone
            }
        }
        return tree.length;
    }

    /**
     * Ends every process of this runner (the ones with its PULUMI_HOME): a `pulumi` that fails early (e.g. at
     * the backend) can leave its language host running, reparented and in a process group of its own, and a
     * case that fails while a command runs leaves that command running into the next case.
     */
    endLeftovers(): void {
        const marker = `\0PULUMI_HOME=${this.home}\0`;
        for (const entry of readdirSync("/proc")) {
            if (!/^\d+$/.test(entry)) continue;
            try {
                if (`\0${readFileSync(`/proc/${entry}/environ`, "latin1")}`.includes(marker)) process.kill(Number(entry), "SIGKILL");
            } catch {
                // gone meanwhile, or not ours to read
            }
        }
    }

    dispose(): void {
        // The links first, so nothing of this clone is followed.
        for (const entry of readdirSync(this.workDir))
            if (entry === "dist" || entry === "node_modules") rmSync(path.join(this.workDir, entry));
        rmSync(this.root, { recursive: true, force: true });
    }
}

function cwdOf(pid: number): string | undefined {
    try {
        return readlinkSync(`/proc/${pid}/cwd`);
    } catch {
        return undefined;
    }
}
