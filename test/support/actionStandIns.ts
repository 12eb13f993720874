/**
 * What the actions the workflows use do, here (no Actions runtime runs on this machine). Each refuses inputs
 * it does not know, so a workflow change that means something new fails the test until a stand-in follows.
 */
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import * as path from "node:path";
import { cliBinDir, pinnedPulumiVersion } from "../../runner/engine";
import { runCommand, runCommandSync, type CommandResult } from "./processes";
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

/** actions/setup-go: this machine's Go first on PATH; its version must be the `go-version` asked for (major.minor). */
export const setupGo: ActionHandler = async (inputs, _step, job) => {
    refuseUnknown("actions/setup-go", inputs, ["go-version"]);
    const go = runCommandSync("go", ["env", "GOROOT", "GOVERSION"]);
    if (go.code !== 0) return { code: 1, stdout: "", stderr: `go env failed: ${go.stderr}` };
    const [goroot, version] = go.stdout.trim().split("\n");
    const majorMinor = /^go(\d+\.\d+)/.exec(version)?.[1];
    if (String(inputs["go-version"]) !== majorMinor) {
        return { code: 1, stdout: "", stderr: `go-version ${inputs["go-version"]}: this machine has ${version}\n` };
    }
    job.addedPath.unshift(path.join(goroot, "bin"));
    return ok();
};

/** actions/upload-artifact: the file or directory `path` (its contents, for a directory) kept as this run's artifact `name`. */
export const uploadArtifact: ActionHandler = async (inputs, _step, job) => {
    refuseUnknown("actions/upload-artifact", inputs, ["name", "path", "if-no-files-found", "retention-days"]);
    const source = path.join(job.workspace, String(inputs.path));
    if (!existsSync(source)) {
        const missing = inputs["if-no-files-found"] === "error" ? 1 : 0;
        return { code: missing, stdout: "", stderr: `no files found at ${inputs.path}\n` };
    }
    const target = job.artifactDir(job.lookup("github.run_id"), String(inputs.name));
    const file = lstatSync(source).isFile();
    cpSync(source, file ? path.join(target, path.basename(source)) : target, { recursive: true });
    return ok(`uploaded artifact ${inputs.name}\n`);
};

/** actions/download-artifact: artifact `name` of this run, or of run `run-id` (which needs `github-token`), into `path`. */
export const downloadArtifact: ActionHandler = async (inputs, _step, job) => {
    refuseUnknown("actions/download-artifact", inputs, ["name", "path", "run-id", "github-token"]);
    if (inputs["run-id"] !== undefined && !inputs["github-token"])
        return { code: 1, stdout: "", stderr: "download-artifact: run-id needs github-token\n" };
    const source = job.artifactDir(String(inputs["run-id"] ?? job.lookup("github.run_id")), String(inputs.name));
    if (!existsSync(source))
        return { code: 1, stdout: "", stderr: `Unable to download artifact(s): Artifact not found for name: ${inputs.name}\n` };
    cpSync(source, path.join(job.workspace, String(inputs.path ?? ".")), { recursive: true });
    return ok(`downloaded artifact ${inputs.name}\n`);
};

/**
 * azure/login with OIDC (`client-id`, `tenant-id`, no secret): as the action does, asks the job's OIDC token
 * service for a token with the audience api://AzureADTokenExchange (which fails without `id-token: write`)
 * and signs in with it as `client-id`, a client-credentials request with that token as the client assertion,
 * for Azure Resource Manager's scope: here to the emulator (the job's AZURE_AUTHORITY_HOST and
 * AZURE_RESOURCE_MANAGER_ENDPOINT), which refuses a subject no federated credential of the app names. The
 * Azure CLI session the action then keeps is not made: no Azure CLI runs here.
 */
export const azureLogin: ActionHandler = async (inputs, step, job) => {
    refuseUnknown("azure/login", inputs, ["client-id", "tenant-id", "allow-no-subscriptions"]);
    const env = job.env(step);
    const fail = (message: string): CommandResult => ({ code: 1, stdout: "", stderr: `Error: ${message}\n` });
    if (!env.ACTIONS_ID_TOKEN_REQUEST_URL)
        return fail(
            "Please make sure to give write permissions to id-token in the workflow. Login failed with Error: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable.",
        );
    const idToken = await fetch(`${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=${encodeURIComponent("api://AzureADTokenExchange")}`, {
        headers: { authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
    });
    if (!idToken.ok) return fail(`the OIDC token service answered ${idToken.status}`);
    const assertion = ((await idToken.json()) as { value: string }).value;
    const form = new URLSearchParams({
        grant_type: "client_credentials",
        client_id: String(inputs["client-id"]),
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: assertion,
        scope: `${env.AZURE_RESOURCE_MANAGER_ENDPOINT}/.default`,
    }).toString();
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const url = `${env.AZURE_AUTHORITY_HOST}/${inputs["tenant-id"]}/oauth2/v2.0/token`;
        const ca = readFileSync(env.NODE_EXTRA_CA_CERTS);
        const req = httpsRequest(url, { method: "POST", ca, headers: { "content-type": "application/x-www-form-urlencoded" } }, (res) => {
            let body = "";
            res.on("data", (chunk) => (body += chunk));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on("error", reject);
        req.end(form);
    });
    if (answer.status !== 200) return fail(`Login failed: ${answer.body}`);
    return ok(`Login successful (client ${inputs["client-id"]}, tenant ${inputs["tenant-id"]})\n`);
};

/**
 * GitHub's `gh` CLI as far as the workflows use it, installed as `<binDir>/gh`: records each call (arguments,
 * the --body-file's text, the token) as a JSON line in $GH_STAND_IN_LOG; `issue list` prints
 * $GH_STAND_IN_OPEN_ISSUE; `pr comment --edit-last` fails as gh does when $GH_STAND_IN_LAST_COMMENT is empty
 * (no earlier comment of this token's user). Every other call succeeds.
 */
export function installGhStandIn(binDir: string): void {
    const script = `#!/usr/bin/env node
const fs = require("fs");
const args = process.argv.slice(2);
const bodyFile = args[args.indexOf("--body-file") + 1];
fs.appendFileSync(process.env.GH_STAND_IN_LOG, JSON.stringify({ args, body: args.includes("--body-file") ? fs.readFileSync(bodyFile, "utf8") : undefined,
    token: process.env.GH_TOKEN, repo: process.env.GH_REPO }) + "\\n");
if (args[0] === "issue" && args[1] === "list") console.log(process.env.GH_STAND_IN_OPEN_ISSUE ?? "");
if (args[0] === "pr" && args[1] === "comment" && args.includes("--edit-last") && !process.env.GH_STAND_IN_LAST_COMMENT) {
    console.error("no comments found for current user");
    process.exit(1);
}
`;
    mkdirSync(binDir, { recursive: true });
    writeFileSync(path.join(binDir, "gh"), script);
    chmodSync(path.join(binDir, "gh"), 0o755);
}

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
