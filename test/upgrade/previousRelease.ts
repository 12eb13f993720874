/**
 * The two versions an upgrade test runs: the previous release as its users have it (fixtures/: its tarball,
 * checked against its recorded SHA-256, and its commit, for a clone of that release) and the working tree's
 * version, packed as a user gets it from a release (`npm pack`, which runs the package's prepare build).
 */
import { expect } from "chai";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../runner/engine";
import { runCommand } from "../support/processes";
import { oncePerRun, sharedPack } from "../support/sharedPack";

const FIXTURES = path.join(PROJECT_ROOT, "test", "upgrade", "fixtures");

export interface PreviousRelease {
    version: string;
    tag: string;
    commit: string;
    /** The tarball's file name in fixtures/, e.g. azurestack-csp-tenant-mappings-0.1.0.tgz. */
    tarball: string;
}

export function previousRelease(): PreviousRelease {
    return JSON.parse(readFileSync(path.join(FIXTURES, "previous-release.json"), "utf8")) as PreviousRelease;
}

/**
 * The version the upgrade tests install as the new release: the working tree's (package.json), or, while that is
 * still the previous release's (from the release until the next version is set, docs/operations.md), the next
 * patch version's pre-release, `<x>.<y>.<z+1>-dev.0`. The tests need two versions to tell the previous
 * release's requests and state from the new one's; this one is given to the copy that is packed or cloned.
 */
export function currentVersion(): string {
    const declared: string = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")).version;
    if (declared !== previousRelease().version) return declared;
    const [major, minor, patch] = declared.split(/[.+-]/).map(Number);
    return `${major}.${minor}.${patch + 1}-dev.0`;
}

/** Gives the copy of the working tree in `dir` the version of currentVersion() (package.json and package-lock.json). */
export function setCurrentVersion(dir: string): void {
    const version = currentVersion();
    const edit = (file: string, change: (json: { version: string; packages?: Record<string, { version?: string }> }) => void) => {
        const json = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
        change(json);
        writeFileSync(path.join(dir, file), `${JSON.stringify(json, null, 2)}\n`);
    };
    edit("package.json", (json) => (json.version = version));
    // A packed package has no lockfile.
    if (!existsSync(path.join(dir, "package-lock.json"))) return;
    edit("package-lock.json", (json) => {
        json.version = version;
        if (json.packages?.[""]) json.packages[""].version = version;
    });
}

/** The previous release's tarball, after its SHA-256 matched the one recorded beside it; throws otherwise. */
export function previousReleaseTarball(): string {
    const { tarball } = previousRelease();
    const file = path.join(FIXTURES, tarball);
    const recorded = readFileSync(`${file}.sha256`, "utf8").trim().split(/\s+/);
    const actual = createHash("sha256").update(readFileSync(file)).digest("hex");
    expect(recorded[1], `${tarball}.sha256 names the tarball`).to.equal(tarball);
    expect(actual, `${tarball} does not match its recorded SHA-256 (test/upgrade/fixtures/README.md)`).to.equal(recorded[0]);
    return file;
}

/**
 * The working tree's package with currentVersion(); returns the tarball's path (shared by the run's upgrade
 * suites: copy it, do not change it). It is the run's `npm pack` of the working tree (sharedPack's "release", which
 * the user and plugin suites install too) with the version in its package.json changed and packed again with tar:
 * the version is the one thing that differs, and a second `npm pack` would compile the same files again.
 */
export function packCurrent(): Promise<string> {
    return oncePerRun(path.join("packs", "upgrade"), async (dir) => {
        const release = await sharedPack({ name: "release" });
        await mustRun("tar", ["-xzf", release, "-C", dir], dir);
        setCurrentVersion(path.join(dir, "package"));
        // npm pack's file name: the package name without its @, the scope's slash a dash, then the version.
        const name: string = JSON.parse(readFileSync(path.join(dir, "package", "package.json"), "utf8")).name;
        const tarball = path.join(dir, `${name.replace(/^@/, "").replace("/", "-")}-${currentVersion()}.tgz`);
        await mustRun("tar", ["-czf", tarball, "-C", dir, "package"], dir);
        return tarball;
    });
}

/** The previous release's commit is in this clone, and a tag of its name in this repository is that commit. */
async function checkPreviousReleaseCommit(): Promise<void> {
    const { commit, tag } = previousRelease();
    const found = await runCommand("git", ["cat-file", "-e", `${commit}^{commit}`], { cwd: PROJECT_ROOT });
    if (found.code !== 0)
        throw new Error(
            `the previous release's commit ${commit} (${tag}) is not in this clone: a shallow clone? Run \`git fetch --unshallow\`.`,
        );
    const tagged = await runCommand("git", ["rev-parse", "-q", "--verify", `refs/tags/${tag}^{commit}`], { cwd: PROJECT_ROOT });
    if (tagged.code === 0) expect(tagged.stdout.trim(), `tag ${tag} is the commit previous-release.json records`).to.equal(commit);
}

/**
 * A clone of the previous release (its committed files at the recorded commit) set up as docs/operations.md says,
 * `npm ci` then `npm run build`, made once per machine: a tool cache entry per commit, built, checked and
 * published by scripts/ensure-previous-release.sh under the tool cache's rules (scripts/tool-cache.sh). Callers
 * link its files into a directory of their own and write their stack files there, never into the entry. `env`:
 * the environment of npm's commands.
 */
export async function previousReleaseSetUp(env: NodeJS.ProcessEnv): Promise<string> {
    await checkPreviousReleaseCommit();
    const printed = await mustRun("bash", [path.join(PROJECT_ROOT, "scripts", "ensure-previous-release.sh")], PROJECT_ROOT, env);
    return printed.trim().split("\n").pop()!;
}

async function mustRun(file: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<string> {
    const result = await runCommand(file, args, { cwd, env });
    if (result.code !== 0) throw new Error(`${file} ${args.join(" ")} exited with ${result.code}:\n${result.stdout}\n${result.stderr}`);
    return result.stdout;
}
