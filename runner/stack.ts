/**
 * Opens a stack of the root project through the Automation API, with the root stack's program run inline (in
 * this process, no language host). Used by the e2e and reliability suites and the benchmark, so they run the same
 * engine path; the demo and the CLI suites run the plain `pulumi` CLI with the Node.js language host
 * (docs/engine.md).
 */
import { mkdirSync } from "node:fs";
import { LocalWorkspace, Stack, type PulumiFn } from "@pulumi/pulumi/automation";
import { tenantMappingsStack } from "../program/stack";
import { engineEnv, isolateEngineConnections, PROJECT_ROOT, pulumiCommand } from "./engine";

export interface OpenStackOptions {
    stackName: string;
    /** Directory holding Pulumi.yaml (and Pulumi.<stack>.yaml). @default the project root */
    workDir?: string;
    /** Where the file backend keeps state. */
    backendDir: string;
    /** Credentials and endpoints for the provider (e.g. the emulator's clientEnv()). */
    env: Record<string, string>;
    /** @default the root stack's program */
    program?: PulumiFn;
}

export async function openStack(options: OpenStackOptions): Promise<Stack> {
    mkdirSync(options.backendDir, { recursive: true });
    isolateEngineConnections();
    const workspace = await LocalWorkspace.create({
        workDir: options.workDir ?? PROJECT_ROOT,
        program: options.program ?? tenantMappingsStack,
        pulumiCommand: await pulumiCommand(),
        envVars: engineEnv(options.backendDir, options.env),
    });
    return Stack.createOrSelect(options.stackName, workspace);
}
