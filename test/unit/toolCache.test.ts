/**
 * The per-machine tool cache (scripts/tool-cache.sh, scripts/lib.sh, runner/tools.ts): where it is, and that
 * an entry which is incomplete or broken (no completion marker, a truncated binary, a binary that does not run
 * or reports another version, a venv missing a package) is found out and rebuilt, while a complete one is
 * used as it is. Built with stand-in tools in temporary directories: nothing is downloaded.
 */
import { expect } from "chai";
import {
    chmodSync,
    copyFileSync,
    existsSync,
    lstatSync,
    mkdirSync,
    mkdtempSync,
    readdirSync,
    readFileSync,
    rmSync,
    symlinkSync,
    truncateSync,
    writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../runner/engine";
import { CACHE_MARKER, toolsDir } from "../../runner/tools";
import { runCommandSync, type CommandResult } from "../support/processes";

const SCRIPTS = path.join(PROJECT_ROOT, "scripts");
const lib = (name: string) => readFileSync(path.join(SCRIPTS, name), "utf8");
const NODE_VERSION = /^NODE_VERSION="([^"]+)"/m.exec(lib("lib.sh"))![1];
const PNPM_VERSION = /^PNPM_VERSION="([^"]+)"/m.exec(lib("lib.sh"))![1];
const AZURITE_VERSION: string = JSON.parse(lib(path.join("azurite-tool", "package.json"))).dependencies.azurite;
const PULUMI_VERSION = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")).devDependencies["@pulumi/pulumi"];

function executable(file: string, text: string): void {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    chmodSync(file, 0o755);
}

