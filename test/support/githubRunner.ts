/**
 * A GitHub Actions job run on this machine the way GitHub's runner runs it, step by step:
 * - a `run:` step is written to a file and run by bash exactly as written, with GitHub's Linux defaults
 *   (`shell: bash` is `bash --noprofile --norc -eo pipefail {0}`, no `shell:` is `bash -e {0}`), in the
 *   job's workspace, with the workflow's, the job's and the step's `env` (`vars.*`, `secrets.*`, `github.*`
 *   filled in from the test's tables: an unknown name fails loudly) over the runner machine's environment;
 * - `if:` decides whether a step runs (the status functions and `hashFiles` of the expressions the
 *   workflows use; anything else fails loudly);
 * - a `uses:` step runs through the handler the test gives for that action, since no Actions runtime runs
 *   here (e.g. pulumi/actions as the CLI command it stands for); an action without a handler fails loudly;
 * - GitHub's own variables: CI, GITHUB_WORKSPACE, GITHUB_STEP_SUMMARY, and ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN
 *   only when the job's permissions grant `id-token: write`, as GitHub does;
 * - artifacts: one store per test (a directory), by run id and artifact name, which the upload and download
 *   stand-ins share across the jobs and workflows of a test.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { runCommand, type CommandResult } from "./processes";

export interface Step {
    name?: string;
    if?: string;
    uses?: string;
    run?: string;
    shell?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
    "working-directory"?: string;
    "continue-on-error"?: boolean;
}

export interface Job {
    if?: string;
    permissions?: Record<string, string>;
    env?: Record<string, string>;
    steps: Step[];
}

export interface Workflow {
    on: Record<string, unknown>;
    permissions?: Record<string, string>;
    env?: Record<string, string>;
    jobs: Record<string, Job>;
}

/**
 * What a runner machine's network needs from this machine's environment: its proxies and the certificate
 * authorities it trusts (a registry reached through a TLS-inspecting proxy fails every install without them).
 */
export function machineNetworkEnv(): Record<string, string> {
    const names = [
        "HTTPS_PROXY",
        "HTTP_PROXY",
        "NO_PROXY",
        "https_proxy",
        "http_proxy",
        "no_proxy",
        "NODE_EXTRA_CA_CERTS",
        "SSL_CERT_FILE",
        "SSL_CERT_DIR",
    ];
    return Object.fromEntries(names.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]!]));
}

export function readWorkflow(file: string): Workflow {
    return parseYaml(readFileSync(file, "utf8")) as Workflow;
}

/** The values `${{ vars.X }}`, `${{ secrets.X }}` and `${{ github.X }}` stand for in this run (github: by dotted path, e.g. `event.pull_request.number` or `event.workflow_run.pull_requests[0].number`). */
export interface Contexts {
    vars: Record<string, string>;
    secrets: Record<string, string>;
    github: Record<string, string>;
}

export interface StepRun extends CommandResult {
    label: string;
    outcome: "success" | "failure" | "skipped";
}

/** What a `uses:` step does here. Its inputs come with `${{ … }}` already filled in. */
export type ActionHandler = (inputs: Record<string, unknown>, step: Step, job: JobRun) => Promise<CommandResult>;

export interface JobRunOptions {
    workflow: Workflow;
    job: string;
    /** The checkout directory (GITHUB_WORKSPACE). */
    workspace: string;
    contexts: Contexts;
    /** The runner machine's environment (PATH, HOME, …), below everything the workflow sets. */
    machineEnv: Record<string, string>;
    /** GitHub's OIDC token service, handed to the job when it may ask for tokens. */
    idTokenService: { url: string; requestToken: string };
    /** Handlers by action name without the version (`pulumi/actions`); the version must be the one given. */
    actions: Record<string, { version: string; run: ActionHandler }>;
    /** Where uploaded artifacts are kept (by run id, then name), for jobs that upload or download them. */
    artifactStore?: string;
}

