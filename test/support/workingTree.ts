/**
 * This clone's working tree as a checkout of it holds it (tracked and new files, none git ignores), copied
 * elsewhere: the workflows' `actions/checkout`, and `npm pack`. Packing in a copy matters because `npm pack`
 * runs the package's `prepare` build, and tsc rewrites each output file in place: run in this clone, it would
 * rewrite dist/ under the suite groups running beside it, whose processes may load a file while it is empty.
 */
import { copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../runner/engine";
import { runCommand, runCommandSync, type CommandResult } from "./processes";

/** Copies the working tree's files into `destination`; returns how many. */
export function copyWorkingTree(destination: string): number {
    const listed = runCommandSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: PROJECT_ROOT });
    if (listed.code !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
    let copied = 0;
    for (const file of listed.stdout.split("\0").filter(Boolean)) {
        const source = path.join(PROJECT_ROOT, file);
        // Not in a checkout: deleted in the working tree but not yet committed (or by a suite running beside
        // this one since git listed it), or a local link (e.g. .tools -> the tool cache).
        if (!isRegularFile(source)) continue;
        const target = path.join(destination, file);
        mkdirSync(path.dirname(target), { recursive: true });
        try {
            copyFileSync(source, target);
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
            throw error;
        }
        copied++;
    }
    return copied;
}

function isRegularFile(file: string): boolean {
    try {
        return lstatSync(file).isFile();
    } catch {
        return false;
    }
}

/** The parts of dist/ the package ships (package.json "files"), so that a stale file there is packed as it would be here. */
const SHIPPED_BUILD = ["dist/provider", "dist/cli", "dist/emulator", "dist/program"];

export interface PackedCopy {
    /** The copy `npm pack` ran in (its dist/ is what was packed). */
    dir: string;
    result: CommandResult;
    dispose(): void;
}

/**
 * `npm <args>` (a pack) in a copy of the working tree with this clone's shipped build and its node_modules
 * (linked): what `npm pack` here would produce, without touching this clone. `edit` changes the copy first.
 */
export async function npmInWorkingTreeCopy(args: string[], edit?: (dir: string) => void): Promise<PackedCopy> {
    const dir = mkdtempSync(path.join(tmpdir(), "azs-working-tree-"));
    copyWorkingTree(dir);
    for (const part of SHIPPED_BUILD) {
        if (existsSync(path.join(PROJECT_ROOT, part))) cpSync(path.join(PROJECT_ROOT, part), path.join(dir, part), { recursive: true });
    }
    edit?.(dir);
    symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(dir, "node_modules"));
    const result = await runCommand("npm", args, { cwd: dir });
    const dispose = () => {
        rmSync(path.join(dir, "node_modules"), { force: true }); // the link first, so nothing of this clone is followed
        rmSync(dir, { recursive: true, force: true });
    };
    return { dir, result, dispose };
}

/**
 * The working tree copied into `dir` so that it runs as this clone does, with no install or build of its own: this
 * clone's whole dist/, and a node_modules/ whose entries link to this clone's, except the package's link to itself,
 * which names the copy (so `@azurestack-csp/tenant-mappings` there is the copy's code and package.json). For a test
 * that runs the working tree as another version; `npm ci` and `npm run build` would make the same files, minutes later.
 */
export function runnableWorkingTreeCopy(dir: string): void {
    copyWorkingTree(dir);
    cpSync(path.join(PROJECT_ROOT, "dist"), path.join(dir, "dist"), { recursive: true });
    const modules = path.join(dir, "node_modules");
    mkdirSync(path.join(modules, "@azurestack-csp"), { recursive: true });
    for (const entry of readdirSync(path.join(PROJECT_ROOT, "node_modules"))) {
        if (entry !== "@azurestack-csp") symlinkSync(path.join(PROJECT_ROOT, "node_modules", entry), path.join(modules, entry));
    }
    symlinkSync("../..", path.join(modules, "@azurestack-csp", "tenant-mappings"));
}
