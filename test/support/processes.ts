/**
 * The one way the suites run child processes: to their end without blocking this process (the emulator
 * answering them usually lives here), to their end blocking it (where nothing in this process must keep
 * serving), for their stdout alone, or started and watched while they run. Only outputOf() throws on a
 * non-zero exit code; elsewhere the caller asserts it.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess, type StdioOptions } from "node:child_process";

export interface CommandResult {
    /** The exit code; -1 when a signal ended the process. */
    code: number;
    stdout: string;
    stderr: string;
}

export interface CommandOptions {
    cwd?: string;
    /** The whole environment (default: this process's). */
    env?: NodeJS.ProcessEnv;
    /** Ends the process with SIGTERM after this long. */
    timeoutMs?: number;
}

export function runCommand(file: string, args: string[], options: CommandOptions = {}): Promise<CommandResult> {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, timeout: options.timeoutMs, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    return new Promise((resolve, reject) => {
        child.on("error", reject);
        child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
}

/** runCommand() that blocks this process until the command ends. */
export function runCommandSync(file: string, args: string[], options: CommandOptions = {}): CommandResult {
    const result = spawnSync(file, args, { cwd: options.cwd, env: options.env, timeout: options.timeoutMs, encoding: "utf8" });
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The stdout of a command that must succeed, blocking this process; throws (with `status`, `stdout` and
 * `stderr`) when it fails. Its stderr goes to this process's stderr unless `stdio` says otherwise.
 */
export function outputOf(file: string, args: string[], options: CommandOptions & { stdio?: StdioOptions } = {}): string {
    return execFileSync(file, args, {
        cwd: options.cwd,
        env: options.env,
        timeout: options.timeoutMs,
        stdio: options.stdio,
        encoding: "utf8",
    });
}

export interface StartedCommand {
    child: ChildProcess;
    /** What it printed so far, stdout and stderr interleaved. */
    output(): string;
    stdout(): string;
    stderr(): string;
    exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts a long-running command whose output the test watches while it runs. */
export function startCommand(file: string, args: string[], options: Omit<CommandOptions, "timeoutMs"> = {}): StartedCommand {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => {
        output += d.toString();
        stdout += d.toString();
    });
    child.stderr!.on("data", (d: Buffer) => {
        output += d.toString();
        stderr += d.toString();
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.on("exit", (code, signal) => resolve({ code, signal })),
    );
    return { child, output: () => output, stdout: () => stdout, stderr: () => stderr, exited };
}

/** The JSON a helper process prints as its last line of stdout (its result). */
export function lastJsonLine<T>(result: CommandResult, what: string): T {
    const last = result.stdout.trim().split("\n").pop() ?? "";
    try {
        return JSON.parse(last) as T;
    } catch {
        throw new Error(`${what} exited with ${result.code} without a result:\n${result.stdout}\n${result.stderr}`);
    }
}

/**
 * The run's Node.js compile cache (scripts/testRun.ts), for a child started with an environment of its own (a
 * simulated runner's steps, a provider host): cached bytecode only, so its Node processes start faster and behave
 * the same. Empty outside a run that has one.
 */
export function compileCacheEnv(): Record<string, string> {
    return process.env.NODE_COMPILE_CACHE ? { NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE } : {};
}
