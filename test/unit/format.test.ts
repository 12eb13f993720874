/**
 * One formatter configuration for every source directory (.prettierrc.json, .prettierignore): each TypeScript
 * and JavaScript file git tracks is as `npm run format` would write it. A file that fails here: run that command.
 */
import { expect } from "chai";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as prettier from "prettier";
import { PROJECT_ROOT } from "../../runner/engine";
import { toolsDir } from "../../runner/tools";
import { outputOf } from "../support/processes";

function trackedSources(): string[] {
    return outputOf("git", ["ls-files", "-z", "--", "*.ts", "*.js"], { cwd: PROJECT_ROOT }).split("\0").filter(Boolean);
}

/**
 * Checks already passed on this machine, each recorded by a hash of everything the verdict depends on: prettier's
 * version, the file's path, options and content. A fresh clone's files are the ones checked last run, and
 * checking them again cost 12 s of CPU per run; a changed file, option or prettier has another key and is checked.
 */
const PASSED = path.join(toolsDir(PROJECT_ROOT), `prettier-${prettier.version}-passed.txt`);

async function unformatted(files: string[]): Promise<string[]> {
    const ignorePath = path.join(PROJECT_ROOT, ".prettierignore");
    const passed = new Set(existsSync(PASSED) ? readFileSync(PASSED, "utf8").split("\n") : []);
    const passedNow: string[] = [];
    const found: string[] = [];
    for (const file of files) {
        const absolute = path.join(PROJECT_ROOT, file);
        if ((await prettier.getFileInfo(absolute, { ignorePath })).ignored) continue;
        const options = await prettier.resolveConfig(absolute, { editorconfig: false });
        const text = readFileSync(absolute, "utf8");
        const key = createHash("sha256")
            .update(JSON.stringify([prettier.version, file, options, text]))
            .digest("hex");
        if (passed.has(key)) passedNow.push(key);
        else if (await prettier.check(text, { ...options, filepath: absolute })) passedNow.push(key);
        else found.push(file);
    }
    // This run's passes only, so the record does not grow with every edit; written whole, then renamed.
    mkdirSync(path.dirname(PASSED), { recursive: true });
    writeFileSync(`${PASSED}.${process.pid}`, passedNow.join("\n"));
    renameSync(`${PASSED}.${process.pid}`, PASSED);
    return found;
}

describe("formatting: one prettier configuration for provider/, emulator/, cli/, bench/, test/ and the rest", function () {
    this.timeout(120_000);

    it("finds the sources (git ls-files) and the configuration", async () => {
        const files = trackedSources();
        expect(files).to.include.members(["provider/lifecycle.ts", "emulator/emulator.ts", "bin/azs-mappings.js"]);
        const options = await prettier.resolveConfig(path.join(PROJECT_ROOT, "emulator", "emulator.ts"), { editorconfig: false });
        expect(options).to.include({ tabWidth: 4, printWidth: 140 });
    });

    it("every tracked .ts and .js file is formatted as `npm run format` writes it", async () => {
        expect(await unformatted(trackedSources())).to.deep.equal([]);
    });

    it("the check fails on a file that is not formatted", async () => {
        const options = await prettier.resolveConfig(path.join(PROJECT_ROOT, "provider", "lifecycle.ts"), { editorconfig: false });
        expect(await prettier.check("const  x = {a:1}\n", { ...options, filepath: "x.ts" })).to.equal(false);
        expect(await prettier.check("const x = { a: 1 };\n", { ...options, filepath: "x.ts" })).to.equal(true);
    });
});
