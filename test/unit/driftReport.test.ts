/**
 * `azs-mappings drift-report` on preview JSON captured from the real engine by the workflows e2e suite
 * (CAPTURE_PREVIEW_JSON=1 npm test -- dist/test/cli/workflows.test.js rewrites test/unit/fixtures/preview-json/).
 */
import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { driftReport, parsePreviewJson, renderMarkdown } from "../../cli/driftReport";
import { C, T } from "../support/fixtures";
import { runCommandSync } from "../support/processes";

const FIXTURES = path.join(__dirname, "..", "..", "..", "test", "unit", "fixtures", "preview-json");
const CLI = path.join(__dirname, "..", "..", "cli", "main.js");
const capture = (name: string) => readFileSync(path.join(FIXTURES, `${name}.json`), "utf8");

describe("azs-mappings drift-report", () => {
    it("a clean stack: every mapping checked, nothing drifted", () => {
        const report = driftReport(parsePreviewJson(capture("clean")));
        expect(report).to.deep.equal({ mappingsChecked: 4, drifted: [], errors: [] });
        expect(renderMarkdown(report)).to.include("## Tenant mapping drift: none").and.include("All 4 mapping(s)");
    });

    it("a mapping deleted and one re-pointed in Azure: exactly those two, with what Azure holds", () => {
        const report = driftReport(parsePreviewJson(capture("drift-deleted-and-repointed")));
        expect(report.errors).to.deep.equal([]);
        expect(report.drifted).to.deep.equal([
            {
                name: "adatum@east",
                kind: "tenant-repointed-outside-pulumi",
                id:
                    "/subscriptions/5a1e0000-0000-4000-8000-000000000001/resourceGroups/azurestack/providers/Microsoft.AzureStack/registrations/azurestack-stamp2/customerSubscriptions/" +
                    C(3),
                customerSubscriptionId: C(3),
                registrationName: "azurestack-stamp2",
                declaredTenantId: T(3),
                azureTenantId: T(80),
                recordedTenantId: T(3),
                otherDifferences: [],
                plannedOperation: "update",
            },
            {
                name: "fabrikam@west",
                kind: "deleted-outside-pulumi",
                id:
                    "/subscriptions/5a1e0000-0000-4000-8000-000000000001/resourceGroups/azurestack/providers/Microsoft.AzureStack/registrations/azurestack-stamp1/customerSubscriptions/" +
                    C(2),
                customerSubscriptionId: C(2),
                registrationName: "azurestack-stamp1",
                declaredTenantId: T(2),
                azureTenantId: undefined,
                recordedTenantId: T(2),
                otherDifferences: [],
                plannedOperation: "create",
            },
        ]);
        const markdown = renderMarkdown(report);
        expect(markdown).to.include("## Tenant mapping drift: 2 mapping(s)");
        expect(markdown).to.include(
            `| adatum@east | azurestack-stamp2 | ${C(3)} | tenant re-pointed outside Pulumi | ${T(3)} | ${T(80)} | update it to the declared tenant |`,
        );
        expect(markdown).to.include(
            `| fabrikam@west | azurestack-stamp1 | ${C(2)} | deleted outside Pulumi | ${T(2)} | none (deleted) | re-create it |`,
        );
    });

    it("declared changes nobody applied: a removed, a changed and an added entry", () => {
        const report = driftReport(parsePreviewJson(capture("pending-changes")));
        expect(report.drifted.map((m) => [m.name, m.kind, m.declaredTenantId, m.azureTenantId])).to.deep.equal([
            ["adatum@east", "no-longer-declared", undefined, T(3)],
            ["fabrikam@west", "declared-change-not-applied", T(51), T(2)],
            ["northwind@east", "declared-but-not-created", T(4), undefined],
        ]);
        const markdown = renderMarkdown(report);
        expect(markdown).to.include("in the stack, no longer declared").and.include("declared, never created");
    });

    it("a preview that could not sign in is a failure with one line per mapping, never a clean report", () => {
        const report = driftReport(parsePreviewJson(capture("signin-refused")));
        expect(report.drifted).to.deep.equal([]);
        expect(report.errors).to.have.length(5);
        for (const name of ["adatum@east", "contoso@east", "contoso@west", "fabrikam@west"]) {
            expect(report.errors).to.include(
                `${name}: error: Preview failed: AuthenticationFailed: No access token could be obtained for Azure Resource Manager.`,
            );
        }
        const markdown = renderMarkdown(report);
        expect(markdown).to.include("the preview failed").and.not.include("drift: none");
    });

    it("refuses what is not preview JSON", () => {
        expect(() => parsePreviewJson("error: no changes were expected")).to.throw(/not the JSON of `pulumi preview --json`/);
        expect(() => parsePreviewJson("{}")).to.throw(/no steps and no diagnostics/);
    });

    describe("the command", () => {
        const dir = mkdtempSync(path.join(tmpdir(), "drift-report-"));
        after(() => rmSync(dir, { recursive: true, force: true }));
        const run = (file: string) => {
            const summary = path.join(dir, "summary.md");
            writeFileSync(summary, "previous step\n");
            const output = path.join(dir, "report.md");
            const result = runCommandSync(process.execPath, [CLI, "drift-report", file, "--output", output], {
                env: { ...process.env, GITHUB_STEP_SUMMARY: summary },
            });
            return { ...result, summary: readFileSync(summary, "utf8"), output: readFileSync(output, "utf8") };
        };

        it("exit code 0 clean, 1 on drift, 2 on a failed preview; the report on stdout, in --output and appended to the step summary", () => {
            const cases: Array<[string, number]> = [
                ["clean", 0],
                ["drift-deleted-and-repointed", 1],
                ["pending-changes", 1],
                ["signin-refused", 2],
            ];
            for (const [name, exitCode] of cases) {
                const result = run(path.join(FIXTURES, `${name}.json`));
                expect(result.code, `${name}: ${result.stderr}`).to.equal(exitCode);
                expect(result.output).to.equal(result.stdout);
                expect(result.summary).to.equal(`previous step\n${result.stdout}`);
            }
        });

        it("exit code 2 with a message for a file that is not preview JSON (e.g. the preview crashed before printing)", () => {
            const empty = path.join(dir, "empty.json");
            writeFileSync(empty, "");
            const result = runCommandSync(process.execPath, [CLI, "drift-report", empty]);
            expect(result.code).to.equal(2);
            expect(result.stderr).to.match(/azs-mappings: not the JSON of `pulumi preview --json`/);
        });
    });
});
