/**
 * The repository's release workflow (.github/workflows/release.yml) run as GitHub runs it on a tag
 * (test/support/githubRunner.ts): the build job's steps through bash exactly as written in a checkout of this
 * repository, then the GitHub-release job on the build job's artifact, with `gh` a stand-in that records the
 * release it is asked to create. One step is not run: `npm test`, the whole suite this test is part of; in
 * its place the workspace gets what `npm test` installs first (`npm ci --ignore-scripts`, as scripts/ensure-node.sh
 * runs it: the package build is left to the steps after it, the Pack step's `prepare`), which those steps use. Then a user takes the release's files, checks them and installs the tarball with the
 * README's commands, verbatim, and `pulumi preview` plans the README's program against the emulator.
 */
import { expect } from "chai";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { PROJECT_ROOT } from "../../runner/engine";
import { checkout, downloadArtifact, installGhStandIn, setupGo, setupNode, uploadArtifact } from "../support/actionStandIns";
import { JobRun, machineNetworkEnv, readWorkflow, type Step, type Workflow } from "../support/githubRunner";
import { compileCacheEnv, runCommand } from "../support/processes";
import { programArguments, readmeProgramSeed, readmeProject } from "../user/readme";
import { cacheDir, UserProject } from "../user/userProject";

const REPO = "contoso-csp/tenant-mappings";
const RUN_ID = "9001";
const PACKAGE = "@azurestack-csp/tenant-mappings";

interface SpdxPackage {
    name: string;
    SPDXID: string;
    versionInfo: string;
}
interface Spdx {
    documentDescribes: string[];
    packages: SpdxPackage[];
    relationships: { spdxElementId: string; relatedSpdxElement: string; relationshipType: string }[];
}

