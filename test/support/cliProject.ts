/**
 * A Pulumi project driven by the plain CLI, as a user drives it: `pulumi …` (or a whole shell command line) in
 * the project's directory, the Node.js language host starting the program named by Pulumi.yaml. Each project
 * gets its own file backend and PULUMI_HOME under .e2e-work/, the passphrase, no update check, no plugin
 * downloads (runner/engine.ts cliEnv), and the Azure settings it is given (e.g. the emulator's clientEnv()).
 */
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { cliBinDir, cliEnv, PROJECT_ROOT } from "../../runner/engine";
import { CONFIG_NAMESPACE } from "../../program/declarations";
import { runCommand, type CommandResult } from "./processes";
import type { StackData } from "./engineStack";

let counter = 0;

export class CliProject {
    readonly backendDir: string;
    /** Everything the CLI printed, across commands (for failure messages). */
    output = "";

    /**
     * @param dir the project's directory (holds Pulumi.yaml; stack config files are written here)
     * @param workDir this project's scratch directory: backend and PULUMI_HOME
     * @param azureEnv credentials and endpoints the program and the provider get
     */
    constructor(
        readonly dir: string,
        readonly workDir: string,
        private readonly azureEnv: Record<string, string>,
    ) {
        this.backendDir = path.join(workDir, "backend");
        mkdirSync(this.backendDir, { recursive: true });
        cliBinDir(); // no language host: fail here, saying where it was looked for
    }

    /** A scratch directory under .e2e-work/ (inside the project, so programs and the provider host resolve this package). */
    static workDir(name: string): string {
        const dir = path.join(PROJECT_ROOT, ".e2e-work", `${name}-${process.pid}-${++counter}`);
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        return dir;
    }

    /**
     * The root project as a CSP's clone of this repository has it: the repository's Pulumi.yaml, unchanged, and
     * the compiled program its `main` names (dist/, linked), in a directory of its own so the stack config files
     * this test writes stay out of the repository. Projects given the same `workDir` share its backend.
     */
    static rootProject(name: string, azureEnv: Record<string, string>, workDir = CliProject.workDir(name)): CliProject {
        const dir = path.join(workDir, "project");
        mkdirSync(dir);
        writeFileSync(path.join(dir, "Pulumi.yaml"), readFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml")));
        symlinkSync(path.join(PROJECT_ROOT, "dist"), path.join(dir, "dist"));
        return new CliProject(dir, workDir, azureEnv);
    }

    /**
     * The environment every command of this project runs with. In a project inside this clone (the root project,
     * the examples), `npx` sees the clone's package.json and its self-link devDependency; it runs the link's
     * `prepare`, which scripts/prepare.sh skips there (test/unit/prepare.test.ts): dist/ is not rewritten under
     * the suites running beside this one.
     */
    env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
        return { ...process.env, ...cliEnv(this.backendDir, this.azureEnv), ...extra };
    }

    /** `pulumi <args>` in the project's directory; never throws on a non-zero exit code (the caller asserts it). */
    async pulumi(args: string[], extraEnv: Record<string, string> = {}): Promise<CommandResult> {
        return this.record(await runCommand(path.join(cliBinDir(), "pulumi"), args, { cwd: this.dir, env: this.env(extraEnv) }));
    }

    /** A command line run by bash exactly as written, in the project's directory, with `pulumi` on PATH. */
    async bash(line: string, extraEnv: Record<string, string> = {}): Promise<CommandResult> {
        return this.record(await runCommand("bash", ["-c", line], { cwd: this.dir, env: this.env(extraEnv) }));
    }

    /** `pulumi <args>` that must succeed; returns its stdout. */
    async pulumiOk(args: string[], extraEnv: Record<string, string> = {}): Promise<string> {
        const result = await this.pulumi(args, extraEnv);
        if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited with ${result.code}:\n${result.stdout}\n${result.stderr}`);
        return result.stdout;
    }

    /** `pulumi stack init <stack>`, then the given config written into Pulumi.<stack>.yaml (beside the salt the CLI put there). */
    async initStack(stack: string, config: Record<string, unknown> = {}): Promise<void> {
        await this.pulumiOk(["stack", "init", stack]);
        this.setConfig(stack, config);
    }

    /** Replaces the config of Pulumi.<stack>.yaml, as a commit to the stack's config would. */
    setConfig(stack: string, config: Record<string, unknown>): void {
        const file = this.stackConfigFile(stack);
        const settings = parseYaml(readFileSync(file, "utf8")) ?? {};
        writeFileSync(file, stringifyYaml({ ...settings, config }));
    }

    stackConfigFile(stack: string): string {
        return path.join(this.dir, `Pulumi.${stack}.yaml`);
    }

    /** The stack's outputs (`pulumi stack output --json`). */
    async outputs(stack: string): Promise<Record<string, any>> {
        return JSON.parse(await this.pulumiOk(["stack", "output", "--json", "--stack", stack]));
    }

    /** The file backend's checkpoint of a stack, as text. */
    stateText(stack: string): string {
        const project = parseYaml(readFileSync(path.join(this.dir, "Pulumi.yaml"), "utf8")).name;
        return readFileSync(path.join(this.backendDir, ".pulumi", "stacks", project, `${stack}.json`), "utf8");
    }

    dispose(): void {
        rmSync(this.workDir, { recursive: true, force: true });
    }

    private record(result: CommandResult): CommandResult {
        this.output += result.stdout + result.stderr;
        return result;
    }
}

/** The root stack's config for the registrations and tenants given. */
export function rootStackConfig(data: StackData): Record<string, unknown> {
    return { [`${CONFIG_NAMESPACE}:registrations`]: data.registrations, [`${CONFIG_NAMESPACE}:tenants`]: data.tenants };
}

let stackCounter = 0;

/** A stack of a project that lives in this repository (an example), in the project's own directory. */
export class ExampleStack {
    readonly name = `e2e-${process.pid}-${++stackCounter}`;

    constructor(readonly project: CliProject) {}

    /** `pulumi <args> --stack <this stack>`, which must succeed; returns its stdout. */
    ok(...args: string[]): Promise<string> {
        return this.project.pulumiOk([...args, "--stack", this.name]);
    }

    /** `pulumi <args> --stack <this stack>`, whatever its exit code. */
    run(...args: string[]): Promise<CommandResult> {
        return this.project.pulumi([...args, "--stack", this.name]);
    }

    outputs(): Promise<Record<string, any>> {
        return this.project.outputs(this.name);
    }

    dispose(): void {
        rmSync(this.project.stackConfigFile(this.name), { force: true });
        this.project.dispose();
    }
}
