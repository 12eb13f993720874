/**
 * What `npm pack` puts in the package (and so what a tarball or git install gives users): exactly what runs
 * for them, i.e. the compiled provider, CLI, emulator and declarations with their types, the CLI's bin, the
 * provider plugin's bin and its Python SDK, README, LICENSE and package.json. Anything else (tests, fixtures, source maps of sources that do not
 * ship, stale compiled files) fails the test. The tarball is the run's release pack (test/support/sharedPack.ts),
 * the one the user, plugin and upgrade suites install: `npm pack` runs the package's `prepare` build first, as
 * it does for a git install, in a copy of the working tree with this clone's build, so that the build never
 * rewrites this clone's dist/ under the suites running beside this one. Its files are read from the tarball.
 */
import { expect } from "chai";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../runner/engine";
import { packReport, sharedPack, type PackReport } from "../support/sharedPack";
import { outputOf } from "../support/processes";

const ALLOWED: RegExp[] = [
    /^package\.json$/,
    /^README\.md$/,
    /^LICENSE$/,
    /^bin\/azs-mappings\.js$/,
    /^bin\/pulumi-resource-azurestack-tenant-mappings$/,
    /^sdk\/python\/pyproject\.toml$/,
    /^sdk\/python\/pulumi_azurestack_tenant_mappings\/([\w]+\/)*([\w]+\.pyi?|pulumi-plugin\.json|README\.md|py\.typed)$/,
    /^dist\/(provider|cli|emulator)\/([\w.-]+\/)*[\w.-]+\.(js|d\.ts)$/,
    /^dist\/program\/declarations\.(js|d\.ts)$/,
];

describe("npm pack: the package holds what users run, nothing else", function () {
    this.timeout(10 * 60_000);
    let packed: PackReport;
    let files: string[];
    /** The tarball unpacked: its files are under package/. */
    let unpacked: string;

    before(async () => {
        const tarball = await sharedPack({ name: "release" });
        packed = packReport(tarball);
        files = packed.files.map((f) => f.path).sort();
        unpacked = mkdtempSync(path.join(tmpdir(), "pack-test-"));
        outputOf("tar", ["-xzf", tarball, "-C", unpacked]);
        console.log(`      ${packed.filename}: ${packed.entryCount} files, ${packed.size} bytes packed, ${packed.unpackedSize} unpacked`);
    });
    after(() => unpacked && rmSync(unpacked, { recursive: true, force: true }));

    it("ships no file outside the allow-list", () => {
        expect(files.filter((f) => !ALLOWED.some((pattern) => pattern.test(f)))).to.deep.equal([]);
    });

    it("ships every entry point package.json names: main, types, each export and the bin with what it loads", () => {
        const manifest = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8"));
        const targets = [
            manifest.main,
            manifest.types,
            ...Object.values(manifest.bin as Record<string, string>),
            ...Object.values(manifest.exports as Record<string, string | Record<string, string>>).flatMap((target) =>
                typeof target === "string" ? [target] : Object.values(target),
            ),
        ].map((target: string) => target.replace(/^\.\//, ""));
        const required = ["azs-mappings.js", "pulumi-resource-azurestack-tenant-mappings"].map((bin) => {
            const loaded = readFileSync(path.join(PROJECT_ROOT, "bin", bin), "utf8").match(/require\("\.\.\/(.+?)"\)/)?.[1];
            expect(loaded, `bin/${bin} should require ../dist/...`).to.be.a("string");
            return loaded!;
        });
        expect(
            [...targets, ...required, "bin/pulumi-resource-azurestack-tenant-mappings"].filter((target) => !files.includes(target)),
        ).to.deep.equal([]);
        expect(files).to.include("sdk/python/pulumi_azurestack_tenant_mappings/pulumi-plugin.json");
        expect(files).to.include.members(["LICENSE", "README.md"]);
    });

    it("ships no stale compiled file: every .js has its TypeScript source in the repository", () => {
        const stale = files
            .filter((f) => f.startsWith("dist/") && f.endsWith(".js"))
            .filter((f) => !existsSync(path.join(PROJECT_ROOT, f.replace(/^dist\//, "").replace(/\.js$/, ".ts"))));
        expect(stale).to.deep.equal([]);
    });

    it("ships no source map, nor a reference to one", () => {
        const referencing = files
            .filter((f) => f.endsWith(".js"))
            .filter((f) => readFileSync(path.join(unpacked, "package", f), "utf8").includes("sourceMappingURL"));
        expect(referencing).to.deep.equal([]);
    });
});
