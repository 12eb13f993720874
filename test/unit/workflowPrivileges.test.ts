/**
 * The example workflows hand the jobs that run a pull request's code (and the nightly check) read-only
 * credentials only (examples/github-actions/README.md, "Least privilege"): the reader app, a read-only Pulumi
 * token, a GitHub token that can only read where the pull request's code runs, and write only in jobs that
 * run none of it; no fork pull request run with secrets. The repository's own workflows (.github/workflows)
 * likewise: CI reads, and of the release's jobs only those that run no repository code can write.
 */
import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";

const ROOT = path.join(__dirname, "..", "..", "..");
const WORKFLOWS = path.join(ROOT, "examples", "github-actions");

interface Workflow {
    on: Record<string, unknown>;
    permissions: Record<string, string>;
    env: Record<string, string>;
    jobs: Record<
        string,
        {
            if?: string;
            permissions?: unknown;
            environment?: unknown;
            env?: Record<string, string>;
            steps: Array<{ uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> }>;
        }
    >;
}

function load(file: string, dir = WORKFLOWS): { text: string; workflow: Workflow } {
    const text = readFileSync(path.join(dir, file), "utf8");
    return { text, workflow: parseYaml(text) as Workflow };
}

/** Every `secrets.X` and `vars.X` the file uses. */
function references(text: string, kind: "secrets" | "vars"): string[] {
    return [...new Set([...text.matchAll(new RegExp(`\\$\\{\\{\\s*${kind}\\.(\\w+)\\s*\\}\\}`, "g"))].map((m) => m[1]))].sort();
}

const steps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((j) => j.steps);

