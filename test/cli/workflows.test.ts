/**
 * The CI workflows of examples/github-actions, run as GitHub runs them (test/support/githubRunner.ts): every
 * `run:` step through bash exactly as written, with the environment the workflow sets, in a checkout of this
 * repository (`npm ci`, `npm run build`, then the plain `pulumi` CLI with its Node.js language host running
 * Pulumi.yaml's `main`); the actions through the stand-ins of test/support/actionStandIns.ts. Azure is the
 * emulator; GitHub's OIDC token service is a stand-in issuing the emulator's federated tokens with the subject
 * of the trigger (the emulator accepts them only because its seed holds the federated credentials
 * examples/github-actions/README.md tells the CSP to add); `gh` is a stand-in that records the calls;
 * artifacts go to a store the upload and download stand-ins share, so that pull-request-comment.yml's
 * `workflow_run` job gets what pull-request.yml's preview uploaded.
 *
 * The steps before the sign-in (checkout, setup-node, npm ci, npm run build) run once per workflow file, or once
 * for the workflow files whose set-up steps and environment are the same (the later one's workspace is a copy of
 * what they made: the same steps on the same commit make the same files); each scenario then runs the job's
 * remaining steps on that workspace against a stack of its own, deployed beforehand with `pulumi up` by another
 * identity (the CI app only reads).
 *
 * CAPTURE_PREVIEW_JSON=1 also writes the drift check's preview.json to test/unit/fixtures/preview-json/
 * (the unit tests of `azs-mappings drift-report` read those captures).
 */
import { expect } from "chai";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { driftReport, parsePreviewJson } from "../../cli/driftReport";
import { startEmulator, type EmulatorSeed, type RunningEmulator } from "../../emulator";
import { PROJECT_ROOT } from "../../runner/engine";
import {
    azureLogin,
    checkout,
    downloadArtifact,
    installGhStandIn,
    pulumiActions,
    setupNode,
    uploadArtifact,
} from "../support/actionStandIns";
import { CliProject, rootStackConfig } from "../support/cliProject";
import type { StackData } from "../support/engineStack";
import { C, providerSuiteSeed, REGISTRATION_SUBSCRIPTION, RG, STAMP1, STAMP2, T, twoStampStackData } from "../support/fixtures";
import { JobRun, machineNetworkEnv, readWorkflow, type Workflow } from "../support/githubRunner";
import { compileCacheEnv } from "../support/processes";

const WORKFLOWS = path.join(PROJECT_ROOT, "examples", "github-actions");
const RUN_ID = "4242";
const PREVIEW_ARTIFACT = "tenant-mappings-preview";
const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
const REPO = "contoso-csp/tenant-mappings";
const CI_CLIENT = "3c1d2a4b-0000-4000-8000-00000000c1c1";
const DEPLOYER = "3c1d2a4b-0000-4000-8000-00000000d3d3";
const PASSPHRASE = "workflow-test-passphrase";
const ACTIONS = {
    "actions/checkout": { version: "v4", run: checkout },
    "actions/setup-node": { version: "v4", run: setupNode },
    "azure/login": { version: "v2", run: azureLogin },
    "pulumi/actions": { version: "v6", run: pulumiActions },
    "actions/upload-artifact": { version: "v4", run: uploadArtifact },
    "actions/download-artifact": { version: "v4", run: downloadArtifact },
};

