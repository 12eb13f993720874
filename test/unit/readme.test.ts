import { expect } from "chai";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { ERROR_CATALOG, REGISTRATION_ERROR_CODES } from "../../provider/errors";
import { readmeProject } from "../user/readme";

/** The README's install lines name this version's release: test/user/ and test/cli/releaseWorkflow.test.ts run them. */
describe("README install lines", () => {
    const { version } = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "..", "package.json"), "utf8"));
    const readme = readmeProject();

    it(`name the release tag v${version} and its tarball in every command, and check the download against SHA256SUMS`, () => {
        expect(readme.tag).to.equal(`v${version}`);
        expect(readme.install.pnpm.git).to.include(`#v${version} `);
        expect(readme.tarball).to.equal(`azurestack-csp-tenant-mappings-${version}.tgz`);
        expect(readme.install.pnpm.tarball).to.include(`./${readme.tarball} `);
        expect(readme.verify).to.equal("sha256sum --check --ignore-missing SHA256SUMS");
        const text = readFileSync(path.join(__dirname, "..", "..", "..", "README.md"), "utf8");
        const named = [...new Set([...text.matchAll(/azurestack-csp-tenant-mappings-(\S+?)\.tgz/g)].map((m) => m[1]))];
        expect(named, "every tarball the README names, the plugin's install included").to.deep.equal([version]);
    });
});

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