describe("The release workflow (.github/workflows/release.yml) run as written on a tag, and its release installed as a user would", function () {
    this.timeout(30 * 60_000);
    const manifest = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8"));
    const version: string = manifest.version;
    const tag = `v${version}`;
    const tarball = `azurestack-csp-tenant-mappings-${version}.tgz`;
    let workflow: Workflow;
    let machine: string;
    let ghLog: string;

    before(() => {
        workflow = readWorkflow(path.join(PROJECT_ROOT, ".github", "workflows", "release.yml"));
        machine = mkdtempSync(path.join(os.tmpdir(), "csm-release-"));
        installGhStandIn(path.join(machine, "bin"));
        ghLog = path.join(machine, "gh-calls.jsonl");
        writeFileSync(ghLog, "");
    });
    after(() => {
        if (machine) rmSync(machine, { recursive: true, force: true });
    });

    function newJob(job: string, workspace: string, refName: string, vars: Record<string, string> = { NPM_PUBLISH: "" }): JobRun {
        mkdirSync(workspace, { recursive: true });
        return new JobRun({
            workflow,
            job,
            workspace,
            contexts: {
                vars,
                secrets: {},
                github: { ref_name: refName, repository: REPO, token: "github-token-for-the-test", run_id: RUN_ID, event_name: "push" },
            },
            machineEnv: {
                ...machineNetworkEnv(),
                ...compileCacheEnv(),
                PATH: [path.join(machine, "bin"), process.env.PATH].join(path.delimiter),
                HOME: process.env.HOME ?? os.homedir(),
                // The runner's npm, with the suites' shared cache: nothing else to ask the registry.
                npm_config_cache: path.join(cacheDir(), "npm"),
                npm_config_prefer_offline: "true",
                npm_config_update_notifier: "false",
                GH_STAND_IN_LOG: ghLog,
            },
            idTokenService: { url: "http://127.0.0.1:9/unused", requestToken: "unused" },
            actions: {
                "actions/checkout": { version: "v4", run: checkout },
                "actions/setup-node": { version: "v4", run: setupNode },
                "actions/setup-go": { version: "v5", run: setupGo },
                "actions/upload-artifact": { version: "v4", run: uploadArtifact },
                "actions/download-artifact": { version: "v4", run: downloadArtifact },
            },
            artifactStore: path.join(machine, "artifacts"),
        });
    }
    const details = (job: JobRun) =>
        job.runs.map((r) => `--- ${r.label} (${r.outcome}, exit ${r.code})\n${r.stdout}\n${r.stderr}`).join("\n");
    const step = (name: string): Step => {
        const found = workflow.jobs.build.steps.find((s) => s.name === name);
        if (!found) throw new Error(`release.yml's build job has no step '${name}'`);
        return found;
    };
    /** The workspace's CHANGELOG.md with this version's section dated, as the release commit has it. */
    const dateChangelog = (workspace: string) => {
        const file = path.join(workspace, "CHANGELOG.md");
        writeFileSync(file, readFileSync(file, "utf8").replace(`## [${version}] - unreleased`, `## [${version}] - 2026-12-07`));
    };

    it("refuses a tag that is not package.json's version, and a CHANGELOG.md without a dated section for it", async () => {
        const workspace = path.join(machine, "tag-check");
        const setUp = newJob("build", workspace, tag);
        await setUp.run([workflow.jobs.build.steps[0]]);
        const check = async (refName: string) => {
            const job = newJob("build", workspace, refName);
            await job.run([step("Check the tag")]);
            return job.result("Check the tag");
        };
        writeFileSync(path.join(workspace, "CHANGELOG.md"), `# Changelog\n\n## [${version}] - unreleased\n\n- a change\n`);
        const wrongTag = await check("v9.9.9");
        expect(wrongTag.outcome).to.equal("failure");
        expect(wrongTag.stdout).to.include(`the tag v9.9.9 is not ${tag}, the version in package.json`);
        const undated = await check(tag);
        expect(undated.outcome).to.equal("failure");
        expect(undated.stdout).to.include(`CHANGELOG.md has no dated section for ${version}`);
        dateChangelog(workspace);
        expect((await check(tag)).outcome).to.equal("success");
    });

    describe("on the tag of this version", () => {
        const workspace = () => path.join(machine, "build");
        let build: JobRun;
        const assets = () => path.join(workspace(), "release", "assets");

        before(async () => {
            const steps = workflow.jobs.build.steps;
            const npmTest = steps.filter((s) => s.run === "npm test");
            expect(npmTest, "the build job runs the whole suite once").to.have.length(1);
            build = newJob("build", workspace(), tag);
            const [before, after] = [steps.slice(0, steps.indexOf(npmTest[0])), steps.slice(steps.indexOf(npmTest[0]) + 1)];
            await build.run(before.filter((s) => s.name !== "Check the tag"));
            dateChangelog(workspace());
            await build.run([
                step("Check the tag"),
                { name: "npm ci (what npm test installs first)", run: "npm ci --ignore-scripts --no-audit --no-fund" },
                ...after,
            ]);
            expect(build.failed, details(build)).to.equal(false);
        });

        it("packs the tarball, writes its SPDX SBOM and SHA256SUMS of both, and the release notes from CHANGELOG.md", async () => {
            expect(readdirSync(assets()).sort()).to.deep.equal(
                ["SHA256SUMS", `${tarball.replace(/\.tgz$/, "")}.spdx.json`, tarball].sort(),
            );
            const sums = readFileSync(path.join(assets(), "SHA256SUMS"), "utf8").trim().split("\n");
            expect(sums.map((l) => l.split(/\s+/)[1]).sort()).to.deep.equal([`${tarball.replace(/\.tgz$/, "")}.spdx.json`, tarball].sort());
            const checked = await runCommand("sha256sum", ["--check", "SHA256SUMS"], { cwd: assets() });
            expect(checked.code, checked.stdout + checked.stderr).to.equal(0);

            const changelog = readFileSync(path.join(workspace(), "CHANGELOG.md"), "utf8");
            const start = changelog.indexOf("\n", changelog.indexOf(`## [${version}] - `)) + 1;
            const section = changelog.slice(start, changelog.indexOf("\n## [", start) + 1);
            expect(readFileSync(path.join(workspace(), "release", "notes.md"), "utf8")).to.equal(section);
            expect(section).to.match(/### (Added|Changed|Fixed)/);
        });

        it("the SBOM names the package and exactly its production dependencies at the versions package-lock.json pins", () => {
            const sbom = JSON.parse(readFileSync(path.join(assets(), `${tarball.replace(/\.tgz$/, "")}.spdx.json`), "utf8")) as Spdx;
            const root = sbom.packages.find((p) => p.SPDXID === sbom.documentDescribes[0])!;
            expect(root).to.include({ name: PACKAGE, versionInfo: version });
            const lock = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package-lock.json"), "utf8")).packages as Record<
                string,
                Record<string, unknown>
            >;
            const locked = (name: string) => lock[`node_modules/${name}`].version as string;
            for (const name of Object.keys(manifest.dependencies)) {
                const found = sbom.packages.find((p) => p.name === name && p.versionInfo === locked(name));
                expect(found, `${name}@${locked(name)}`).to.not.equal(undefined);
                expect(sbom.relationships).to.deep.include({
                    spdxElementId: found!.SPDXID,
                    relatedSpdxElement: root.SPDXID,
                    relationshipType: "DEPENDENCY_OF",
                });
            }
            // Every package the lock installs for production, and nothing only a development or peer dependency brings.
            const production = Object.entries(lock)
                .filter(([key, entry]) => key.startsWith("node_modules/") && !entry.dev && !entry.peer && !entry.devOptional && !entry.link)
                .map(([key, entry]) => `${key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length)}@${entry.version}`);
            const listed = sbom.packages.filter((p) => p !== root).map((p) => `${p.name}@${p.versionInfo}`);
            expect([...new Set(listed)].sort()).to.deep.equal([...new Set(production)].sort());
            for (const devOnly of ["mocha", "typescript", "azurite", "@pulumi/pulumi"])
                expect(listed.join(" ")).to.not.include(`${devOnly}@`);
        });

        it("the GitHub-release job creates the tag's release with exactly those files and notes; the npm job waits for NPM_PUBLISH", async () => {
            writeFileSync(ghLog, "");
            const release = newJob("github-release", path.join(machine, "github-release"), tag);
            await release.run();
            expect(release.failed, details(release)).to.equal(false);
            const calls = readFileSync(ghLog, "utf8")
                .trim()
                .split("\n")
                .map((l) => JSON.parse(l) as { args: string[]; token: string; repo: string });
            expect(calls).to.have.length(1);
            const { args, token, repo } = calls[0];
            expect(args.slice(0, 3)).to.deep.equal(["release", "create", tag]);
            expect(args.slice(-5)).to.deep.equal(["--verify-tag", "--title", tag, "--notes-file", "release/notes.md"]);
            const files = args.slice(3, -5);
            expect(files.map((f) => path.basename(f)).sort()).to.deep.equal(readdirSync(assets()).sort());
            for (const file of files)
                expect(
                    readFileSync(path.join(release.workspace, file)).equals(readFileSync(path.join(assets(), path.basename(file)))),
                    file,
                ).to.equal(true);
            expect({ token, repo }).to.deep.equal({ token: "github-token-for-the-test", repo: REPO });

            expect(newJob("npm-publish", path.join(machine, "npm"), tag).runsJob(), "no NPM_PUBLISH: not published").to.equal(false);
            expect(newJob("npm-publish", path.join(machine, "npm"), tag, { NPM_PUBLISH: "true" }).runsJob()).to.equal(true);
        });

        it("a user checks the downloaded files with SHA256SUMS and installs the tarball as the README says; `pulumi preview` plans the README's program", async () => {
            const readme = readmeProject();
            const program = programArguments(readme.indexTs);
            expect(readme.tarball).to.equal(tarball);
            const emulator = await startEmulator({ seed: readmeProgramSeed(program) });
            const project = new UserProject("release", [], emulator.clientEnv());
            try {
                // Downloaded from the release page: the tarball and SHA256SUMS (not the SBOM, which --ignore-missing allows).
                for (const file of [tarball, "SHA256SUMS"]) copyFileSync(path.join(assets(), file), path.join(project.dir, file));
                expect(await project.ok(readme.verify, "install")).to.include(`${tarball}: OK`);
                await project.ok(readme.install.npm.tarball, "install");
                project.write("Pulumi.yaml", readme.pulumiYaml);
                project.write("index.ts", readme.indexTs);
                await project.ok("pulumi stack init dev");
                const preview = await project.ok("pulumi preview");
                expect(preview).to.match(/\+ 2 to create/);
                expect(emulator.requestLog().filter((r) => r.kind === "arm" && r.method !== "GET")).to.deep.equal([]);

                // A tarball that is not the release's byte for byte fails the check.
                const bytes = readFileSync(path.join(project.dir, tarball));
                bytes[bytes.length - 1] ^= 0xff;
                writeFileSync(path.join(project.dir, tarball), bytes);
                const tampered = await project.sh(readme.verify, "install");
                expect(tampered.code).to.not.equal(0);
                expect(tampered.stdout).to.include(`${tarball}: FAILED`);
            } catch (error) {
                (error as Error).message += `\n--- what the project's commands printed ---\n${project.transcript}`;
                throw error;
            } finally {
                project.dispose();
                await emulator.stop();
            }
        });
    });
});
