import { expect } from "chai";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { ERROR_CATALOG, REGISTRATION_ERROR_CODES } from "../../provider/errors";

/** The error table (docs/errors.md, generated from the catalog) must not drift from the catalog the code uses. */
describe("docs/errors.md error table", () => {
    const readme = readFileSync(path.join(__dirname, "..", "..", "..", "docs", "errors.md"), "utf8");
    const section = readme.slice(readme.indexOf("<!-- generated: errors -->"), readme.indexOf("<!-- end: errors -->"));
    const rows = new Map<string, string>();
    for (const line of section.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| Code") && !l.startsWith("| ---"))) {
        const [codes, caughtAt] = line
            .split("|")
            .slice(1)
            .map((c) => c.trim());
        for (const code of codes.split(",").map((c) => c.trim())) rows.set(code, caughtAt);
    }

    it("lists the eight documented registration codes", () => {
        for (const code of REGISTRATION_ERROR_CODES) expect(rows.has(code), code).to.equal(true);
    });

    it("lists every code of the catalog, and only those", () => {
        expect([...rows.keys()].sort()).to.deep.equal(Object.keys(ERROR_CATALOG).sort());
    });

    it("says 'preview' exactly for the codes the catalog detects at preview", () => {
        for (const [code, caughtAt] of rows) {
            const entry = ERROR_CATALOG[code];
            expect(entry, code).to.not.equal(undefined);
            expect(caughtAt.startsWith("preview"), `${code}: '${caughtAt}'`).to.equal(entry!.detectedAt === "preview");
        }
    });
});
