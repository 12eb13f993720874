/**
 * Where the project's scripts keep the tools they provide (scripts/lib.sh, scripts/tool-cache.sh): a cache per
 * machine, outside the clone, one entry per tool and version, each published complete with a marker file.
 */
import { existsSync } from "node:fs";
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
