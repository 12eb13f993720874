/**
 * `npm test`'s groups (scripts/testGroups.ts): every spec file runs in exactly one group, and mocha run on spec
 * files directly (`npm test -- <files>`) gets what their groups need, no more.
 */
import { expect } from "chai";
import { readdirSync } from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../runner/engine";
import { GROUPS, needsOfSpecs, unitsOf } from "../../scripts/testGroups";

function specFiles(dir: string): string[] {
    return readdirSync(path.join(PROJECT_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
        const relative = `${dir}/${entry.name}`;
        if (entry.isDirectory()) return specFiles(relative);
        return entry.name.endsWith(".test.js") ? [relative] : [];
    });
}

describe("npm test's suite groups", () => {
    it("run every compiled spec file in exactly one group", () => {
        const owners = new Map<string, string[]>();
        for (const group of GROUPS)
            for (const unit of unitsOf(group, PROJECT_ROOT))
                for (const file of unit.files) owners.set(file, [...(owners.get(file) ?? []), group.name]);
        const files = specFiles("dist/test");
        expect(files.length).to.be.greaterThan(50);
        for (const file of files) expect(owners.get(file), file).to.have.lengthOf(1);
    });

    it("give spec files named directly what their groups need", () => {
        const plugin = specFiles("dist/test/plugin")[0];
        expect(needsOfSpecs([plugin], PROJECT_ROOT).sort()).to.deep.equal(["engine", "language-hosts"]);
        expect(needsOfSpecs(["dist/test/unit/**/*.test.js"], PROJECT_ROOT)).to.deep.equal(["oav"]);
        expect(needsOfSpecs(["dist/test/team/sharedBackend.test.js"], PROJECT_ROOT).sort()).to.deep.equal(["azurite", "engine"]);
        expect(needsOfSpecs(["dist/test/clients/**/*.test.js", "dist/test/user/**/*.test.js"], PROJECT_ROOT).sort()).to.deep.equal([
            "azure-clients",
            "engine",
            "pnpm",
        ]);
    });

    it("count mocha's options and their values as no spec file", () => {
        expect(needsOfSpecs(["dist/test/unit/**/*.test.js", "--grep", "plugin", "--bail"], PROJECT_ROOT)).to.deep.equal(["oav"]);
    });
});
