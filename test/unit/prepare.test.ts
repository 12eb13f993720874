/**
 * The package's `prepare` (scripts/prepare.sh) compiles once per `npm ci` of a clone, although npm runs it twice
 * there: for the package and for its self-link devDependency ("file:."). Checked with the real npm on a scratch
 * package laid out like this one (prepare, self-link, a bin), whose `tsc` is a stand-in that records each call:
 * `npm install` compiles once, `npx <bin>` not at all (it would rewrite dist/ in place), `npm pack` once.
 */
import { expect } from "chai";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../runner/engine";
import { runCommandSync } from "../support/processes";

describe("prepare (scripts/prepare.sh)", function () {
    this.timeout(120_000);
    let root: string;
    let calls: string;
    const run = (command: string, args: string[]) => {
        const result = runCommandSync(command, args, {
            cwd: path.join(root, "package"),
            env: {
                ...process.env,
                PATH: [path.join(root, "bin"), process.env.PATH].join(path.delimiter),
                npm_config_cache: path.join(root, "npm-cache"),
                npm_config_update_notifier: "false",
                npm_config_audit: "false",
                npm_config_fund: "false",
            },
        });
        expect(result.code, `${command} ${args.join(" ")}\n${result.stdout}\n${result.stderr}`).to.equal(0);
        return result;
    };
    const compilations = () => readFileSync(calls, "utf8").split("\n").filter(Boolean);

    before(() => {
        root = mkdtempSync(path.join(tmpdir(), "csm-prepare-"));
        calls = path.join(root, "tsc-calls");
        writeFileSync(calls, "");
        mkdirSync(path.join(root, "bin"));
        writeFileSync(path.join(root, "bin", "tsc"), `#!/bin/sh\necho "$PWD $*" >> '${calls}'\n`);
        chmodSync(path.join(root, "bin", "tsc"), 0o755);
        const pkg = path.join(root, "package");
        mkdirSync(path.join(pkg, "scripts"), { recursive: true });
        copyFileSync(path.join(PROJECT_ROOT, "scripts", "prepare.sh"), path.join(pkg, "scripts", "prepare.sh"));
        writeFileSync(path.join(pkg, "probe.js"), "#!/usr/bin/env node\nconsole.log('probe ran');\n");
        writeFileSync(
            path.join(pkg, "package.json"),
            JSON.stringify({
                name: "csm-prepare-probe",
                version: "1.0.0",
                bin: { "csm-prepare-probe": "probe.js" },
                scripts: { prepare: JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")).scripts.prepare },
                devDependencies: { "csm-prepare-probe": "file:." },
            }),
        );
    });
    after(() => rmSync(root, { recursive: true, force: true }));

    it("npm install compiles once, with tsconfig.package.json", () => {
        run("npm", ["install", "--offline"]);
        expect(compilations()).to.deep.equal([`${path.join(root, "package")} -p tsconfig.package.json`]);
    });

    it("npx of the package's bin in the clone compiles nothing", () => {
        writeFileSync(calls, "");
        // A file in the linked directory newer than npm's record of node_modules: npx then checks the tree again.
        writeFileSync(path.join(root, "package", "probe.js"), "#!/usr/bin/env node\nconsole.log('probe ran');\n");
        expect(run("npx", ["--no-install", "csm-prepare-probe"]).stdout).to.include("probe ran");
        expect(compilations()).to.deep.equal([]);
    });

    it("npm pack compiles once", () => {
        writeFileSync(calls, "");
        run("npm", ["pack", "--dry-run"]);
        expect(compilations()).to.have.lengthOf(1);
    });
});
