/**
 * A CSP's own project, made exactly as the README's "Installing" section says, in temporary directories
 * outside this repository: its Pulumi.yaml (runtime nodejs), the README's TypeScript program as index.ts,
 * and a package.json written by the README's install command. The package comes from a git tag of a fresh
 * clone of this repository (committed code, `git+file://`) or from `npm pack` output, with npm and with
 * pnpm (strict node_modules); @pulumi/pulumi from the registry at the version this repository pins. Then
 * the plain `pulumi` CLI, whose Node.js language host compiles index.ts and whose dynamic-provider host
 * loads @azurestack-csp/tenant-mappings/lifecycle from the project directory, runs against the emulator.
 * For npm + tarball the whole user path follows: up, a tenant change, a case-only change of the
 * subscription id, drift behind Pulumi's back, the package's CLI through npx, destroy.
 */
import { expect } from "chai";
import { copyFileSync, existsSync, readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { pinnedPulumiVersion, PROJECT_ROOT } from "../../runner/engine";
import { runCommand } from "../support/processes";
import { sharedPack } from "../support/sharedPack";
import { programArguments, readmeProgramSeed, readmeProject, type ReadmeProject } from "./readme";
import { pnpmBinDir, scratchDir, UserProject } from "./userProject";

const PACKAGE = "@azurestack-csp/tenant-mappings";
const OTHER_TENANT = "70000002-0000-4000-8000-000000000002";
const DRIFT_TENANT = "70000003-0000-4000-8000-000000000003";
const HAND_MADE_SUB = "c0000009-0000-4000-8000-000000000009";
const HAND_MADE_TENANT = "70000009-0000-4000-8000-000000000009";

describe("A CSP's own project: the package installed as the README says, the plain pulumi CLI", function () {
    this.timeout(30 * 60_000);
    let readme: ReadmeProject;
    let program: Record<string, string>;
    let emulator: RunningEmulator;
    let pnpmBin: string;
    let sourceDir: string;
    let repositoryUrl: string;
    let tag: string;
    let tarballPath: string;
    /**
     * The five projects, installed in `before`: four installs started together (most of their time is waiting for
     * npm and pnpm), and the whole user path's project with a copy of the npm + tarball install.
     */
    const installs = new Map<string, Promise<UserProject>>();
    const install = (key: string) => {
        const pending = installs.get(key);
        if (!pending) throw new Error(`no install ${key}: the suite's before hook failed`);
        return pending;
    };

    before(async function () {
        readme = readmeProject();
        program = programArguments(readme.indexTs);
        expect(Object.keys(program)).to.include.members([
            "registrationSubscriptionId",
            "resourceGroup",
            "registrationName",
            "customerSubscriptionId",
            "tenantId",
        ]);
        // The README pins @pulumi/pulumi at the version this repository builds its engine for.
        for (const command of Object.values(readme.install).flatMap((bySource) => Object.values(bySource))) {
            expect(command).to.include(`@pulumi/pulumi@${pinnedPulumiVersion()}`);
        }
        emulator = await startEmulator({ seed: readmeProgramSeed(program, [{ id: HAND_MADE_SUB, tenantId: HAND_MADE_TENANT }]) });
        pnpmBin = pnpmBinDir();

        // The git source: a fresh clone of this repository's committed code, tagged like a release.
        sourceDir = scratchDir("source");
        const clone = path.join(sourceDir, "tenant-mappings");
        tag = `v${JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")).version}`;
        await mustRun("git", ["clone", "--quiet", PROJECT_ROOT, clone], sourceDir);
        // --force: the clone holds the real tag of this version's release, an older commit once work goes on after it.
        await mustRun("git", ["tag", "--force", tag], clone);
        repositoryUrl = `file://${clone}`;

        // The tarball source: `npm pack` (which runs the package's prepare build) of this repository's working
        // tree, in a copy of it so that the build does not rewrite dist/ under the groups running beside this one;
        // made once per run (sharedPack.ts).
        tarballPath = await sharedPack({ name: "release" });
        expect(path.basename(tarballPath), "the tarball npm pack writes is the one the README installs").to.equal(readme.tarball);

        for (const manager of ["npm", "pnpm"] as const) {
            for (const source of ["git", "tarball"] as const) installs.set(`${manager}-${source}`, installedProject(manager, source));
        }
        // The whole user path's project: the README's files, and a copy of what the npm + tarball install wrote
        // (the same command in another directory writes the same files).
        installs.set(
            "user-path",
            install("npm-tarball").then(async () => {
                const project = readmeFilesProject("npm", "tarball");
                await project.installOncePerRun(readme.install.npm.tarball, [tarballPath]);
                return project;
            }),
        );
        // Each test awaits (and reports) its own install; this only keeps a failure from being "unhandled" meanwhile.
        for (const pending of installs.values()) pending.catch(() => undefined);
    });
    after(async () => {
        for (const pending of installs.values())
            await pending.then(
                (project) => project.dispose(),
                () => undefined,
            );
        await emulator?.stop();
        if (sourceDir) rmSync(sourceDir, { recursive: true, force: true });
    });

    const registration = () => ({
        subscriptionId: program.registrationSubscriptionId,
        resourceGroup: program.resourceGroup,
        name: program.registrationName,
    });
    const registrationId = () =>
        `/subscriptions/${program.registrationSubscriptionId}/resourceGroups/${program.resourceGroup}` +
        `/providers/Microsoft.AzureStack/registrations/${program.registrationName}`;
    const writes = () =>
        emulator
            .requestLog()
            .filter((r) => r.kind === "arm" && r.method !== "GET")
            .map((r) => `${r.method} ${r.path.split("/").pop()}`);
    const mappings = () =>
        emulator.state
            .mappings(registration())
            .map((m) => `${m.subscriptionId}=${m.tenantId}`)
            .sort();

    /** A new project directory with the README's files (and the tarball, for a tarball install). */
    function readmeFilesProject(manager: "npm" | "pnpm", source: "git" | "tarball"): UserProject {
        const project = new UserProject(`${manager}-${source}`, [pnpmBin], emulator.clientEnv());
        project.write("Pulumi.yaml", readme.pulumiYaml);
        project.write("index.ts", readme.indexTs);
        if (manager === "pnpm")
            project.write("pnpm-workspace.yaml", readme.pnpmWorkspaceYaml.replaceAll("<repository URL>", repositoryUrl));
        if (source === "tarball") copyFileSync(tarballPath, path.join(project.dir, readme.tarball));
        return project;
    }

    /** A new project directory with the README's files, the package installed by the README's command. */
    async function installedProject(manager: "npm" | "pnpm", source: "git" | "tarball"): Promise<UserProject> {
        const project = readmeFilesProject(manager, source);
        await withProject(
            project,
            async () => {
                const command = readme.install[manager][source].replaceAll("<repository URL>", repositoryUrl);
                // npm + tarball: the plugin suite's README shows the same command on the same tarball, and whichever
                // project runs it first in this `npm test` run gives the other a copy (UserProject.installOncePerRun).
                if (manager === "npm" && source === "tarball") await project.installOncePerRun(command, [tarballPath]);
                else await project.ok(command, "install");
                const manifest = JSON.parse(project.read("package.json"));
                expect(manifest.dependencies[PACKAGE]).to.match(source === "git" ? new RegExp(`^git\\+file://.*#${tag}$`) : /\.tgz$/);
                expect(
                    existsSync(path.join(project.dir, "node_modules", PACKAGE, "dist", "provider", "lifecycle.js")),
                    "the installed package is compiled",
                ).to.equal(true);
            },
            "on success",
        );
        return project;
    }

    /** Runs `body` with the project; on failure the error carries every command's output. */
    async function withProject(
        project: UserProject,
        body: () => Promise<void>,
        keep: "never" | "on success" | "always" = "never",
    ): Promise<void> {
        let ok = false;
        try {
            await body();
            ok = true;
        } catch (error) {
            (error as Error).message += `\n--- what the project's commands printed ---\n${project.transcript}`;
            throw error;
        } finally {
            if (keep === "never" || (keep === "on success" && !ok)) project.dispose();
        }
    }

    for (const manager of ["npm", "pnpm"] as const) {
        for (const source of ["git", "tarball"] as const) {
            it(`${manager}, from ${source === "git" ? "a git tag" : "a tarball"}: installs as the README says and \`pulumi preview\` plans the mapping`, async () => {
                const project = await install(`${manager}-${source}`);
                await withProject(project, async () => {
                    if (manager === "pnpm") {
                        // pnpm's strict layout: only direct dependencies at the top, so the package's own
                        // dependencies are not resolvable from the project; the provider host still finds the package.
                        expect(existsSync(path.join(project.dir, "node_modules", ".pnpm"))).to.equal(true);
                        expect(existsSync(path.join(project.dir, "node_modules", "axios"))).to.equal(false);
                    }
                    await project.ok("pulumi stack init dev");
                    emulator.clearRequestLog();
                    const preview = await project.ok("pulumi preview");
                    expect(preview).to.match(/\+\s.*contoso-east\s+create/);
                    expect(preview).to.match(/\+ 2 to create/);
                    // The preflight read the registration through the lifecycle the provider host loaded; nothing was written.
                    expect(emulator.requestLog().some((r) => r.kind === "arm" && r.method === "GET")).to.equal(true);
                    expect(writes()).to.deep.equal([]);
                });
            });
        }
    }

    describe("npm, from a tarball: the whole user path", () => {
        let project: UserProject;
        const upper = () => program.customerSubscriptionId.toUpperCase();

        before(async () => {
            project = await install("user-path");
            await project.ok("pulumi stack init dev");
        });
        after(() => project?.dispose());

        const step = (title: string, body: () => Promise<void>) => it(title, () => withProject(project, body, "always"));

        step("`pulumi preview`, then `pulumi up --yes` creates the mapping with one PUT", async () => {
            await project.ok("pulumi preview");
            emulator.clearRequestLog();
            const up = await project.ok("pulumi up --yes");
            expect(up).to.match(/\+ 2 created/);
            expect(writes()).to.deep.equal([`PUT ${program.customerSubscriptionId}`]);
            expect(mappings()).to.deep.equal([`${program.customerSubscriptionId}=${program.tenantId}`]);
        });

        step("a tenant change in index.ts updates in place: exactly one PUT", async () => {
            project.write("index.ts", project.read("index.ts").replace(program.tenantId, OTHER_TENANT));
            emulator.clearRequestLog();
            const up = await project.ok("pulumi up --yes");
            expect(up).to.match(/~ 1 updated/);
            expect(writes()).to.deep.equal([`PUT ${program.customerSubscriptionId}`]);
            expect(mappings()).to.deep.equal([`${program.customerSubscriptionId}=${OTHER_TENANT}`]);
        });

        step("a case-only change of the subscription id replaces delete-first, leaving exactly one mapping", async () => {
            project.write("index.ts", project.read("index.ts").replace(program.customerSubscriptionId, upper()));
            emulator.clearRequestLog();
            const up = await project.ok("pulumi up --yes");
            expect(up).to.match(/\+-1 replaced/);
            expect(writes()).to.deep.equal([`DELETE ${program.customerSubscriptionId}`, `PUT ${upper()}`]);
            expect(mappings()).to.deep.equal([`${upper()}=${OTHER_TENANT}`]);
        });

        step("`npx azs-mappings list` and `export --check` run from the project directory", async () => {
            const list = await project.ok(`npx azs-mappings list east=${registrationId()}`);
            expect(list).to.match(new RegExp(`east\\s+${upper()}\\s+${OTHER_TENANT}`));
            expect(list).to.include("1 mapping(s) on 1 registration(s)");
            // Declare what the registration holds in the stack's config, then the README's check finds nothing undeclared...
            await project.ok(`npx azs-mappings export east=${registrationId()} --stack-config Pulumi.dev.yaml --quiet`);
            const clean = await project.sh("npx azs-mappings export --stack-config Pulumi.dev.yaml --check");
            expect(clean.code, clean.stderr).to.equal(0);
            expect(clean.stdout).to.include("does not declare: none");
            // ...until someone maps a subscription by hand.
            await emulator.state.putMapping(registration(), HAND_MADE_SUB, HAND_MADE_TENANT);
            const found = await project.sh("npx azs-mappings export --stack-config Pulumi.dev.yaml --check");
            expect(found.code).to.equal(1);
            expect(found.stdout).to.include(`| east | ${HAND_MADE_SUB} | ${HAND_MADE_TENANT} |`).and.not.include(upper());
            await emulator.state.deleteMapping(registration(), HAND_MADE_SUB);
        });

        step(
            "drift behind Pulumi's back: `pulumi preview --refresh --expect-no-changes` fails naming the mapping, `pulumi refresh --preview-only` shows it",
            async () => {
                await emulator.state.putMapping(registration(), upper(), DRIFT_TENANT);
                emulator.clearRequestLog();
                const drift = await project.sh("pulumi preview --refresh --expect-no-changes");
                expect(drift.code).to.not.equal(0);
                expect(drift.stdout + drift.stderr)
                    .to.include("contoso-east")
                    .and.include("no changes were expected");
                const refresh = await project.ok("pulumi refresh --preview-only");
                expect(refresh).to.match(/~\s.*contoso-east\s+update/);
                expect(writes(), "neither command writes to Azure").to.deep.equal([]);
                expect(mappings()).to.deep.equal([`${upper()}=${DRIFT_TENANT}`]);
            },
        );

        step("`pulumi up --refresh --yes` puts Azure back, then `pulumi destroy --yes` deletes the mapping", async () => {
            emulator.clearRequestLog();
            await project.ok("pulumi up --refresh --yes");
            expect(writes()).to.deep.equal([`PUT ${upper()}`]);
            expect(mappings()).to.deep.equal([`${upper()}=${OTHER_TENANT}`]);
            emulator.clearRequestLog();
            const destroy = await project.ok("pulumi destroy --yes");
            expect(destroy).to.match(/- 2 deleted/);
            expect(writes()).to.deep.equal([`DELETE ${upper()}`]);
            expect(mappings()).to.deep.equal([]);
        });
    });
});

async function mustRun(file: string, args: string[], cwd: string): Promise<string> {
    const result = await runCommand(file, args, { cwd });
    if (result.code !== 0) throw new Error(`${file} ${args.join(" ")} exited with ${result.code}:\n${result.stdout}\n${result.stderr}`);
    return result.stdout;
}
