/**
 * `npm run build` leaves no compiled file whose TypeScript source is gone (scripts/prune-build.sh): tsc never
 * deletes outputs, and a stale dist/ file of a moved module would still answer a require of its old path or run
 * as a test. Checked on a scratch project, then on this one.
 */
import { expect } from "chai";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../runner/engine";
import { runCommandSync } from "../support/processes";

const PRUNE = path.join(PROJECT_ROOT, "scripts", "prune-build.sh");

function touch(file: string): void {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, "");
}

describe("the build", () => {
    it("removes the compiled files of a moved or deleted source, and keeps every other", () => {
        const root = mkdtempSync(path.join(tmpdir(), "csm-prune-"));
        try {
            touch(path.join(root, "provider", "settings", "index.ts"));
            for (const kept of ["index.js", "index.js.map", "index.d.ts"]) touch(path.join(root, "dist", "provider", "settings", kept));
            for (const moved of ["settings.js", "settings.js.map", "settings.d.ts", "settings.d.ts.map"])
                touch(path.join(root, "dist", "provider", moved));
            touch(path.join(root, "dist", "provider", "messages.json"));
            const result = runCommandSync(PRUNE, [root]);
            expect(result.code, result.stderr).to.equal(0);
            expect(readdirSync(path.join(root, "dist", "provider")).sort()).to.deep.equal(["messages.json", "settings"]);
            expect(readdirSync(path.join(root, "dist", "provider", "settings")).sort()).to.deep.equal([
                "index.d.ts",
                "index.js",
                "index.js.map",
            ]);
        } finally {
            rmSync(root, { recursive: true, force: true });
        }
    });

    it("has left no such file in this project's dist/", () => {
        const stale: string[] = [];
        const walk = (dir: string) => {
            for (const entry of readdirSync(path.join(PROJECT_ROOT, dir), { withFileTypes: true })) {
                const relative = path.join(dir, entry.name);
                if (entry.isDirectory()) walk(relative);
                else if (
                    relative.endsWith(".js") &&
                    !existsSync(path.join(PROJECT_ROOT, relative.slice("dist/".length, -".js".length) + ".ts"))
                )
                    stale.push(relative);
            }
        };
        walk("dist");
        expect(stale).to.deep.equal([]);
    });
});