export class JobRun {
    /** Directories the actions put first on PATH (a tool they installed), for the steps after them. */
    readonly addedPath: string[] = [];
    readonly runs: StepRun[] = [];
    /** The job's own `if:` was false: GitHub skips the whole job. */
    skippedJob = false;
    readonly summaryFile: string;
    private readonly tempDir: string;

    constructor(private readonly options: JobRunOptions) {
        this.tempDir = path.join(path.dirname(options.workspace), `runner-temp-${path.basename(options.workspace)}`);
        mkdirSync(this.tempDir, { recursive: true });
        this.summaryFile = path.join(this.tempDir, `step-summary-${Date.now()}.md`);
        writeFileSync(this.summaryFile, "");
    }

    get workspace(): string {
        return this.options.workspace;
    }

    get steps(): Step[] {
        return this.options.workflow.jobs[this.options.job].steps;
    }

    /** The job's permissions: its own, else the workflow's. */
    get permissions(): Record<string, string> {
        return this.options.workflow.jobs[this.options.job].permissions ?? this.options.workflow.permissions ?? {};
    }

    /** The directory holding the files of artifact `name` of run `runId`. */
    artifactDir(runId: string, name: string): string {
        if (!this.options.artifactStore) throw new Error("the workflow uses artifacts, which this test's runner has no store for");
        return path.join(this.options.artifactStore, runId, name);
    }

    /** Whether GitHub runs the job: its own `if:`, when it has one. */
    runsJob(): boolean {
        const jobIf = this.options.workflow.jobs[this.options.job].if;
        return jobIf === undefined || this.evaluate(jobIf);
    }

    /** The value of `vars.X`, `secrets.X` or `github.a.b`; a name the test does not set up fails loudly. */
    lookup(reference: string): string {
        const [kind, ...rest] = reference.split(".");
        const table = this.options.contexts[kind as keyof Contexts];
        const name = rest.join(".");
        if (!table || !(name in table)) throw new Error(`the workflow uses ${reference}, which this test does not set up`);
        return table[name];
    }

