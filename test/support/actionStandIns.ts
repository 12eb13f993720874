/**
 * What the actions the workflows use do, here (no Actions runtime runs on this machine). Each refuses inputs
 * it does not know, so a workflow change that means something new fails the test until a stand-in follows.
 */
import * as path from "node:path";
import { cliBinDir, pinnedPulumiVersion } from "../../runner/engine";
import { runCommand, type CommandResult } from "./processes";
import { copyWorkingTree } from "./workingTree";
import type { ActionHandler, JobRun } from "./githubRunner";

const ok = (stdout = ""): CommandResult => ({ code: 0, stdout, stderr: "" });

function refuseUnknown(action: string, inputs: Record<string, unknown>, known: string[]): void {
    const unknown = Object.keys(inputs).filter((k) => !known.includes(k));
    if (unknown.length > 0) throw new Error(`${action}: input(s) ${unknown.join(", ")} not understood by this test's stand-in`);
}

/** actions/checkout: the repository's files (tracked and new, not ignored: a clean clone's) copied into the workspace. */
export const checkout: ActionHandler = async (inputs, _step, job) => {
    refuseUnknown("actions/checkout", inputs, ["persist-credentials", "fetch-depth"]); // neither changes the files
    return ok(`checked out ${copyWorkingTree(job.workspace)} files\n`);
};

/** actions/setup-node: this Node (the version must be the one asked for) first on PATH; `cache: npm` is the machine's npm cache. */
export const setupNode: ActionHandler = async (inputs, _step, job) => {
    refuseUnknown("actions/setup-node", inputs, ["node-version", "cache"]);
    const major = process.versions.node.split(".")[0];
    if (String(inputs["node-version"]) !== major) {
        return { code: 1, stdout: "", stderr: `node-version ${inputs["node-version"]}: this machine runs the suites with Node ${major}\n` };
    }
    job.addedPath.unshift(path.dirname(process.execPath));
    return ok();
};

/** pulumi/actions input -> the CLI flag it stands for (the action passes them to the Automation API, which passes these). */
const PULUMI_FLAGS: Record<string, (value: unknown) => string[]> = {
    "stack-name": (v) => ["--stack", String(v)],
    diff: (v) => (v === true ? ["--diff"] : []),
    refresh: (v) => (v === true ? ["--refresh"] : []),
    "expect-no-changes": (v) => (v === true ? ["--expect-no-changes"] : []),
    parallel: (v) => ["--parallel", String(v)],
    message: (v) => ["--message", String(v)],
};
/** Inputs the action handles itself: the CLI version to install, the PR comment (GitHub's, not the CLI's). */
const PULUMI_ACTION_ONLY = [
    "pulumi-version",
    "comment-on-pr",
    "edit-pr-comment",
    "github-token",
    "always-include-summary",
    "work-dir",
    "command",
];

/**
 * pulumi/actions: installs the CLI (here: the project's, which must be the `pulumi-version` asked for) and,
 * with `command`, runs the CLI command it stands for, e.g. `command: preview`, `stack-name: s`, `diff: true`
 * is `pulumi preview --stack s --diff`, in `work-dir` (default: the workspace). The PR comment is not made.
 */
export const pulumiActions: ActionHandler = async (inputs, step, job: JobRun) => {
    refuseUnknown("pulumi/actions", inputs, [...Object.keys(PULUMI_FLAGS), ...PULUMI_ACTION_ONLY]);
    if (String(inputs["pulumi-version"]) !== pinnedPulumiVersion()) {
        return {
            code: 1,
            stdout: "",
            stderr: `pulumi-version ${inputs["pulumi-version"]}: the project's CLI and @pulumi/pulumi are ${pinnedPulumiVersion()}\n`,
        };
    }
    job.addedPath.unshift(cliBinDir());
    if (inputs.command === undefined) return ok();
    if (!["preview", "up", "refresh", "destroy"].includes(String(inputs.command)))
        throw new Error(`pulumi/actions command ${inputs.command} is not stood in for`);
    const args = [String(inputs.command), ...(inputs.command === "preview" ? [] : ["--yes"])];
    for (const [input, value] of Object.entries(inputs)) args.push(...(PULUMI_FLAGS[input]?.(value) ?? []));
    const cwd = path.join(job.workspace, String(inputs["work-dir"] ?? "."));
    const result = await runCommand("pulumi", args, { cwd, env: job.env(step) });
    return { ...result, stdout: `$ pulumi ${args.join(" ")}\n${result.stdout}` };
};
