/**
 * The CI workflows of examples/github-actions, run here: their Pulumi commands and inputs are read from
 * the YAML files and run through the real engine against the emulator, signed in the way the workflows
 * sign in on GitHub (ARM_USE_OIDC, with a stand-in for GitHub's OIDC token service handing out tokens
 * whose subject the emulator's federated credentials must trust). What cannot run here: the runner
 * itself, pulumi/actions' PR comment and the drift issue step (`gh`).
 *
 * CAPTURE_PREVIEW_JSON=1 also writes the drift check's preview JSON to test/unit/fixtures/preview-json/
 * (the unit tests of `azs-mappings drift-report` read those captures).
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { driftReport, parsePreviewJson } from "../../cli/driftReport";
import { startEmulator, type EmulatorSeed, type RunningEmulator } from "../../emulator";
import { PROJECT_ROOT, pinnedPulumiVersion } from "../../runner/engine";
import { EngineStack, type StackData } from "../support/engineStack";
import { C, registrationId, REGISTRATION_SUBSCRIPTION, RG, STAMP1, STAMP2, T, testSeed } from "../support/fixtures";
import { runCommand } from "../support/commands";
import { runPulumiCli } from "../support/pulumiCli";

const WORKFLOWS = path.join(PROJECT_ROOT, "examples", "github-actions");
const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
const REPO = "contoso-csp/tenant-mappings";
const CI_CLIENT = "3c1d2a4b-0000-4000-8000-00000000c1c1";
const PASSPHRASE = "workflow-test-passphrase";
const STACK = "e2e";

type Workflow = {
    on: Record<string, unknown>;
    permissions: Record<string, string>;
    env: Record<string, string>;
    jobs: Record<string, { env?: Record<string, string>; steps: Array<{ name?: string; if?: string; uses?: string; run?: string;
        with?: Record<string, unknown>; env?: Record<string, string> }> }>;
};

function readWorkflow(file: string): Workflow {
    return parseYaml(readFileSync(path.join(WORKFLOWS, file), "utf8")) as Workflow;
}

function seed(): EmulatorSeed {
    // The federated credentials examples/github-actions/README.md tells the CSP to add.
    return {
        ...testSeed(),
        clients: [{ clientId: CI_CLIENT, federatedCredentials: [
            { issuer: GITHUB_ISSUER, subject: `repo:${REPO}:pull_request` },
            { issuer: GITHUB_ISSUER, subject: `repo:${REPO}:ref:refs/heads/main` },
        ] }],
    } as EmulatorSeed;
}

function baseData(): StackData {
    return {
        registrations: { west: { registrationId: registrationId(STAMP1) }, east: { registrationId: registrationId(STAMP2) } },
        tenants: {
            contoso: { tenantId: T(1), customerSubscriptionId: C(1), stamps: ["west", "east"] },
            fabrikam: { tenantId: T(2), customerSubscriptionId: C(2), stamps: ["west"] },
            adatum: { tenantId: T(3), customerSubscriptionId: C(3), stamps: ["east"] },
        },
    };
}

/**
 * GitHub's OIDC token service as a job with `id-token: write` sees it: ACTIONS_ID_TOKEN_REQUEST_URL answers a
 * request bearing ACTIONS_ID_TOKEN_REQUEST_TOKEN with a JWT for the audience asked, whose subject is the
 * job's trigger (pull_request, or the branch of a scheduled run).
 */
class GitHubTokenService {
    readonly requestToken = "github-request-token-for-the-test";
    subject = "";
    readonly issued: Array<{ audience: string | null; subject: string }> = [];
    private readonly server: http.Server;

    constructor(private readonly emulator: RunningEmulator) {
        this.server = http.createServer((req, res) => void this.answer(req, res));
    }

