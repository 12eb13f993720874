/**
 * `npm test`'s suite groups, one line each (CONTRIBUTING.md, "Running the tests"), and the units
 * scripts/testRun.ts starts for them.
 *
 * - `specs`: the group's compiled spec files (globs with `*` and `**`; specsOf("x") is test/x/'s).
 * - `needs`: what its suites run besides Node and the npm dependencies; scripts/test.sh provides it once,
 *   before any group starts: "engine" (the Pulumi CLI and its Node.js language host), "language-hosts" (the
 *   YAML and Python language hosts, scripts/ensure-language-hosts.sh), "azure-clients" (the
 *   pinned Azure CLI and Python SDK), "pnpm", "azurite" (the Azure Storage emulator, scripts/ensure-azurite.sh),
 *   "oav" (Azure's traffic validator, scripts/ensure-oav.sh).
 * - `jobs`: the whole group is one mocha process in parallel mode, this many files at a time (many short
 *   files). Without it, each spec file is a mocha process of its own: the engine suites run many inline
 *   programs, and Pulumi's SDK keeps state across them in a process, so no two files share one.
 *
 * `npm run test:fast` runs the group "fast" alone: the inner loop, no engine.
 */
import { readdirSync, statSync } from "node:fs";
import * as path from "node:path";

export type Need = "engine" | "language-hosts" | "azure-clients" | "pnpm" | "azurite" | "oav";

/** The environment variable that names, to each suite process, the run's directory for what suites make once and share (test/support/sharedPack.ts). */
export const RUN_DIR_VARIABLE = "CSM_TEST_RUN_DIR";

export interface Group {
    name: string;
    specs: string[];
    needs: Need[];
    jobs?: number;
}

/** The compiled spec files of test/<dir>/ for each dir given. */
const specsOf = (...dirs: string[]) => dirs.map((dir) => `dist/test/${dir}/**/*.test.js`);

/** Longest first: without a record of earlier runs on this machine, testRun.ts starts them in this order. */
export const GROUPS: Group[] = [
    { name: "user", specs: specsOf("user"), needs: ["engine", "pnpm"] },
    { name: "cli", specs: specsOf("cli"), needs: ["engine"] },
    { name: "reliability", specs: specsOf("reliability"), needs: ["engine"] },
    { name: "plugin", specs: specsOf("plugin"), needs: ["engine", "language-hosts"] },
    { name: "team", specs: specsOf("team"), needs: ["engine", "azurite"] },
    { name: "upgrade", specs: specsOf("upgrade"), needs: ["engine", "language-hosts"] },
    { name: "e2e", specs: specsOf("e2e"), needs: ["engine"] },
    { name: "fast", specs: specsOf("unit", "protocol", "emulator"), needs: ["oav"], jobs: 3 },
    { name: "clients", specs: specsOf("clients"), needs: ["azure-clients"] },
];

/** What testRun.ts starts as one mocha process: a group in parallel mode, or one spec file of a group. */
export interface Unit {
    group: Group;
    /** The spec files, relative to the project. */
    files: string[];
}

/** The group's units; its files largest first (without a record of earlier runs, a hint of which take longest). */
export function unitsOf(group: Group, projectRoot: string): Unit[] {
    const size = (file: string) => statSync(path.join(projectRoot, file)).size;
    const files = [...new Set(group.specs.flatMap((spec) => matching(spec, projectRoot)))].sort((a, b) => size(b) - size(a));
    if (group.jobs) return [{ group, files }];
    return files.map((file) => ({ group, files: [file] }));
}

/**
 * What the spec files named on `npm test`'s command line need (mocha run directly on them): the needs of each
 * group one of those files belongs to. Arguments that name no spec file (mocha's options and their values) count
 * for nothing.
 */
export function needsOfSpecs(args: string[], projectRoot: string): Need[] {
    const named = new Set(args.filter((a) => !a.startsWith("-")).flatMap((a) => matching(a, projectRoot)));
    const owners = GROUPS.filter((g) => g.specs.some((spec) => matching(spec, projectRoot).some((file) => named.has(file))));
    return [...new Set(owners.flatMap((g) => g.needs))];
}

/** The files under `projectRoot` a glob with `*` (within a name) and `**` (any directories) names. */
function matching(spec: string, projectRoot: string): string[] {
    const parts = spec.split("/");
    const fixed = parts.findIndex((p) => p.includes("*"));
    const base = fixed < 0 ? spec : parts.slice(0, fixed).join("/");
    const pattern = new RegExp(
        `^${spec
            .split("/")
            .map((p) => (p === "**" ? "(?:[^/]+/)*" : `${p.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")}/`))
            .join("")
            .replace(/\/$/, "")}$`,
    );
    const found: string[] = [];
    const walk = (dir: string) => {
        let entries;
        try {
            entries = readdirSync(path.join(projectRoot, dir), { withFileTypes: true });
        } catch {
            return;
        }
        for (const entry of entries) {
            const relative = `${dir}/${entry.name}`;
            if (entry.isDirectory()) walk(relative);
            else if (pattern.test(relative)) found.push(relative);
        }
    };
    if (fixed < 0) return [spec];
    walk(base);
    return found;
}
