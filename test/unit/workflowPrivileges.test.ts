/**
 * The example workflows hand the jobs that run a pull request's code (and the nightly check) read-only
 * credentials only (examples/github-actions/README.md, "Least privilege"): the reader app, a read-only Pulumi
 * token, GitHub token scopes limited to the job's one write, no fork pull request run with secrets.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";

const WORKFLOWS = path.join(__dirname, "..", "..", "..", "examples", "github-actions");

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
            steps: Array<{ uses?: string; with?: Record<string, unknown>; env?: Record<string, string> }>;
        }
    >;
}

function load(file: string): { text: string; workflow: Workflow } {
    const text = readFileSync(path.join(WORKFLOWS, file), "utf8");
    return { text, workflow: parseYaml(text) as Workflow };
}

/** Every `secrets.X` and `vars.X` the file uses. */
function references(text: string, kind: "secrets" | "vars"): string[] {
    return [...new Set([...text.matchAll(new RegExp(`\\$\\{\\{\\s*${kind}\\.(\\w+)\\s*\\}\\}`, "g"))].map((m) => m[1]))].sort();
}

describe("example workflows: least privilege", () => {
    for (const [file, githubWrite] of [
        ["pull-request.yml", "pull-requests"],
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

            it(`asks GitHub for contents: read, the id-token and ${githubWrite}: write only; no job widens it`, () => {
                expect(workflow.permissions).to.deep.equal({ "id-token": "write", contents: "read", [githubWrite]: "write" });
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
});