    /** Fills in `${{ vars.X }}`, `${{ secrets.X }}`, `${{ github.X }}` (`github.a.b[0].c` too). */
    expand(value: unknown): string {
        return String(value)
            .replace(/\$\{\{\s*((?:vars|secrets|github)\.[\w.[\]]+)\s*\}\}/g, (_, reference: string) => this.lookup(reference))
            .replace(/\$\{\{[^}]*\}\}/g, (expression) => {
                throw new Error(`the workflow uses ${expression}, which this test's runner does not evaluate`);
            });
    }

    /** The environment of a step: the machine's, GitHub's variables, then the workflow's, the job's and the step's `env`. */
    env(step: Step): Record<string, string> {
        const { workflow, job, machineEnv, idTokenService, contexts } = this.options;
        const declared = { ...workflow.env, ...workflow.jobs[job].env, ...step.env };
        const env: Record<string, string> = {
            ...machineEnv,
            PATH: [...this.addedPath, machineEnv.PATH].join(path.delimiter),
            CI: "true",
            GITHUB_ACTIONS: "true",
            GITHUB_WORKSPACE: this.workspace,
            GITHUB_STEP_SUMMARY: this.summaryFile,
            GITHUB_REPOSITORY: contexts.github.repository ?? "",
            GITHUB_EVENT_NAME: contexts.github.event_name ?? "",
            RUNNER_TEMP: this.tempDir,
        };
        if (this.permissions["id-token"] === "write") {
            env.ACTIONS_ID_TOKEN_REQUEST_URL = idTokenService.url;
            env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = idTokenService.requestToken;
        }
        for (const [name, value] of Object.entries(declared)) env[name] = this.expand(value);
        return env;
    }

    /** Runs the given steps of the job (all by default) in order; a failed step fails the job, as on GitHub. */
    async run(steps: Step[] = this.steps): Promise<StepRun[]> {
        if (!this.runsJob()) {
            this.skippedJob = true;
            return this.runs;
        }
        for (const step of steps) {
            const label = step.name ?? step.uses ?? step.run!.split("\n")[0];
            if (step.if !== undefined ? !this.evaluate(step.if) : this.failed) {
                this.runs.push({ label, outcome: "skipped", code: 0, stdout: "", stderr: "" });
                continue;
            }
            const result = step.run !== undefined ? await this.runScript(step) : await this.runAction(step);
            const failed = result.code !== 0 && !step["continue-on-error"];
            this.runs.push({ label, outcome: failed ? "failure" : "success", ...result });
        }
        return this.runs;
    }

    /** The run of the step with this label (its name, else its `uses`, else its command's first line). */
    result(label: string): StepRun {
        const found = this.runs.find((r) => r.label === label);
        if (!found) throw new Error(`no step '${label}' ran; steps run: ${this.runs.map((r) => r.label).join(", ")}`);
        return found;
    }

    get failed(): boolean {
        return this.runs.some((r) => r.outcome === "failure");
    }

    private async runScript(step: Step): Promise<CommandResult> {
        const file = path.join(this.tempDir, `step-${this.runs.length}.sh`);
        writeFileSync(file, step.run!);
        const shell = step.shell === "bash" ? ["--noprofile", "--norc", "-eo", "pipefail"] : step.shell === undefined ? ["-e"] : undefined;
        if (!shell) throw new Error(`shell: ${step.shell} is not run by this test's runner`);
        const cwd = path.join(this.workspace, step["working-directory"] ?? ".");
        return runCommand("bash", [...shell, file], { cwd, env: this.env(step) });
    }

    private async runAction(step: Step): Promise<CommandResult> {
        const [name, version] = step.uses!.split("@");
        const handler = this.options.actions[name];
        if (!handler) throw new Error(`the workflow uses ${step.uses}, which this test's runner has no stand-in for`);
        if (handler.version !== version)
            throw new Error(`the workflow uses ${step.uses}; this test's stand-in is for ${name}@${handler.version}`);
        const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, typeof v === "string" ? this.expand(v) : v]));
        return handler.run(inputs, step, this);
    }

    /**
     * `if:` as GitHub evaluates it: without a status function, `success() &&` is implied. Understands the
     * status functions, `hashFiles('<file>', …)` of plain file names, string literals, `==`, `!=`, `!`, `&&`,
     * `||` and parentheses; anything else fails loudly rather than being guessed.
     */
    private evaluate(condition: string): boolean {
        const jobOk = !this.failed;
        const expression = condition
            .trim()
            .replace(/^\$\{\{([\s\S]*)\}\}$/, "$1")
            .trim();
        const tokens = expression.match(/'(?:[^']|'')*'|\w+\((?:'(?:[^']|'')*'|[^)])*\)|&&|\|\||==|!=|!|\(|\)|\S+/g) ?? [];
        let hasStatusFunction = false;
        const js = tokens
            .map((token) => {
                const status: Record<string, boolean> = { "success()": jobOk, "failure()": !jobOk, "cancelled()": false, "always()": true };
                if (token in status) {
                    hasStatusFunction = true;
                    return String(status[token]);
                }
                const hash = /^hashFiles\((.*)\)$/.exec(token);
                if (hash) {
                    const files = hash[1].split(",").map((f) => f.trim().replace(/^'(.*)'$/, "$1"));
                    if (files.some((f) => /[*?[]/.test(f)))
                        throw new Error(`hashFiles with a pattern is not evaluated by this test's runner: ${token}`);
                    return JSON.stringify(files.some((f) => existsSync(path.join(this.workspace, f))) ? "hash" : "");
                }
                if (/^'.*'$/.test(token)) return JSON.stringify(token.slice(1, -1).replace(/''/g, "'"));
                if (/^(vars|secrets|github)\.[\w.[\]]+$/.test(token)) return JSON.stringify(this.lookup(token));
                if (token === "==" || token === "!=") return `${token}=`;
                if (["&&", "||", "!", "(", ")", "true", "false"].includes(token)) return token;
                throw new Error(`'${token}' in \`if: ${condition}\` is not evaluated by this test's runner`);
            })
            .join(" ");
        const value = Boolean(new Function(`return (${js});`)());
        return hasStatusFunction ? value : jobOk && value;
    }
}
