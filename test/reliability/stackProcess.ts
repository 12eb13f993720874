/**
 * Runs one Pulumi operation of the root stack in its own Node process, so two stacks can run at the same
 * time: two inline programs in one process would share Pulumi's global runtime state. The stack lives in
 * a fixed work directory (kept between runs); the environment (emulator credentials) is inherited.
 *
 *   node stackProcess.js '{"workDir": ..., "data": {...}, "command": "up" | "preview", "refresh": false, "expectNoChanges": false}'
 *
 * The last line of stdout is JSON: { ok, error? } (error: the CLI's output when the operation failed).
 * ProcessStack is the parent's side: it spawns this script and reads the stack's checkpoint.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { PROJECT_ROOT } from "../../runner/engine";
import { openStack } from "../../runner/stack";
import { CONFIG_NAMESPACE } from "../../program/stack";
import { lastJsonLine, runCommand } from "../support/processes";
import type { StackData } from "../support/engineStack";

interface Args {
    workDir: string;
    data: StackData;
    command: "up" | "preview";
    refresh?: boolean;
    /** preview only: fail when the preview shows changes (the drift check). */
    expectNoChanges?: boolean;
}

export interface ProcessOutcome {
    ok: boolean;
    error?: string;
}

/** A stack of the root project run by child processes; the parent reads its checkpoint. */
export class ProcessStack {
    readonly workDir: string;

    constructor(readonly name: string) {
        this.workDir = path.join(PROJECT_ROOT, ".e2e-work", `${name}-${process.pid}`);
        this.dispose(); // a directory left by an earlier process with the same pid holds another stack
    }

    async run(env: Record<string, string>, args: Omit<Args, "workDir">): Promise<ProcessOutcome> {
        const script = path.join(__dirname, "stackProcess.js");
        const result = await runCommand(process.execPath, [script, JSON.stringify({ ...args, workDir: this.workDir })], {
            cwd: PROJECT_ROOT,
            env: { ...process.env, ...env },
        });
        return lastJsonLine<ProcessOutcome>(result, "stack process");
    }

    stateText(): string {
        return readFileSync(path.join(this.workDir, "backend", ".pulumi", "stacks", "csp-tenant-mappings", "e2e.json"), "utf8");
    }

    dispose(): void {
        rmSync(this.workDir, { recursive: true, force: true });
    }
}

async function main(): Promise<void> {
    const args = JSON.parse(process.argv[2]) as Args;
    const backendDir = path.join(args.workDir, "backend");
    if (!existsSync(path.join(args.workDir, "Pulumi.yaml"))) {
        mkdirSync(args.workDir, { recursive: true });
        // The root project minus `main` (the CLI checks that the entry file exists even for inline programs).
        const project = parseYaml(readFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), "utf8"));
        delete project.main;
        writeFileSync(path.join(args.workDir, "Pulumi.yaml"), stringifyYaml(project));
    }
    const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
    const stack = await openStack({ stackName: "e2e", workDir: args.workDir, backendDir, env });
    await stack.setAllConfig({
        [`${CONFIG_NAMESPACE}:registrations`]: { value: JSON.stringify(args.data.registrations) },
        [`${CONFIG_NAMESPACE}:tenants`]: { value: JSON.stringify(args.data.tenants) },
    });
    const onOutput = (text: string) => process.stderr.write(text);
    try {
        if (args.command === "up") await stack.up({ refresh: args.refresh, onOutput });
        else await stack.preview({ refresh: args.refresh, expectNoChanges: args.expectNoChanges, onOutput });
        console.log(JSON.stringify({ ok: true }));
    } catch (error) {
        const e = error as { commandResult?: { stdout: string; stderr: string }; message?: string };
        console.log(
            JSON.stringify({
                ok: false,
                error: `${e.commandResult?.stdout ?? ""}\n${e.commandResult?.stderr ?? ""}\n${e.message ?? error}`,
            }),
        );
    }
}

if (require.main === module) {
    main().catch((error) => {
        console.error(error);
        process.exit(1);
    });
}