function seed(): EmulatorSeed {
    return {
        ...providerSuiteSeed(),
        clients: [
            // The federated credentials examples/github-actions/README.md tells the CSP to add.
            {
                clientId: CI_CLIENT,
                federatedCredentials: [
                    { issuer: GITHUB_ISSUER, subject: `repo:${REPO}:pull_request` },
                    { issuer: GITHUB_ISSUER, subject: `repo:${REPO}:ref:refs/heads/main` },
                ],
            },
            // Whoever runs `pulumi up` (not these workflows).
            { clientId: DEPLOYER, clientSecret: "deployer-secret" },
        ],
    } as EmulatorSeed;
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
        const value = await this.emulator.mintFederatedToken({
            clientId: CI_CLIENT,
            subject: this.subject,
            audience: audience ?? undefined,
        });
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

describe("CI workflows (examples/github-actions) run as GitHub runs them, with the plain Pulumi CLI", function () {
    this.timeout(20 * 60_000);
    let emulator: RunningEmulator;
    let github: GitHubTokenService;
    let machine: string;
    let ghLog: string;

    const stampRef = (name: string) => ({ subscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RG, name });
    const writes = () => emulator.requestLog().filter((r) => r.kind === "arm" && r.method !== "GET");
    const allMappings = () =>
        [STAMP1, STAMP2]
            .flatMap((stamp) => emulator.state.mappings(stampRef(stamp)).map((m) => `${stamp}/${m.subscriptionId}=${m.tenantId}`))
            .sort();
    const ghCalls = () =>
        readFileSync(ghLog, "utf8")
            .split("\n")
            .filter(Boolean)
            .map((l) => JSON.parse(l) as { args: string[]; body?: string; token?: string });

    before(async () => {
        emulator = await startEmulator({ seed: seed(), subscriptionIdMatching: "arm-case-insensitive" });
        github = new GitHubTokenService(emulator);
        await github.start();
        machine = mkdtempSync(path.join(os.tmpdir(), "csm-workflows-"));
        installGhStandIn(path.join(machine, "bin"));
        ghLog = path.join(machine, "gh-calls.jsonl");
    });
    after(async () => {
        await github?.stop();
        await emulator?.stop();
        if (machine) rmSync(machine, { recursive: true, force: true });
    });
    beforeEach(async () => {
        for (const stamp of [STAMP1, STAMP2]) {
            for (const m of emulator.state.mappings(stampRef(stamp))) await emulator.state.deleteMapping(stampRef(stamp), m.subscriptionId);
        }
        writeFileSync(ghLog, "");
        emulator.clearRequestLog();
        github.issued.length = 0;
    });

    /** The workspace each distinct set-up (steps and environment) made, before any scenario ran in it. */
    const setUpWorkspaces = new Map<string, Workspace>();

    /**
     * One workflow's workspace: checked out, set up and built by the workflow's own first steps. Each scenario
     * deploys its stack there, then runs the job's remaining steps.
     */
    class Workspace {
        readonly dir: string;
        readonly workflow: Workflow;
        /** The stack's deployer: the plain CLI in the workspace with its own identity; the backend the workflow's vars name. */
        readonly deployer: CliProject;
        setUpEntries: string[] = [];

        constructor(
            readonly file: string,
            readonly job: string,
        ) {
            this.workflow = readWorkflow(path.join(WORKFLOWS, file));
            this.dir = path.join(machine, file.replace(/\W/g, "-"), "workspace");
            mkdirSync(this.dir, { recursive: true });
            this.deployer = new CliProject(this.dir, path.dirname(this.dir), {
                ...emulator.clientEnv(DEPLOYER),
                PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
            });
        }

        /** The job's steps before it signs in (azure/login), which every scenario runs with its own trigger. */
        get setUpSteps() {
            const steps = this.workflow.jobs[this.job].steps;
            const first = steps.findIndex((s) => s.uses?.startsWith("azure/login@"));
            expect(first, `${this.file}: no azure/login step`).to.be.greaterThan(0);
            return { setUp: steps.slice(0, first), rest: steps.slice(first) };
        }

        newJob(stack: string, subject: string, openIssue = "", headRepo = REPO): JobRun {
            github.subject = subject;
            return new JobRun({
                workflow: this.workflow,
                job: this.job,
                workspace: this.dir,
                contexts: {
                    // As examples/github-actions/README.md sets them up, with a self-managed (file) backend.
                    // The workflows' app (named AZURE_CLIENT_ID or, read-only, AZURE_READER_CLIENT_ID) is the CI app either way.
                    vars: {
                        AZURE_CLIENT_ID: CI_CLIENT,
                        AZURE_READER_CLIENT_ID: CI_CLIENT,
                        AZURE_TENANT_ID: emulator.tenantId,
                        PULUMI_STACK: stack,
                        PULUMI_BACKEND_URL: `file://${this.deployer.backendDir}`,
                    },
                    secrets: { PULUMI_CONFIG_PASSPHRASE: PASSPHRASE, PULUMI_ACCESS_TOKEN: "", PULUMI_READ_ACCESS_TOKEN: "" },
                    github: {
                        token: "github-token-for-the-test",
                        server_url: "https://github.com",
                        repository: REPO,
                        run_id: RUN_ID,
                        event_name: subject.endsWith(":pull_request") ? "pull_request" : "schedule",
                        "event.pull_request.number": "7",
                        "event.pull_request.head.repo.full_name": headRepo,
                    },
                },
                machineEnv: {
                    ...machineNetworkEnv(),
                    ...compileCacheEnv(),
                    PATH: process.env
                        .PATH!.split(path.delimiter)
                        .filter((dir) => !dir.includes("pulumi-v"))
                        .concat(path.join(machine, "bin"))
                        .join(path.delimiter),
                    HOME: process.env.HOME ?? os.homedir(),
                    PULUMI_HOME: path.join(machine, "runner-pulumi-home"),
                    // The rules of this repository's tests; a hosted runner may download plugins and check for updates.
                    PULUMI_SKIP_UPDATE_CHECK: "true",
                    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
                    // setup-node's `cache: npm` restores the npm cache; nothing else to ask the registry.
                    npm_config_prefer_offline: "true",
                    npm_config_audit: "false",
                    npm_config_fund: "false",
                    // Azure is the emulator.
                    AZURE_RESOURCE_MANAGER_ENDPOINT: emulator.armEndpoint,
                    AZURE_AUTHORITY_HOST: emulator.authorityHost,
                    NODE_EXTRA_CA_CERTS: emulator.clientEnv().NODE_EXTRA_CA_CERTS, // the machine's CAs and the emulator's
                    AZURESTACK_MAPPINGS_LOCALE: "en",
                    GH_STAND_IN_LOG: ghLog,
                    GH_STAND_IN_OPEN_ISSUE: openIssue,
                },
                idTokenService: { url: github.url, requestToken: github.requestToken },
                actions: ACTIONS,
                artifactStore: path.join(machine, "artifacts"),
            });
        }

        /** Runs the job's set-up steps, which must all pass; or copies the workspace they made for another workflow file. */
        async setUp(): Promise<void> {
            const key = JSON.stringify([this.setUpSteps.setUp, this.workflow.env ?? {}, this.workflow.jobs[this.job].env ?? {}]);
            const madeBefore = setUpWorkspaces.get(key);
            if (madeBefore) {
                // What its set-up made, not what its scenarios added since (they only add entries: stack files, outputs).
                for (const entry of madeBefore.setUpEntries)
                    cpSync(path.join(madeBefore.dir, entry), path.join(this.dir, entry), { recursive: true, verbatimSymlinks: true });
            } else {
                const job = this.newJob("unused", `repo:${REPO}:ref:refs/heads/main`);
                const runs = await job.run(this.setUpSteps.setUp);
                for (const r of runs)
                    expect(r.outcome, `${this.file} set-up step '${r.label}':\n${r.stdout}\n${r.stderr}`).to.equal("success");
                setUpWorkspaces.set(key, this);
            }
            this.setUpEntries = readdirSync(this.dir);
        }

        /**
         * A stack deployed from this workspace (Pulumi.<stack>.yaml as committed, then `pulumi up`), as before the
         * workflow runs. Not what is tested, so without the preview `up` runs first (half its CPU).
         */
        async deploy(stack: string, data: StackData): Promise<void> {
            await this.deployer.initStack(stack, rootStackConfig(data));
            await this.deployer.pulumiOk(["up", "--yes", "--skip-preview", "--stack", stack]);
        }

        /** The job's remaining steps, on a workspace without the files an earlier run left (a fresh checkout has none). */
        async run(stack: string, subject: string, openIssue = "", headRepo = REPO): Promise<JobRun> {
            for (const entry of readdirSync(this.dir)) {
                if (!this.setUpEntries.includes(entry) && !/^Pulumi\..+\.yaml$/.test(entry))
                    rmSync(path.join(this.dir, entry), { recursive: true });
            }
            emulator.clearRequestLog();
            github.issued.length = 0;
            const job = this.newJob(stack, subject, openIssue, headRepo);
            await job.run(this.setUpSteps.rest);
            return job;
        }

        read(file: string): string {
            return readFileSync(path.join(this.dir, file), "utf8");
        }
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

    const details = (job: JobRun) =>
        job.runs.map((r) => `--- ${r.label} (${r.outcome}, exit ${r.code})\n${r.stdout}\n${r.stderr}`).join("\n");

    describe("pull-request.yml", () => {
        const PR = `repo:${REPO}:pull_request`;
        let workspace: Workspace;
        before(async () => {
            workspace = new Workspace("pull-request.yml", "preview");
            await workspace.setUp();
        });

        it("a pull request that re-points, adds and removes entries: the preview step shows exactly that, signed in with the pull request's federated token, and writes nothing", async () => {
            await workspace.deploy("pr", twoStampStackData());
            const before = allMappings();
            // The pull request's change to Pulumi.pr.yaml.
            const data = twoStampStackData();
            data.tenants.fabrikam.tenantId = T(50); // re-point
            data.tenants.northwind = { tenantId: T(4), customerSubscriptionId: C(4), stamps: ["east"] }; // add
            delete (data.tenants as Record<string, unknown>).adatum; // remove
            workspace.deployer.setConfig("pr", rootStackConfig(data));

            const job = await workspace.run("pr", PR);
            expect(job.skippedJob, "the job ran").to.equal(false);
            expect(job.failed, details(job)).to.equal(false);
            expect(job.runs.map((r) => r.label)).to.deep.equal([
                "azure/login@v2",
                "pulumi/actions@v6",
                "Preview",
                "actions/upload-artifact@v4",
            ]);
            const preview = job.result("Preview");
            expect(preview.stdout)
                .to.match(/\+ .*northwind@east/)
                .and.match(/~ .*fabrikam@west/)
                .and.match(/- .*adatum@east/);
            expect(preview.stdout)
                .to.match(/\+ 1 to create/)
                .and.match(/~ 1 to update/)
                .and.match(/- 1 to delete/);
            expect(preview.stdout).to.include(T(50)); // --diff shows the new tenant
            expect(writes()).to.deep.equal([]);
            expect(allMappings()).to.deep.equal(before);
            // The preflight of the new and changed mappings reads Azure, so the preview did sign in.
            expectSignedInWithWorkloadIdentity(PR);
            // What the comment workflow gets: the plan as printed, and the preview's exit code.
            const uploaded = path.join(machine, "artifacts", RUN_ID, PREVIEW_ARTIFACT);
            expect(readdirSync(uploaded).sort()).to.deep.equal(["exit-code", "preview.txt"]);
            expect(readFileSync(path.join(uploaded, "preview.txt"), "utf8")).to.equal(preview.stdout);
            expect(readFileSync(path.join(uploaded, "exit-code"), "utf8")).to.equal("0\n");
        });

        describe("pull-request-comment.yml, when the preview run completes", () => {
            const comments = readWorkflow(path.join(WORKFLOWS, "pull-request-comment.yml"));
            const HEAD_SHA = "0123456789abcdef0123456789abcdef01234567";

            /** The comment job, in a workspace of its own (it checks nothing out), for a completed run of pull-request.yml. */
            async function commentJob(run: {
                id: string;
                conclusion?: string;
                pullRequest?: string;
                lastComment?: boolean;
            }): Promise<JobRun> {
                writeFileSync(ghLog, "");
                const workspace = mkdtempSync(path.join(machine, "comment-"));
                const job = new JobRun({
                    workflow: comments,
                    job: "comment",
                    workspace,
                    contexts: {
                        vars: {},
                        secrets: {},
                        github: {
                            token: "github-token-for-the-test",
                            repository: REPO,
                            run_id: "5151",
                            event_name: "workflow_run",
                            "event.workflow_run.event": "pull_request",
                            "event.workflow_run.conclusion": run.conclusion ?? "success",
                            "event.workflow_run.id": run.id,
                            "event.workflow_run.head_sha": HEAD_SHA,
                            "event.workflow_run.html_url": `https://github.com/${REPO}/actions/runs/${run.id}`,
                            "event.workflow_run.pull_requests[0].number": run.pullRequest ?? "7",
                        },
                    },
                    machineEnv: {
                        PATH: [path.join(machine, "bin"), process.env.PATH].join(path.delimiter),
                        HOME: process.env.HOME ?? os.homedir(),
                        GH_STAND_IN_LOG: ghLog,
                        GH_STAND_IN_LAST_COMMENT: run.lastComment ? "1" : "",
                    },
                    idTokenService: { url: github.url, requestToken: github.requestToken },
                    actions: ACTIONS,
                    artifactStore: path.join(machine, "artifacts"),
                });
                await job.run();
                return job;
            }
            /** An artifact as a job that ran a pull request's code could have written it. */
            function craftedArtifact(runId: string, files: Record<string, string>): void {
                const dir = path.join(machine, "artifacts", runId, PREVIEW_ARTIFACT);
                mkdirSync(dir, { recursive: true });
                for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
            }

            it("posts the uploaded plan as the pull request's comment (a new one, then editing it), with a GitHub token and no other credential", async () => {
                const plan = readFileSync(path.join(machine, "artifacts", RUN_ID, PREVIEW_ARTIFACT, "preview.txt"), "utf8");
                const first = await commentJob({ id: RUN_ID });
                expect(first.failed, details(first)).to.equal(false);
                const calls = ghCalls();
                expect(calls.map((c) => c.args)).to.deep.equal([
                    ["pr", "comment", "7", "--body-file", "comment.md", "--edit-last"],
                    ["pr", "comment", "7", "--body-file", "comment.md"],
                ]);
                const body = calls[1].body!;
                expect(body.split("\n").slice(0, 4)).to.deep.equal([
                    "<!-- tenant-mappings-preview -->",
                    `**Tenant mappings**: the plan of \`pulumi preview\` for ${HEAD_SHA.slice(0, 12)}`,
                    "",
                    "```",
                ]);
                expect(body)
                    .to.include(`\n\`\`\`\n${plan}\n\`\`\`\n`)
                    .and.include(`[Workflow run](https://github.com/${REPO}/actions/runs/${RUN_ID})`);
                expect(calls[1].token).to.equal("github-token-for-the-test");

                await commentJob({ id: RUN_ID, lastComment: true });
                expect(ghCalls().map((c) => c.args.at(-1))).to.deep.equal(["--edit-last"]);
            });

            it("treats the artifact as data: backticks, Markdown and shell in the plan stay text inside a longer fence; an exit code that is not a number, or a run of no pull request, posts nothing", async () => {
                const hostile = "````\n<!-- x --> @contoso-csp/admins $(touch pwned) `touch pwned2` ${GH_TOKEN}\n</details>";
                craftedArtifact("6001", { "preview.txt": hostile, "exit-code": "3\n" });
                const job = await commentJob({ id: "6001", conclusion: "failure" });
                expect(job.failed, details(job)).to.equal(false);
                const body = ghCalls().at(-1)!.body!;
                expect(body).to.include("`pulumi preview` failed (exit code 3)");
                expect(body).to.include(`\n\`\`\`\`\`\n${hostile}\n\`\`\`\`\`\n`);
                expect(body).to.not.include("github-token-for-the-test");
                expect(existsSync(path.join(job.workspace, "pwned")) || existsSync(path.join(job.workspace, "pwned2"))).to.equal(false);

                craftedArtifact("6002", { "preview.txt": "plan", "exit-code": "0; touch pwned\n" });
                const badStatus = await commentJob({ id: "6002" });
                expect(badStatus.result("Comment the preview").stdout).to.include("the preview artifact's exit code is not a number");
                expect(ghCalls()).to.deep.equal([]);
                expect(existsSync(path.join(badStatus.workspace, "pwned"))).to.equal(false);

                craftedArtifact("6003", { "preview.txt": "plan", "exit-code": "0\n" });
                const noPullRequest = await commentJob({ id: "6003", pullRequest: "" });
                expect(noPullRequest.result("Comment the preview").outcome).to.equal("failure");
                expect(ghCalls()).to.deep.equal([]);

                const cancelled = await commentJob({ id: "6003", conclusion: "cancelled" });
                expect(cancelled.skippedJob).to.equal(true);
            });
        });
    });

    describe("nightly-drift.yml", () => {
        const MAIN = `repo:${REPO}:ref:refs/heads/main`;
        let workspace: Workspace;
        before(async () => {
            workspace = new Workspace("nightly-drift.yml", "drift");
            await workspace.setUp();
        });

        const capture = (name: string, json: string) => {
            if (!process.env.CAPTURE_PREVIEW_JSON) return;
            const dir = path.join(PROJECT_ROOT, "test", "unit", "fixtures", "preview-json");
            mkdirSync(dir, { recursive: true });
            writeFileSync(path.join(dir, `${name}.json`), json);
        };

        it("clean: every step passes and no issue is opened; after a tenant re-pointed and a mapping deleted behind Pulumi's back the job fails, the report names exactly those, and the drift issue is opened, then commented; `pulumi up --refresh` repairs it", async () => {
            await workspace.deploy("nightly", twoStampStackData());

            const clean = await workspace.run("nightly", MAIN);
            capture("clean", workspace.read("preview.json"));
            expect(
                clean.runs.filter((r) => r.outcome !== "success").map((r) => `${r.label}: ${r.outcome}`),
                details(clean),
            ).to.deep.equal(["Open or update the drift issue: skipped"]);
            expect(clean.result("Drift check").stdout)
                .to.include("Tenant mapping drift: none")
                .and.include("All 4 mapping(s)")
                .and.include("pulumi preview exited with 0, the drift report with 0");
            expect(readFileSync(clean.summaryFile, "utf8")).to.include("Tenant mapping drift: none");
            expect(ghCalls()).to.deep.equal([]);
            expect(writes()).to.deep.equal([]);
            expectSignedInWithWorkloadIdentity(MAIN);

            // Behind Pulumi's back: fabrikam@west deleted, adatum@east re-pointed to another tenant.
            await emulator.state.deleteMapping(stampRef(STAMP1), C(2));
            await emulator.state.putMapping(stampRef(STAMP2), C(3), T(80));
            const inAzure = allMappings();

            const drifted = await workspace.run("nightly", MAIN);
            capture("drift-deleted-and-repointed", workspace.read("preview.json"));
            expect(drifted.result("Drift check").outcome, details(drifted)).to.equal("failure");
            expect(drifted.result("Drift check").stdout).to.include("pulumi preview exited with 7, the drift report with 1");
            expect(drifted.result("Undeclared mappings").outcome).to.not.equal("skipped");
            expect(writes(), "the drift check writes nothing").to.deep.equal([]);
            expect(allMappings()).to.deep.equal(inAzure);

            const report = driftReport(parsePreviewJson(workspace.read("preview.json")));
            expect(report.mappingsChecked).to.equal(4);
            expect(report.drifted.map((m) => [m.name, m.kind])).to.deep.equal([
                ["adatum@east", "tenant-repointed-outside-pulumi"],
                ["fabrikam@west", "deleted-outside-pulumi"],
            ]);
            expect(report.drifted[0]).to.deep.include({
                registrationName: STAMP2,
                customerSubscriptionId: C(3),
                declaredTenantId: T(3),
                recordedTenantId: T(3),
                azureTenantId: T(80),
            });
            expect(report.drifted[1]).to.deep.include({
                registrationName: STAMP1,
                customerSubscriptionId: C(2),
                declaredTenantId: T(2),
                azureTenantId: undefined,
            });
            const rows = workspace
                .read("drift-report.md")
                .split("\n")
                .filter((l) => /^\| [\w-]+@\w+ \|/.test(l));
            expect(rows.map((r) => r.split("|")[1].trim())).to.deep.equal(["adatum@east", "fabrikam@west"]);
            expect(rows[0]).to.include("tenant re-pointed outside Pulumi").and.include(T(80));
            expect(rows[1]).to.include("deleted outside Pulumi").and.include("re-create it");
            expect(readFileSync(drifted.summaryFile, "utf8")).to.include(rows[0]);

            // No drift issue open yet: the issue step creates one, with the report and a link to the run.
            expect(drifted.result("Open or update the drift issue").outcome, details(drifted)).to.equal("success");
            const created = ghCalls();
            expect(created.map((c) => c.args.slice(0, 2))).to.deep.equal([
                ["issue", "list"],
                ["issue", "create"],
            ]);
            expect(created[1].args).to.deep.equal([
                "issue",
                "create",
                "--title",
                "Tenant mapping drift on nightly",
                "--body-file",
                "drift-report.md",
            ]);
            expect(created[1].body)
                .to.include(rows[0])
                .and.include(rows[1])
                .and.include(`[Workflow run](https://github.com/${REPO}/actions/runs/4242)`);
            expect(created[1].token).to.equal("github-token-for-the-test");

            // The next night, with that issue open: a comment on it instead.
            writeFileSync(ghLog, "");
            const again = await workspace.run("nightly", MAIN, "17");
            expect(again.result("Drift check").outcome).to.equal("failure");
            expect(ghCalls().map((c) => c.args.slice(0, 3))).to.deep.equal([
                ["issue", "list", "--state"],
                ["issue", "comment", "17"],
            ]);

            // The fix the report names restores the declaration, and the job passes again.
            await workspace.deployer.pulumiOk(["up", "--refresh", "--yes", "--stack", "nightly"]);
            const repaired = await workspace.run("nightly", MAIN);
            expect(repaired.failed, details(repaired)).to.equal(false);
        });

        it("also fails on declared changes nobody applied, and tells them apart from changes made in Azure", async () => {
            await workspace.deploy("pending", twoStampStackData());
            const data = twoStampStackData();
            data.tenants.fabrikam.tenantId = T(51);
            data.tenants.northwind = { tenantId: T(4), customerSubscriptionId: C(4), stamps: ["east"] };
            delete (data.tenants as Record<string, unknown>).adatum;
            workspace.deployer.setConfig("pending", rootStackConfig(data)); // merged, but `pulumi up` did not run

            const job = await workspace.run("pending", MAIN);
            capture("pending-changes", workspace.read("preview.json"));
            expect(job.result("Drift check").outcome, details(job)).to.equal("failure");
            expect(job.result("Drift check").stdout).to.include("pulumi preview exited with 7, the drift report with 1");
            expect(writes()).to.deep.equal([]);
            const report = driftReport(parsePreviewJson(workspace.read("preview.json")));
            expect(report.drifted.map((m) => [m.name, m.kind, m.plannedOperation])).to.deep.equal([
                ["adatum@east", "no-longer-declared", "delete"],
                ["fabrikam@west", "declared-change-not-applied", "update"],
                ["northwind@east", "declared-but-not-created", "create"],
            ]);
            expect(report.drifted[1]).to.deep.include({ declaredTenantId: T(51), azureTenantId: T(2), recordedTenantId: T(2) });
        });

        it("a run that cannot sign in fails at azure/login, naming the refused subject, and checks nothing", async () => {
            await workspace.deploy("signin", twoStampStackData());
            const job = await workspace.run("signin", `repo:${REPO}:ref:refs/heads/feature`); // a subject no federated credential trusts
            expect(job.result("azure/login@v2").outcome, details(job)).to.equal("failure");
            expect(job.result("azure/login@v2").stderr).to.include(`Assertion Subject: 'repo:${REPO}:ref:refs/heads/feature'`);
            expect(job.result("Drift check").outcome).to.equal("skipped");
            expect(existsSync(path.join(workspace.dir, "preview.json"))).to.equal(false);
            expect(emulator.requestLog().filter((r) => r.kind === "arm")).to.deep.equal([]);
        });

        it("the undeclared-mappings step lists what Azure holds that no entry declares, fails the job, and writes nothing", async () => {
            await workspace.deploy("undeclared", twoStampStackData());
            // By hand, outside the stack: one more mapping on east.
            await emulator.state.putMapping(stampRef(STAMP2), C(9), T(9));
            const config = readFileSync(workspace.deployer.stackConfigFile("undeclared"), "utf8");

            const job = await workspace.run("undeclared", MAIN);
            expect(job.result("Drift check").outcome, details(job)).to.equal("success");
            const step = job.result("Undeclared mappings");
            expect(step.outcome, details(job)).to.equal("failure");
            const rows = step.stdout.split("\n").filter((l) => /^\| (west|east) \|/.test(l));
            expect(rows).to.deep.equal([`| east | ${C(9)} | ${T(9)} |`]);
            expect(step.stdout).to.include("does not declare: 1").and.include("adopts them without writing");
            expect(readFileSync(job.summaryFile, "utf8")).to.include(rows[0]);
            expect(writes(), "the check writes nothing").to.deep.equal([]);
            expect(readFileSync(workspace.deployer.stackConfigFile("undeclared"), "utf8")).to.equal(config);
            expect(ghCalls().find((c) => c.args[1] === "create")?.body).to.include(rows[0]);
            expectSignedInWithWorkloadIdentity(MAIN);
        });
    });
});