describe("tool cache", function () {
    this.timeout(60_000);
    let scratch: string;
    beforeEach(() => {
        scratch = mkdtempSync(path.join(tmpdir(), "tool-cache-test-"));
    });
    afterEach(() => rmSync(scratch, { recursive: true, force: true }));

    describe("where it is: scripts/lib.sh and runner/tools.ts follow one rule", () => {
        /** A project holding just the scripts that decide, so that its .tools can be made or left out. */
        function project(withToolsLink: boolean): string {
            const root = path.join(scratch, "project");
            mkdirSync(path.join(root, "scripts"), { recursive: true });
            for (const file of ["lib.sh", "tool-cache.sh"]) copyFileSync(path.join(SCRIPTS, file), path.join(root, "scripts", file));
            copyFileSync(path.join(PROJECT_ROOT, "package.json"), path.join(root, "package.json"));
            if (withToolsLink) {
                mkdirSync(path.join(scratch, "shared-cache"));
                symlinkSync(path.join(scratch, "shared-cache"), path.join(root, ".tools"));
            }
            return root;
        }
        function fromLib(root: string, env: Record<string, string>): string {
            const result = runCommandSync("bash", ["-c", `source "${root}/scripts/lib.sh"; echo "$TOOLS_DIR"`], {
                env: { PATH: process.env.PATH, ...env },
            });
            expect(result.code, result.stderr).to.equal(0);
            return result.stdout.trim();
        }
        const cases: Array<[string, boolean, Record<string, string>, (root: string) => string]> = [
            ["the user's cache directory by default", false, { HOME: "/home/csp" }, () => "/home/csp/.cache/azurestack-tenant-mappings"],
            [
                "XDG_CACHE_HOME when set",
                false,
                { HOME: "/home/csp", XDG_CACHE_HOME: "/var/cache/csp" },
                () => "/var/cache/csp/azurestack-tenant-mappings",
            ],
            ["the clone's .tools link when there is one", true, { HOME: "/home/csp" }, (root) => path.join(root, ".tools")],
            ["CSM_TOOLS_DIR over everything", true, { HOME: "/home/csp", CSM_TOOLS_DIR: "/opt/csm-tools" }, () => "/opt/csm-tools"],
        ];
        for (const [title, withLink, env, expected] of cases) {
            it(title, () => {
                const root = project(withLink);
                expect(fromLib(root, env)).to.equal(expected(root));
                expect(toolsDir(root, env)).to.equal(expected(root));
            });
        }
    });

    describe("an entry is built whole, published at once, and rebuilt when broken", () => {
        /**
         * An ensure script of a stand-in tool, as scripts/ensure-*.sh are written: its check runs bin/tool and
         * wants "tool 1"; its build (counted in builds.log) writes that tool, or fails when told to.
         */
        function standIn(): { run: () => CommandResult; entry: string; builds: () => number } {
            const script = path.join(scratch, "ensure-tool.sh");
            const entry = path.join(scratch, "cache", "tool-v1");
            const log = path.join(scratch, "builds.log");
            writeFileSync(
                script,
                [
                    `source "${SCRIPTS}/lib.sh"`,
                    `tool_check() { local said; said="$("$1/bin/tool" 2>&1)" || { echo "bin/tool does not run"; return 1; }; [ "$said" = "tool 1" ] || { echo "bin/tool says $said"; return 1; }; }`,
                    `if [ "\${1:-}" = --build ]; then`,
                    `  echo build >> "${log}"`,
                    `  [ ! -f "${scratch}/fail-builds" ] || exit 1`,
                    `  mkdir "$2/bin"`,
                    `  printf '#!/bin/sh\\necho "tool 1"\\n' > "$2/bin/tool"`,
                    `  chmod +x "$2/bin/tool"`,
                    `  exit 0`,
                    `fi`,
                    `ensure_cache_entry "${entry}" tool_check bash "${script}" --build`,
                    `cache_entry_problem "${entry}" tool_check`,
                ].join("\n"),
            );
            return {
                run: () => runCommandSync("bash", [script], { env: { PATH: process.env.PATH, HOME: scratch } }),
                entry,
                builds: () => (existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean).length : 0),
            };
        }
        const ran = (result: CommandResult) => `exit ${result.code}\n${result.stdout}\n${result.stderr}`;
        const leftovers = (entry: string) => readdirSync(path.dirname(entry)).filter((f) => f.includes(".build-") || f.includes(".old-"));

        it("builds a missing entry into a staging directory and points the entry at it, marker last", () => {
            const tool = standIn();
            const result = tool.run();
            expect(result.code, ran(result)).to.equal(0);
            expect(result.stdout, "no problem left").to.equal("");
            expect(lstatSync(tool.entry).isSymbolicLink()).to.equal(true);
            expect(readFileSync(path.join(tool.entry, CACHE_MARKER), "utf8")).to.match(/^\d+ bin\/tool\n$/);
            expect(tool.builds()).to.equal(1);
            expect(tool.run().code).to.equal(0);
            expect(tool.builds(), "a complete entry is used as it is").to.equal(1);
        });

        const breakages: Array<[string, (entry: string) => void, RegExp]> = [
            [
                "a truncated binary",
                (entry) => truncateSync(path.join(entry, "bin", "tool"), 4),
                /bin\/tool is not the \d+ bytes it was built with/,
            ],
            ["a missing completion marker", (entry) => rmSync(path.join(entry, CACHE_MARKER)), /no completion marker/],
            [
                "a binary of another version (same size)",
                (entry) =>
                    writeFileSync(path.join(entry, "bin", "tool"), readFileSync(path.join(entry, "bin", "tool"), "utf8").replace("1", "2")),
                /bin\/tool says tool 2/,
            ],
        ];
        for (const [what, breakIt, reason] of breakages) {
            it(`finds ${what}, says so, and rebuilds the entry`, () => {
                const tool = standIn();
                expect(tool.run().code).to.equal(0);
                const first = readdirSync(path.dirname(tool.entry)).find((f) => f.includes(".build-"));
                breakIt(tool.entry);
                const result = tool.run();
                expect(result.code, ran(result)).to.equal(0);
                expect(result.stderr).to.match(reason).and.include("rebuilding it");
                expect(tool.builds()).to.equal(2);
                expect(result.stdout, "the rebuilt entry is usable").to.equal("");
                expect(leftovers(tool.entry), "the broken build is removed").to.not.include(first);
            });
        }

        it("adopts a complete entry the earlier scripts made (a plain directory without the marker); rebuilds a half-made one", () => {
            const tool = standIn();
            executable(path.join(tool.entry, "bin", "tool"), '#!/bin/sh\necho "tool 1"\n');
            expect(tool.run().code).to.equal(0);
            expect(tool.builds(), "adopted, not rebuilt").to.equal(0);
            expect(existsSync(path.join(tool.entry, CACHE_MARKER))).to.equal(true);

            rmSync(tool.entry, { recursive: true });
            mkdirSync(path.join(tool.entry, "bin"), { recursive: true }); // extraction cut short: no bin/tool
            const result = tool.run();
            expect(result.code, ran(result)).to.equal(0);
            expect(tool.builds()).to.equal(1);
            expect(lstatSync(tool.entry).isSymbolicLink()).to.equal(true);
        });

        it("keeps the entry it has when a rebuild fails, and leaves no staging directory behind", () => {
            const tool = standIn();
            expect(tool.run().code).to.equal(0);
            rmSync(path.join(tool.entry, CACHE_MARKER));
            writeFileSync(path.join(scratch, "fail-builds"), "");
            const result = tool.run();
            expect(result.code, ran(result)).to.not.equal(0);
            expect(leftovers(tool.entry)).to.have.length(1); // the entry's own directory, nothing half-built
        });
    });

    describe("each tool's check (`scripts/ensure-<tool>.sh --check <dir>`)", () => {
        const check = (tool: string, dir: string) => runCommandSync(path.join(SCRIPTS, `ensure-${tool}.sh`), ["--check", dir]);
        /** An entry as the scripts would leave it: the marker lists bin/'s sizes as they are now. */
        function marked(dir: string): string {
            const bin = path.join(dir, "bin");
            const sizes = existsSync(bin)
                ? readdirSync(bin)
                      .filter((f) => lstatSync(path.join(bin, f)).isFile())
                      .sort()
                      .map((f) => `${lstatSync(path.join(bin, f)).size} bin/${f}\n`)
                      .join("")
                : "";
            writeFileSync(path.join(dir, CACHE_MARKER), sizes);
            return dir;
        }

        it("Node: a half-extracted node, and a node of another version", () => {
            const half = path.join(scratch, "node-half");
            mkdirSync(path.join(half, "bin"), { recursive: true });
            copyFileSync(process.execPath, path.join(half, "bin", "node"));
            chmodSync(path.join(half, "bin", "node"), 0o755);
            expect(check("node", half).stdout).to.include("no completion marker");
            marked(half);
            truncateSync(path.join(half, "bin", "node"), 4096); // what an interrupted extraction leaves
            expect(check("node", half).stdout).to.match(/bin\/node is not the \d+ bytes it was built with/);

            const other = path.join(scratch, "node-other");
            executable(path.join(other, "bin", "node"), "#!/bin/sh\necho v20.0.0\n");
            expect(check("node", marked(other)).stdout).to.include(`bin/node is v20.0.0, not v${NODE_VERSION}`);
            executable(path.join(other, "bin", "node"), `#!/bin/sh\necho v${NODE_VERSION}\n`);
            expect(check("node", marked(other)).code).to.equal(0);
        });

        it("Pulumi engine: a CLI of another version, a missing language host", () => {
            const dir = path.join(scratch, "engine");
            executable(path.join(dir, "bin", "pulumi"), "#!/bin/sh\necho v3.0.0\n");
            executable(path.join(dir, "bin", "pulumi-resource-pulumi-nodejs"), "#!/bin/sh\n");
            writeFileSync(path.join(dir, "bin", "language-host.txt"), "stand-in\n");
            expect(check("engine", marked(dir)).stdout).to.include("bin/pulumi-language-nodejs is missing");
            executable(path.join(dir, "bin", "pulumi-language-nodejs"), "#!/bin/sh\n");
            expect(check("engine", marked(dir)).stdout).to.include(`bin/pulumi reports 'v3.0.0', not v${PULUMI_VERSION}`);
            executable(path.join(dir, "bin", "pulumi"), `#!/bin/sh\necho v${PULUMI_VERSION}\n`);
            expect(check("engine", marked(dir)).code).to.equal(0);
        });

        it("YAML and Python language hosts: a missing exec script, a YAML host that does not run", () => {
            const dir = path.join(scratch, "language-hosts");
            executable(path.join(dir, "bin", "pulumi-language-yaml"), "#!/bin/sh\nexit 0\n");
            executable(path.join(dir, "bin", "pulumi-language-python"), "#!/bin/sh\n");
            expect(check("language-hosts", marked(dir)).stdout).to.include("bin/pulumi-language-python-exec is missing");
            executable(path.join(dir, "bin", "pulumi-language-python-exec"), "#!/bin/sh\n");
            executable(path.join(dir, "bin", "pulumi-language-yaml"), "#!/bin/sh\nexit 3\n");
            expect(check("language-hosts", marked(dir)).stdout).to.include("bin/pulumi-language-yaml does not run");
            executable(path.join(dir, "bin", "pulumi-language-yaml"), "#!/bin/sh\nexit 0\n");
            expect(check("language-hosts", marked(dir)).code).to.equal(0);
        });

        it("Azure clients: a venv missing a package", () => {
            const dir = path.join(scratch, "azure-clients");
            const venv = runCommandSync("python3", ["-m", "venv", "--without-pip", dir]);
            expect(venv.code, venv.stderr).to.equal(0);
            executable(path.join(dir, "bin", "az"), "#!/bin/sh\n");
            expect(check("azure-clients", marked(dir)).stdout).to.include("the venv lacks azure-cli");
        });

        it("pnpm: a pnpm of another version", () => {
            const dir = path.join(scratch, "pnpm");
            executable(path.join(dir, "node_modules", ".bin", "pnpm"), "#!/bin/sh\necho 9.0.0\n");
            expect(check("pnpm", marked(dir)).stdout).to.include(`pnpm is 9.0.0, not ${PNPM_VERSION}`);
        });

        it("npm tools (Azurite and its client, oav): a package missing, of another version, or without the files its package.json names", () => {
            const dir = path.join(scratch, "npm-tools");
            mkdirSync(dir);
            const installed = (name: string, manifest: object) => {
                mkdirSync(path.join(dir, "node_modules", name), { recursive: true });
                writeFileSync(path.join(dir, "node_modules", name, "package.json"), JSON.stringify({ name, ...manifest }));
            };
            const pins = (tool: string): Record<string, string> => JSON.parse(lib(path.join(`${tool}-tool`, "package.json"))).dependencies;
            expect(check("azurite", marked(dir)).stdout).to.include("node_modules/@azure/storage-blob is missing");
            installed("@azure/storage-blob", { version: pins("azurite")["@azure/storage-blob"], main: "./dist/commonjs/index.js" });
            expect(check("azurite", marked(dir)).stdout).to.include("node_modules/@azure/storage-blob/dist/commonjs/index.js is missing");
            executable(path.join(dir, "node_modules", "@azure", "storage-blob", "dist", "commonjs", "index.js"), "");
            installed("azurite", { version: "3.0.0" });
            expect(check("azurite", marked(dir)).stdout).to.include(`azurite is 3.0.0, not ${AZURITE_VERSION}`);
            installed("azurite", { version: AZURITE_VERSION, bin: { "azurite-blob": "./dist/src/blob/main.js" } });
            expect(check("azurite", marked(dir)).stdout).to.include("node_modules/azurite/dist/src/blob/main.js is missing");
            executable(path.join(dir, "node_modules", "azurite", "dist", "src", "blob", "main.js"), "");
            expect(check("azurite", marked(dir)).code).to.equal(0);
            expect(check("oav", marked(dir)).stdout).to.include("node_modules/oav is missing");
        });

        it("the previous release's set-up: an `npm ci` without its build", () => {
            const dir = path.join(scratch, "previous-release");
            mkdirSync(path.join(dir, "node_modules", "@pulumi", "pulumi"), { recursive: true });
            writeFileSync(path.join(dir, "node_modules", "@pulumi", "pulumi", "package.json"), "{}");
            expect(check("previous-release", dir).stdout).to.include("no completion marker");
            expect(check("previous-release", marked(dir)).stdout).to.include("dist/program/index.js is missing");
            mkdirSync(path.join(dir, "dist", "program"), { recursive: true });
            writeFileSync(path.join(dir, "dist", "program", "index.js"), "");
            expect(check("previous-release", marked(dir)).code).to.equal(0);
        });
    });
});