describe("example workflows: least privilege", () => {
    for (const [file, githubWrite] of [
        ["pull-request.yml", undefined],
        ["nightly-drift.yml", "issues"],
    ] as const) {
        describe(file, () => {
            const { text, workflow } = load(file);

            it("signs in to Azure as the reader app and to the backend with the read-only token, nothing else", () => {
                expect(workflow.env.ARM_CLIENT_ID).to.equal("${{ vars.AZURE_READER_CLIENT_ID }}");
                expect(workflow.env.PULUMI_ACCESS_TOKEN).to.equal("${{ secrets.PULUMI_READ_ACCESS_TOKEN }}");
                expect(references(text, "secrets")).to.deep.equal(["PULUMI_CONFIG_PASSPHRASE", "PULUMI_READ_ACCESS_TOKEN"]);
                expect(references(text, "vars")).to.deep.equal([
                    "AZURE_READER_CLIENT_ID",
                    "AZURE_TENANT_ID",
                    "PULUMI_BACKEND_URL",
                    "PULUMI_STACK",
                ]);
                // No client secret, storage key or write-capable token, under any name the README warns about.
                expect(text).to.not.match(/ARM_CLIENT_SECRET|AZURE_CLIENT_SECRET|AZURE_STORAGE_KEY|secrets\.PULUMI_ACCESS_TOKEN/);
            });

            it(`asks GitHub for contents: read and the id-token${githubWrite ? `, and ${githubWrite}: write` : ""} only; no job widens it`, () => {
                expect(workflow.permissions).to.deep.equal({
                    "id-token": "write",
                    contents: "read",
                    ...(githubWrite ? { [githubWrite]: "write" } : {}),
                });
                for (const job of Object.values(workflow.jobs)) {
                    expect(job.permissions).to.equal(undefined);
                    expect(job.environment, "a protected environment is the deploy job's, not this one's").to.equal(undefined);
                }
            });

            it("keeps the job's GitHub token out of the checkout", () => {
                const checkouts = Object.values(workflow.jobs)
                    .flatMap((j) => j.steps)
                    .filter((s) => s.uses?.startsWith("actions/checkout@"));
                expect(checkouts).to.have.length.greaterThan(0);
                for (const step of checkouts) expect(step.with?.["persist-credentials"]).to.equal(false);
            });
        });
    }

    it("pull-request.yml runs on pull_request only, never pull_request_target, and skips forks' pull requests", () => {
        const { workflow } = load("pull-request.yml");
        expect(Object.keys(workflow.on)).to.deep.equal(["pull_request"]);
        expect(workflow.jobs.preview.if).to.equal("github.event.pull_request.head.repo.full_name == github.repository");
    });

    it("pull-request-comment.yml, which can comment, runs after the preview without its code or any credential but the GitHub token", () => {
        const { text, workflow } = load("pull-request-comment.yml");
        const preview = load("pull-request.yml").workflow as unknown as { name: string };
        expect(workflow.on).to.deep.equal({ workflow_run: { workflows: [preview.name], types: ["completed"] } });
        expect(workflow.permissions).to.deep.equal({ actions: "read", "pull-requests": "write" });
        expect(references(text, "secrets")).to.deep.equal([]);
        expect(references(text, "vars")).to.deep.equal([]);
        const used = steps(workflow);
        expect(used.filter((s) => s.uses).map((s) => s.uses)).to.deep.equal(["actions/download-artifact@v4"]);
        for (const step of used.filter((s) => s.run))
            expect(step.run).to.not.match(/^\s*(npm|npx|node|pulumi|git|source|eval|bash|sh)\b|\.\//m);
    });

    it("no run: script expands ${{ }} itself: outside values reach scripts as environment variables only", () => {
        for (const file of ["pull-request.yml", "pull-request-comment.yml", "nightly-drift.yml"]) {
            for (const step of steps(load(file).workflow).filter((s) => s.run)) expect(step.run, file).to.not.include("${{");
        }
    });
});

describe("the repository's own workflows: least privilege", () => {
    const own = (file: string) => load(file, path.join(ROOT, ".github", "workflows"));

    it("ci.yml runs npm test on pushes to main and pull requests with a read-only token and no secret", () => {
        const { text, workflow } = own("ci.yml");
        expect(workflow.on).to.deep.equal({ push: { branches: ["main"] }, pull_request: null });
        expect(workflow.permissions).to.deep.equal({ contents: "read" });
        expect(Object.values(workflow.jobs).map((j) => j.permissions)).to.deep.equal([undefined]);
        expect(references(text, "secrets")).to.deep.equal([]);
        expect(
            steps(workflow)
                .map((s) => s.run)
                .filter(Boolean),
        ).to.deep.equal(["npm test"]);
        for (const step of steps(workflow).filter((s) => s.uses?.startsWith("actions/checkout@")))
            expect(step.with?.["persist-credentials"]).to.equal(false);
        // The tool cache (scripts/lib.sh's default place) is kept between runs, keyed by every file that pins a tool.
        const cache = steps(workflow).find((s) => s.uses?.startsWith("actions/cache@"));
        expect(cache?.with?.path).to.equal("~/.cache/azurestack-tenant-mappings");
        const npmTools = readdirSync(path.join(ROOT, "scripts")).filter((name) => name.endsWith("-tool"));
        expect(npmTools).to.include.members(["azurite-tool", "oav-tool"]);
        for (const pins of ["scripts/lib.sh", "package.json", ...npmTools.map((tool) => `scripts/${tool}/package-lock.json`)])
            expect(String(cache?.with?.key)).to.include(`'${pins}'`);
    });

    it("release.yml: only the build job runs the repository's code, read-only; the release job can write and runs only gh; npm publishing waits for NPM_PUBLISH, with no secret", () => {
        const { text, workflow } = own("release.yml");
        expect(workflow.on).to.deep.equal({ push: { tags: ["v*"] } });
        expect(workflow.permissions).to.deep.equal({ contents: "read" });
        expect(references(text, "secrets")).to.deep.equal([]);
        expect([...new Set([...text.matchAll(/\bvars\.(\w+)/g)].map((m) => m[1]))]).to.deep.equal(["NPM_PUBLISH"]);
        const { build, "github-release": release, "npm-publish": publish } = workflow.jobs;
        expect(Object.keys(workflow.jobs).sort()).to.deep.equal(["build", "github-release", "npm-publish"]);
        expect(build.permissions).to.equal(undefined);
        expect(
            build.steps.filter((s) => s.uses?.startsWith("actions/checkout@")).map((s) => s.with?.["persist-credentials"]),
        ).to.deep.equal([false]);
        expect(release.permissions).to.deep.equal({ contents: "write" });
        expect(release.steps.map((s) => s.uses ?? s.run?.split(" ")[0])).to.deep.equal(["actions/download-artifact@v4", "gh"]);
        expect(publish.if).to.equal("vars.NPM_PUBLISH == 'true'");
        expect(publish.environment).to.equal("npm");
        expect(publish.permissions).to.deep.equal({ contents: "read", "id-token": "write" });
        expect(publish.steps.some((s) => s.uses?.startsWith("actions/checkout@"))).to.equal(false);
    });
});
