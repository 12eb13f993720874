/**
 * `azs-mappings drift-report` on registration sets, from preview JSON captured from the real engine by the plain-CLI
 * suite (CAPTURE_PREVIEW_JSON=1 npm test -- dist/test/cli/sets.test.js rewrites test/unit/fixtures/preview-json/set-*).
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { driftReport, parsePreviewJson, renderMarkdown } from "../../cli/driftReport";
import { C, STAMP2, T } from "../support/fixtures";

const FIXTURES = path.join(__dirname, "..", "..", "..", "test", "unit", "fixtures", "preview-json");
const capture = (name: string) => readFileSync(path.join(FIXTURES, `${name}.json`), "utf8");

describe("azs-mappings drift-report on registration sets", () => {
    it("lists a set's entries like single mappings: one re-pointed and one deleted outside Pulumi, not the one that stayed", () => {
        const report = driftReport(parsePreviewJson(capture("set-drift")));
        expect(report.errors).to.deep.equal([]);
        expect(report.mappingsChecked).to.equal(3);
        expect(report.drifted).to.deep.equal([
            {
                name: `customers[${C(50)}]`,
                kind: "tenant-repointed-outside-pulumi",
                customerSubscriptionId: C(50),
                registrationName: STAMP2,
                declaredTenantId: T(50),
                azureTenantId: T(59),
                recordedTenantId: T(50),
                otherDifferences: [],
                plannedOperation: "update",
            },
            {
                name: `customers[${C(51)}]`,
                kind: "deleted-outside-pulumi",
                customerSubscriptionId: C(51),
                registrationName: STAMP2,
                declaredTenantId: T(51),
                azureTenantId: undefined,
                recordedTenantId: T(51),
                otherDifferences: [],
                plannedOperation: "create",
            },
        ]);
        expect(renderMarkdown(report)).to.include(`| deleted outside Pulumi | ${T(51)} | none (deleted) | re-create it |`);
    });

    it("lists the mappings a set does not declare, from its warning, whatever else the preview planned (nothing here)", () => {
        const report = driftReport(parsePreviewJson(capture("set-undeclared")));
        expect(report.drifted.map((m) => [m.name, m.kind, m.azureTenantId, m.plannedOperation])).to.deep.equal([
            [`customers[${C(47)}]`, "undeclared", T(47), "none"],
        ]);
        expect(renderMarkdown(report)).to.include("in Azure, not declared by the set").and.include("nothing (`undeclared: warn`)");
    });
});
