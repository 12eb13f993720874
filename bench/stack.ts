/**
 * One stack of the root project for the benchmark, with its own work directory and file backend under
 * .bench-work/ (inside the project, so the dynamic-provider host resolves this package, as in the e2e suite).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { PROJECT_ROOT } from "../runner/engine";
import { openStack } from "../runner/stack";
import { CONFIG_NAMESPACE } from "../program/stack";
import type { StackData } from "./world";

export const WORK_ROOT = path.join(PROJECT_ROOT, ".bench-work");

export interface BenchStack {
    stack: Stack;
    /** Replaces the stack's data, as a commit to Pulumi.<stack>.yaml would. */
    setData: (data: StackData) => void;
    dispose: () => void;
}

export async function openBenchStack(
    name: string,
    program: PulumiFn,
    env: Record<string, string>,
    data: StackData,
    parallel?: number,
): Promise<BenchStack> {
    const workDir = path.join(WORK_ROOT, `${name}-${process.pid}`);
    rmSync(workDir, { recursive: true, force: true });
    mkdirSync(workDir, { recursive: true });
    // The root project minus `main`: the CLI checks that the entry file exists even for inline programs.
    const project = parseYaml(readFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), "utf8"));
    delete project.main;
    writeFileSync(path.join(workDir, "Pulumi.yaml"), stringifyYaml(project));
    const stack = await openStack({
        stackName: "bench",
        workDir,
        backendDir: path.join(workDir, "backend"),
        program,
        env: { ...env, ...(parallel ? { PULUMI_PARALLEL: String(parallel) } : {}) },
    });
    // Into the stack's settings file, not through `pulumi config set-all`: at about 1,500 mappings the tenants'
    // JSON passes Linux's limit for one command-line argument (128 KiB) and the CLI cannot even be started.
    const settingsFile = path.join(workDir, "Pulumi.bench.yaml");
    const setData = (next: StackData) => {
        const settings = existsSync(settingsFile) ? (parseYaml(readFileSync(settingsFile, "utf8")) ?? {}) : {};
        settings.config = {
            ...(settings.config ?? {}),
            [`${CONFIG_NAMESPACE}:registrations`]: JSON.stringify(next.registrations),
            [`${CONFIG_NAMESPACE}:tenants`]: JSON.stringify(next.tenants),
        };
        writeFileSync(settingsFile, stringifyYaml(settings));
    };
    setData(data);
    return { stack, setData, dispose: () => rmSync(workDir, { recursive: true, force: true }) };
}
