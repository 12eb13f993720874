/**
 * Child processes for the suites: run one to its end without blocking this process (the emulator answering
 * it usually lives here), keep what it printed, and never throw on a non-zero exit code (the caller asserts it).
 */
import { spawn } from "node:child_process";

export interface CommandResult {
    /** The exit code; -1 when a signal ended the process. */
    code: number;
    stdout: string;
    stderr: string;
}

export function runCommand(file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CommandResult> {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    return new Promise((resolve, reject) => {
        child.on("error", reject);
        child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
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
