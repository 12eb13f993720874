/**
 * What several suite processes of one `npm test` run need and none may change, made once per run: the working
 * tree's `npm pack` (in a copy of it, npmInWorkingTreeCopy) with what npm said of it, and the installs copied
 * into user projects.
 * scripts/testRun.ts gives every suite process the run's scratch directory (CSM_TEST_RUN_DIR); the first process
 * to ask for a thing makes it there, under a lock (an exclusive mkdir), and the others wait for it and use the
 * same files. Run outside testRun.ts (mocha on a spec file), there is no such directory and each call makes its
 * own, removed when the process exits. Callers copy what they get; they never change it.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { RUN_DIR_VARIABLE } from "../../scripts/testGroups";
import { npmInWorkingTreeCopy } from "./workingTree";

export interface PackKind {
    /** Names the pack within a run: one tarball per name. */
    name: string;
}

/** How long a process waits for another's work before it gives up (a pack or an install takes about a minute). */
const WAIT_MS = 10 * 60_000;

/** The path of the working tree's tarball of this kind, packed by this process or another of the same run. */
export function sharedPack(kind: PackKind): Promise<string> {
    return oncePerRun(path.join("packs", kind.name), pack);
}

/**
 * The path `make` returns, made by this process or another of the same run. `make` gets an empty directory of
 * its own (under the run's directory, at `name`) to make its files in, and returns the path to hand out.
 */
export async function oncePerRun(name: string, make: (dir: string) => Promise<string>): Promise<string> {
    const runDir = process.env[RUN_DIR_VARIABLE];
    if (!runDir) {
        const own = mkdtempSync(path.join(tmpdir(), `azs-${name.replaceAll(path.sep, "-")}-`));
        process.once("exit", () => rmSync(own, { recursive: true, force: true }));
        return make(own);
    }
    const dir = path.join(runDir, name);
    mkdirSync(path.dirname(dir), { recursive: true });
    let owner = true;
    try {
        mkdirSync(dir);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        owner = false;
    }
    const done = path.join(dir, "done.json");
    if (owner) {
        try {
            const made = await make(dir);
            finish(done, { path: made });
            return made;
        } catch (error) {
            finish(done, { error: String(error) });
            throw error;
        }
    }
    const deadline = Date.now() + WAIT_MS;
    while (!existsSync(done)) {
        if (Date.now() > deadline)
            throw new Error(`nothing made in ${dir} after ${WAIT_MS / 60_000} minutes (${readdirSync(dir).join(", ")})`);
        await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const result = JSON.parse(readFileSync(done, "utf8")) as { path?: string; error?: string };
    if (!result.path) throw new Error(`${name}, made by another process of this run, failed: ${result.error}`);
    return result.path;
}

/** Writes the outcome whole, then names it `done`: a waiting process never reads half of it. */
function finish(done: string, outcome: { path?: string; error?: string }): void {
    writeFileSync(`${done}.${process.pid}`, JSON.stringify(outcome));
    renameSync(`${done}.${process.pid}`, done);
}

/** What `npm pack --json` says of a tarball it made: its name, its sizes and each file in it. */
export interface PackReport {
    filename: string;
    size: number;
    unpackedSize: number;
    entryCount: number;
    files: Array<{ path: string; size: number }>;
}

const REPORT = "npm-pack.json";

/** What `npm pack` said of the tarball sharedPack returned. */
export function packReport(tarball: string): PackReport {
    return JSON.parse(readFileSync(path.join(path.dirname(tarball), REPORT), "utf8")) as PackReport;
}

async function pack(destination: string): Promise<string> {
    const packed = await npmInWorkingTreeCopy(["pack", "--json", "--pack-destination", destination, "--loglevel=error"]);
    packed.dispose();
    if (packed.result.code !== 0) throw new Error(`npm pack failed:\n${packed.result.stdout}\n${packed.result.stderr}`);
    // The prepare build prints tsc's banner before the JSON.
    const stdout = packed.result.stdout;
    const report = (JSON.parse(stdout.slice(stdout.indexOf("["))) as PackReport[])[0];
    writeFileSync(path.join(destination, REPORT), JSON.stringify(report));
    return path.join(destination, report.filename);
}
