/**
 * Where the project's scripts keep the tools they provide (scripts/lib.sh, scripts/tool-cache.sh): a cache per
 * machine, outside the clone, one entry per tool and version, each published complete with a marker file.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";

/** The marker an entry gets last, once complete and checked (scripts/tool-cache.sh CACHE_MARKER). */
export const CACHE_MARKER = ".csm-complete";

/**
 * The tool cache, by scripts/lib.sh's rule: CSM_TOOLS_DIR when set; else the clone's .tools when it exists
 * (a link to a shared cache, or a clone's own cache from before); else the user's cache directory.
 */
export function toolsDir(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
    if (env.CSM_TOOLS_DIR) return env.CSM_TOOLS_DIR;
    const inClone = path.join(projectRoot, ".tools");
    if (existsSync(inClone)) return inClone;
    return path.join(env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), ".cache"), "azurestack-tenant-mappings");
}

/** The cache entry's directory when it is complete (a build in progress or cut short has no marker). */
export function completeEntry(projectRoot: string, entry: string): string | undefined {
    const dir = path.join(toolsDir(projectRoot), entry);
    return existsSync(path.join(dir, CACHE_MARKER)) ? dir : undefined;
}

/**
 * The directory scripts/ensure-<tool>.sh provides and prints last: a tool cache entry (an npm tool's, e.g.
 * "azurite" or "oav": packages the tests use that are not this repository's dependencies) or its bin directory
 * (pnpm's). Seconds when cached; installed first if not.
 */
export function ensuredTool(projectRoot: string, tool: string): string {
    const script = path.join(projectRoot, "scripts", `ensure-${tool}.sh`);
    return execFileSync(script, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })
        .trim()
        .split("\n")
        .pop()!;
}

/**
 * A package of an npm tool, required from its entry (ensuredTool). TypeScript has no declarations of it (it is no
 * dependency of this repository): the caller names the part it uses as T.
 */
export function requireFromNpmTool<T>(toolDir: string, packageName: string): T {
    return createRequire(path.join(toolDir, "package.json"))(packageName) as T;
}
