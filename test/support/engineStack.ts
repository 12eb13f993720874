/**
 * A stack of the root project for the e2e suites: its own work directory under .e2e-work/ (inside the
 * project, so the provider host resolves this package), its own file backend, the emulator's credentials.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { PROJECT_ROOT } from "../../runner/engine";
import { openStack } from "../../runner/stack";
import { CONFIG_NAMESPACE } from "../../program/stack";
import type { RegistrationDeclaration } from "../../program/declarations";

export interface StackData {
    /** Each registration's inputs, and `set` (true, or the set's settings) to hold its mappings as one set. */
    registrations: Record<string, RegistrationDeclaration>;
    tenants: Record<string, { tenantId: string; customerSubscriptionId: string; stamps: string[]; allowTenantReassignment?: boolean }>;
}

let counter = 0;

export class EngineStack {
    readonly workDir: string;
    readonly backendDir: string;
    stack!: Stack;
    /** Everything the CLI printed, across operations. */
    output = "";

    /**
     * @param projectDir where Pulumi.yaml comes from (default: the root project)
     * @param program the inline program (default: the root stack's)
     */
    constructor(
        readonly name: string,
        private readonly projectDir = PROJECT_ROOT,
        private readonly program?: PulumiFn,
    ) {
        this.workDir = path.join(PROJECT_ROOT, ".e2e-work", `${name}-${process.pid}-${++counter}`);
        this.backendDir = path.join(this.workDir, "backend");
    }

    async open(env: Record<string, string>, data?: StackData, extraConfig: Record<string, string> = {}): Promise<this> {
        rmSync(this.workDir, { recursive: true, force: true });
        mkdirSync(this.workDir, { recursive: true });
        // The root project, minus `main`: the CLI checks that the entry file exists even for inline programs.
        const project = parseYaml(readFileSync(path.join(this.projectDir, "Pulumi.yaml"), "utf8"));
        delete project.main;
        writeFileSync(path.join(this.workDir, "Pulumi.yaml"), stringifyYaml(project));
        this.stack = await openStack({ stackName: "e2e", workDir: this.workDir, backendDir: this.backendDir, env, program: this.program });
        if (data) await this.setData(data);
        for (const [key, value] of Object.entries(extraConfig)) await this.stack.setConfig(key, { value });
        return this;
    }

    async setData(data: StackData): Promise<void> {
        await this.stack.setAllConfig({
            [`${CONFIG_NAMESPACE}:registrations`]: { value: JSON.stringify(data.registrations) },
            [`${CONFIG_NAMESPACE}:tenants`]: { value: JSON.stringify(data.tenants) },
        });
    }

    readonly onOutput = (text: string) => {
        this.output += text;
    };

    /** The file backend's checkpoint of this stack, as text. */
    stateText(): string {
        const project = parseYaml(readFileSync(path.join(this.workDir, "Pulumi.yaml"), "utf8")).name;
        return readFileSync(path.join(this.backendDir, ".pulumi", "stacks", project, "e2e.json"), "utf8");
    }

    async outputs(): Promise<Record<string, any>> {
        const out = await this.stack.outputs();
        return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.value]));
    }

    async dispose(): Promise<void> {
        rmSync(this.workDir, { recursive: true, force: true });
    }
}

/** Runs `fn` expecting the CLI to fail; returns what it printed and its exit code. */
export async function expectCliFailure(fn: () => Promise<unknown>): Promise<{ output: string; exitCode: number }> {
    try {
        await fn();
    } catch (error) {
        const e = error as { commandResult?: { stdout: string; stderr: string; code: number }; message: string };
        return {
            output: `${e.commandResult?.stdout ?? ""}\n${e.commandResult?.stderr ?? ""}\n${e.message}`,
            exitCode: e.commandResult?.code ?? -1,
        };
    }
    throw new Error("expected the Pulumi command to fail, but it succeeded");
}