    private async answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        if (req.headers.authorization !== `Bearer ${this.requestToken}`) {
            res.writeHead(401).end();
            return;
        }
        const audience = new URL(req.url ?? "/", "http://localhost").searchParams.get("audience");
        this.issued.push({ audience, subject: this.subject });
        const value = await this.emulator.mintFederatedToken({ clientId: CI_CLIENT, subject: this.subject, audience: audience ?? undefined });
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ count: 1, value }));
    }

    async start(): Promise<void> {
        await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    }

    get url(): string {
        return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/_apis/distributedtask/oidc/token?api-version=2.0`;
    }

    stop(): Promise<void> {
        return new Promise((resolve) => this.server.close(() => resolve()));
    }
}

/** Splits one shell command line into words: double quotes and $VAR / "$VAR" only, enough for the workflows' lines. */
function shellWords(line: string, env: Record<string, string>): string[] {
    const words = line.match(/"[^"]*"|'[^']*'|[^\s]+/g) ?? [];
    return words.map((word) => word.replace(/^'(.*)'$/, "$1").replace(/^"(.*)"$/, "$1")
        .replace(/\$\{?(\w+)\}?/g, (_, name: string) => env[name] ?? ""));
}

/** A `run:` line as argv plus its stdout redirection, if any. */
function commandOf(script: string, program: RegExp, env: Record<string, string>): { argv: string[]; stdoutFile?: string } {
    const line = script.split("\n").map((l) => l.trim()).find((l) => program.test(l));
    if (!line) throw new Error(`no line matching ${program} in the workflow step:\n${script}`);
    const [command, redirect] = line.split(/\s+>\s+/);
    return { argv: shellWords(command, env), stdoutFile: redirect?.trim() };
}

describe("CI workflows (examples/github-actions) through the real engine", function () {
    this.timeout(10 * 60_000);
    let emulator: RunningEmulator;
    let github: GitHubTokenService;
    const stacks: EngineStack[] = [];

    const stampRef = (name: string) => ({ subscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RG, name });
    const writes = () => emulator.requestLog().filter((r) => r.kind === "arm" && r.method !== "GET");
    const allMappings = () => [STAMP1, STAMP2].flatMap((stamp) =>
        emulator.state.mappings(stampRef(stamp)).map((m) => `${stamp}/${m.subscriptionId}=${m.tenantId}`)).sort();

    /**
     * The environment a job of the workflow runs with: the workflow's and the job's `env`, with `vars.*` and
     * `secrets.*` as the CSP sets them up (README), GitHub's id-token variables, and the emulator in place of Azure.
     */
    function jobEnv(workflow: Workflow, job: string, backendDir: string): Record<string, string> {
        const vars: Record<string, string> = {
            AZURE_READER_CLIENT_ID: CI_CLIENT, AZURE_TENANT_ID: emulator.tenantId, PULUMI_STACK: STACK, PULUMI_BACKEND_URL: `file://${backendDir}`,
        };
        const secrets: Record<string, string> = { PULUMI_CONFIG_PASSPHRASE: PASSPHRASE, PULUMI_READ_ACCESS_TOKEN: "" };
        const resolve = (value: string) => String(value).replace(/\$\{\{\s*(vars|secrets)\.(\w+)\s*\}\}/g, (_, kind: string, name: string) => {
            const table = kind === "vars" ? vars : secrets;
            if (!(name in table)) throw new Error(`the workflow uses ${kind}.${name}, which the test (and README) do not set up`);
            return table[name];
        });
        const declared = Object.fromEntries(Object.entries({ ...workflow.env, ...workflow.jobs[job].env }).map(([k, v]) => [k, resolve(v)]));
        expect(workflow.permissions["id-token"], "GitHub sets ACTIONS_ID_TOKEN_REQUEST_* only with id-token: write").to.equal("write");
        return {
            ...declared,
            ACTIONS_ID_TOKEN_REQUEST_URL: github.url,
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.requestToken,
            AZURE_RESOURCE_MANAGER_ENDPOINT: emulator.armEndpoint,
            AZURE_AUTHORITY_HOST: emulator.authorityHost,
            NODE_EXTRA_CA_CERTS: emulator.caCertPath,
        };
    }

    async function newStack(name: string, workflow: Workflow, job: string): Promise<{ stack: EngineStack; env: Record<string, string> }> {
        const stack = new EngineStack(name);
        const env = jobEnv(workflow, job, stack.backendDir);
        await stack.open(env, baseData());
        stacks.push(stack);
        return { stack, env };
    }

    /** Signed in as the CI app through the federated token for this subject, never with a secret. */
    function expectSignedInWithWorkloadIdentity(subject: string): void {
        const tokens = emulator.requestLog().filter((r) => r.kind === "token");
        expect(tokens.length).to.be.greaterThan(0);
        for (const token of tokens) {
            expect(token.status).to.equal(200);
            expect(token.caller?.toLowerCase()).to.equal(CI_CLIENT);
        }
        expect(github.issued.length).to.be.greaterThan(0);
        for (const issued of github.issued) expect(issued).to.deep.equal({ audience: "api://AzureADTokenExchange", subject });
    }

    before(async () => {
        emulator = await startEmulator({ seed: seed(), subscriptionIdMatching: "arm-case-insensitive" });
        github = new GitHubTokenService(emulator);
        await github.start();
    });
    after(async () => {
        for (const stack of stacks) await stack.dispose();
        await github?.stop();
        await emulator?.stop();
    });
    beforeEach(async () => {
        for (const stamp of [STAMP1, STAMP2]) {
            for (const m of emulator.state.mappings(stampRef(stamp))) await emulator.state.deleteMapping(stampRef(stamp), m.subscriptionId);
        }
        emulator.clearRequestLog();
        github.issued.length = 0;
    });

    describe("pull-request.yml", () => {
        const workflow = readWorkflow("pull-request.yml");
        const steps = workflow.jobs.preview.steps;
        const pulumiStep = steps.find((s) => s.uses?.startsWith("pulumi/actions@"));

        it("builds the project and previews with pulumi/actions@v6, a diff and a PR comment, no refresh", () => {
            expect(Object.keys(workflow.on)).to.deep.equal(["pull_request"]);
            expect(workflow.permissions).to.deep.equal({ "id-token": "write", contents: "read", "pull-requests": "write" });
            expect(steps.filter((s) => s.run).map((s) => s.run!.trim())).to.deep.equal(["npm ci", "npm run build"]);
            expect(pulumiStep?.uses).to.equal("pulumi/actions@v6");
            // Any other input (refresh, expect-no-changes, target, …) changes what the preview means: this test must change with it.
            expect(pulumiStep?.with).to.deep.equal({
                command: "preview", "stack-name": "${{ vars.PULUMI_STACK }}", diff: true, "comment-on-pr": true, "edit-pr-comment": true,
                "pulumi-version": pinnedPulumiVersion(),
            });
        });

        it("a changed stack config previews the expected plan, signed in with the pull request's federated token, and writes nothing", async () => {
            github.subject = `repo:${REPO}:pull_request`;
            const { stack } = await newStack("pr-preview", workflow, "preview");
            await stack.stack.up({ onOutput: stack.onOutput });
            const before = allMappings();

            const data = baseData();
            data.tenants.fabrikam.tenantId = T(50); // re-point
            data.tenants.northwind = { tenantId: T(4), customerSubscriptionId: C(4), stamps: ["east"] }; // add
            delete (data.tenants as Record<string, unknown>).adatum; // remove
            await stack.setData(data);
            emulator.clearRequestLog();
            github.issued.length = 0;

            // pulumi/actions runs the Automation API's preview with the step's inputs; these are the ones it maps.
            const inputs = pulumiStep!.with!;
            const preview = await stack.stack.preview({
                diff: inputs.diff === true, refresh: inputs.refresh === true, expectNoChanges: inputs["expect-no-changes"] === true,
                onOutput: stack.onOutput,
            });
            expect(preview.changeSummary).to.deep.include({ create: 1, update: 1, delete: 1 });
            expect(preview.stdout).to.match(/\+ .*northwind@east/).and.match(/~ .*fabrikam@west/).and.match(/- .*adatum@east/);
            expect(preview.stdout).to.include(T(50)); // --diff shows the new tenant
            expect(writes()).to.deep.equal([]);
            expect(allMappings()).to.deep.equal(before);
            // The preflight of the new and changed mappings reads Azure, so the preview did sign in.
            expectSignedInWithWorkloadIdentity(`repo:${REPO}:pull_request`);
        });
    });

    describe("nightly-drift.yml", () => {
        const workflow = readWorkflow("nightly-drift.yml");
        const steps = workflow.jobs.drift.steps;
        const driftStep = steps.find((s) => s.name === "Drift check");

        function driftCommands(env: Record<string, string>) {
            const script = driftStep!.run!;
            return { preview: commandOf(script, /^pulumi /, env), report: commandOf(script, /azs-mappings drift-report/, env) };
        }

        it("runs on a schedule and by hand, installs the pinned CLI, and checks with the commands this suite runs", () => {
            expect(Object.keys(workflow.on).sort()).to.deep.equal(["schedule", "workflow_dispatch"]);
            expect(workflow.permissions).to.deep.equal({ "id-token": "write", contents: "read", issues: "write" });
            expect(steps.find((s) => s.uses?.startsWith("pulumi/actions@"))).to.deep.equal({
                uses: "pulumi/actions@v6", with: { "pulumi-version": pinnedPulumiVersion() },
            });
            const { preview, report } = driftCommands({ PULUMI_STACK: STACK });
            expect(preview).to.deep.equal({ argv: ["pulumi", "preview", "--stack", STACK, "--refresh", "--expect-no-changes", "--json"],
                stdoutFile: "preview.json" });
            expect(report).to.deep.equal({ argv: ["npx", "--no-install", "azs-mappings", "drift-report", "preview.json", "--output", "drift-report.md"],
                stdoutFile: undefined });
            // The step fails when either does.
            expect(driftStep!.run).to.match(/\[ "\$preview_status" -eq 0 \] && \[ "\$report_status" -eq 0 \]\s*$/);
        });

        /** Runs the step's two commands as the workflow does; returns their exit codes, the report and the summary. */
        async function runDriftCheck(stack: EngineStack, env: Record<string, string>) {
            const { preview, report } = driftCommands(env);
            const jobDir = path.join(stack.workDir, "job");
            mkdirSync(jobDir, { recursive: true });
            const previewResult = await runPulumiCli(stack, preview.argv.slice(1), { env });
            writeFileSync(path.join(jobDir, preview.stdoutFile!), previewResult.stdout);
            const summaryFile = path.join(jobDir, "step-summary.md");
            writeFileSync(summaryFile, "");
            const reportResult = spawnSync(report.argv[0], report.argv.slice(1), {
                cwd: jobDir, env: { ...process.env, GITHUB_STEP_SUMMARY: summaryFile }, encoding: "utf8",
            });
            return {
                previewExitCode: previewResult.exitCode, previewJson: previewResult.stdout, previewStderr: previewResult.stderr,
                reportExitCode: reportResult.status, reportStdout: reportResult.stdout, reportStderr: reportResult.stderr,
                reportFile: readFileSync(path.join(jobDir, "drift-report.md"), "utf8"),
                summary: readFileSync(summaryFile, "utf8"),
            };
        }

        const capture = (name: string, json: string) => {
            if (!process.env.CAPTURE_PREVIEW_JSON) return;
            const dir = path.join(PROJECT_ROOT, "test", "unit", "fixtures", "preview-json");
            mkdirSync(dir, { recursive: true });
            writeFileSync(path.join(dir, `${name}.json`), json);
        };

        it("the undeclared-mappings step lists what Azure holds that no entry declares, and writes nothing", async () => {
            const step = steps.find((s) => s.name === "Undeclared mappings");
            expect(step?.if).to.equal("${{ !cancelled() }}");
            const line = step!.run!.split("\n").map((l) => l.trim()).find((l) => /azs-mappings export/.test(l))!;
            const [command, tee] = line.split(/\s+\|\s+/);
            expect(tee).to.equal('tee -a drift-report.md "$GITHUB_STEP_SUMMARY"');
            expect(step!.run).to.match(/^set -o pipefail$/m);
            const argv = shellWords(command, { PULUMI_STACK: STACK });
            expect(argv).to.deep.equal(["npx", "--no-install", "azs-mappings", "export", "--stack-config", `Pulumi.${STACK}.yaml`, "--check", "--quiet"]);

            github.subject = `repo:${REPO}:ref:refs/heads/main`;
            const { stack, env } = await newStack("nightly-undeclared", workflow, "drift");
            await stack.stack.up({ onOutput: stack.onOutput });
            // By hand, outside the stack: one more mapping on east. West already holds one from before the stack.
            await emulator.state.putMapping(stampRef(STAMP2), C(9), T(9));
            const config = readFileSync(path.join(stack.workDir, `Pulumi.${STACK}.yaml`), "utf8");
            emulator.clearRequestLog();
            github.issued.length = 0;
            const run = await runCommand(argv[0], argv.slice(1), { cwd: stack.workDir, env: { ...process.env, ...env } });
            expect(run.code, run.stderr).to.equal(1);
            const rows = run.stdout.split("\n").filter((l) => /^\| (west|east) \|/.test(l));
            const handMade = [STAMP1, STAMP2].flatMap((stamp) => emulator.state.mappings(stampRef(stamp))
                .filter((m) => !Object.values(baseData().tenants).some((t) => t.customerSubscriptionId === m.subscriptionId && t.stamps
                    .some((k) => baseData().registrations[k].registrationId === registrationId(stamp))))
                .map((m) => `| ${stamp === STAMP1 ? "west" : "east"} | ${m.subscriptionId} | ${m.tenantId} |`));
            expect(rows.sort()).to.deep.equal(handMade.sort());
            expect(rows).to.include(`| east | ${C(9)} | ${T(9)} |`);
            expect(run.stdout).to.include(`does not declare: ${handMade.length}`).and.include("adopts them without writing");
            expect(writes(), "the check writes nothing").to.deep.equal([]);
            expect(readFileSync(path.join(stack.workDir, `Pulumi.${STACK}.yaml`), "utf8")).to.equal(config);
            expectSignedInWithWorkloadIdentity(`repo:${REPO}:ref:refs/heads/main`);
        });

        it("passes on a clean stack, and after a tenant re-pointed and a mapping deleted behind Pulumi's back fails and names exactly those", async () => {
            github.subject = `repo:${REPO}:ref:refs/heads/main`;
            const { stack, env } = await newStack("nightly-drift", workflow, "drift");
            await stack.stack.up({ onOutput: stack.onOutput });
            emulator.clearRequestLog();
            github.issued.length = 0;

            const clean = await runDriftCheck(stack, env);
            capture("clean", clean.previewJson);
            expect(clean.previewExitCode, clean.previewStderr).to.equal(0);
            expect(clean.reportExitCode, clean.reportStderr).to.equal(0);
            expect(clean.reportStdout).to.include("Tenant mapping drift: none").and.include("All 4 mapping(s)");
            expect(clean.summary).to.equal(clean.reportStdout);
            expectSignedInWithWorkloadIdentity(`repo:${REPO}:ref:refs/heads/main`);

            // Behind Pulumi's back: fabrikam@west deleted, adatum@east re-pointed to another tenant.
            await emulator.state.deleteMapping(stampRef(STAMP1), C(2));
            await emulator.state.putMapping(stampRef(STAMP2), C(3), T(80));
            emulator.clearRequestLog();
            const inAzure = allMappings();

            const drifted = await runDriftCheck(stack, env);
            capture("drift-deleted-and-repointed", drifted.previewJson);
            expect(drifted.previewExitCode, "--expect-no-changes fails on drift").to.equal(7);
            expect(drifted.previewStderr).to.include("no changes were expected");
            expect(drifted.reportExitCode, drifted.reportStderr).to.equal(1);
            expect(writes(), "the drift check writes nothing").to.deep.equal([]);
            expect(allMappings()).to.deep.equal(inAzure);

            const report = driftReport(parsePreviewJson(drifted.previewJson));
            expect(report.mappingsChecked).to.equal(4);
            expect(report.drifted.map((m) => [m.name, m.kind])).to.deep.equal([
                ["adatum@east", "tenant-repointed-outside-pulumi"],
                ["fabrikam@west", "deleted-outside-pulumi"],
            ]);
            // What the report says Azure holds is what the emulator holds.
            const adatum = report.drifted[0];
            const adatumInAzure = emulator.state.mappings(stampRef(STAMP2)).find((m) => m.subscriptionId === C(3));
            expect(adatum).to.deep.include({ registrationName: STAMP2, customerSubscriptionId: C(3), declaredTenantId: T(3),
                recordedTenantId: T(3), azureTenantId: adatumInAzure?.tenantId });
            expect(adatumInAzure?.tenantId).to.equal(T(80));
            const fabrikam = report.drifted[1];
            expect(fabrikam).to.deep.include({ registrationName: STAMP1, customerSubscriptionId: C(2), declaredTenantId: T(2), azureTenantId: undefined });
            expect(emulator.state.mappings(stampRef(STAMP1)).map((m) => m.subscriptionId)).to.not.include(C(2));

            const rows = drifted.reportStdout.split("\n").filter((l) => /^\| [\w-]+@\w+ \|/.test(l));
            expect(rows.map((r) => r.split("|")[1].trim())).to.deep.equal(["adatum@east", "fabrikam@west"]);
            expect(rows[0]).to.include("tenant re-pointed outside Pulumi").and.include(T(80));
            expect(rows[1]).to.include("deleted outside Pulumi").and.include("re-create it");
            expect(drifted.reportFile).to.equal(drifted.reportStdout);
            expect(drifted.summary).to.equal(drifted.reportStdout);

            // The fix the report names restores the declaration, and the check passes again.
            await stack.stack.up({ refresh: true, onOutput: stack.onOutput });
            const repaired = await runDriftCheck(stack, env);
            expect([repaired.previewExitCode, repaired.reportExitCode]).to.deep.equal([0, 0]);
        });

        it("also fails on declared changes nobody applied, and tells them apart from changes made in Azure", async () => {
            github.subject = `repo:${REPO}:ref:refs/heads/main`;
            const { stack, env } = await newStack("nightly-pending", workflow, "drift");
            await stack.stack.up({ onOutput: stack.onOutput });
            const data = baseData();
            data.tenants.fabrikam.tenantId = T(51);
            data.tenants.northwind = { tenantId: T(4), customerSubscriptionId: C(4), stamps: ["east"] };
            delete (data.tenants as Record<string, unknown>).adatum;
            await stack.setData(data); // merged, but `pulumi up` did not run
            emulator.clearRequestLog();

            const pending = await runDriftCheck(stack, env);
            capture("pending-changes", pending.previewJson);
            expect([pending.previewExitCode, pending.reportExitCode]).to.deep.equal([7, 1]);
            expect(writes()).to.deep.equal([]);
            const report = driftReport(parsePreviewJson(pending.previewJson));
            expect(report.drifted.map((m) => [m.name, m.kind, m.plannedOperation])).to.deep.equal([
                ["adatum@east", "no-longer-declared", "delete"],
                ["fabrikam@west", "declared-change-not-applied", "update"],
                ["northwind@east", "declared-but-not-created", "create"],
            ]);
            expect(report.drifted[1]).to.deep.include({ declaredTenantId: T(51), azureTenantId: T(2), recordedTenantId: T(2) });
        });

        it("a check that cannot sign in fails the step with the preview's error, not as a clean report", async () => {
            github.subject = `repo:${REPO}:ref:refs/heads/feature`; // a subject no federated credential trusts
            const { stack, env } = await newStack("nightly-signin", workflow, "drift");
            github.subject = `repo:${REPO}:ref:refs/heads/main`;
            await stack.stack.up({ onOutput: stack.onOutput });
            github.subject = `repo:${REPO}:ref:refs/heads/feature`;

            const failed = await runDriftCheck(stack, env);
            capture("signin-refused", failed.previewJson);
            expect(failed.previewExitCode).to.not.equal(0);
            expect(failed.reportExitCode, failed.reportStdout + failed.reportStderr).to.equal(2);
            expect(failed.reportStdout + failed.reportStderr).to.not.include("Tenant mapping drift: none");
        });
    });
});
