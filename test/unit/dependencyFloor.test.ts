/**
 * The lockfile never falls below the releases that fix the advisories we know of. `npm audit` cannot run here
 * (the registry reachable from these machines refuses it), so this is the floor CI enforces; users audit with
 * `npm audit --omit=dev` against the public registry (docs/reliability.md, "Security").
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import * as path from "node:path";

const PROJECT_ROOT = path.resolve(__dirname, "..", "..", "..");

/** Package -> the first release that fixes every advisory against it that we track, and why. */
export const FIXED_VERSIONS: Record<string, { version: string; advisories: string }> = {
    axios: {
        version: "1.18.0",
        advisories:
            "2026 advisories against <=1.17: NO_PROXY bypasses, header injection, proxy credentials leaked on " +
            "redirects, a proxy inherited after config cloning",
    },
};

function compareVersions(a: string, b: string): number {
    const parse = (v: string) => v.split("-")[0].split(".").map(Number);
    const [x, y] = [parse(a), parse(b)];
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
    return 0;
}

describe("dependency floor (package-lock.json)", () => {
    const lock = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package-lock.json"), "utf8")) as {
        packages: Record<string, { version?: string; dev?: boolean; link?: boolean }>;
    };

    it("compares versions numerically", () => {
        expect(compareVersions("1.9.0", "1.18.0")).to.be.lessThan(0);
        expect(compareVersions("1.18.0", "1.18.0")).to.equal(0);
        expect(compareVersions("1.21.1", "1.18.0")).to.be.greaterThan(0);
    });

    for (const [name, floor] of Object.entries(FIXED_VERSIONS)) {
        it(`every copy of ${name} in the lockfile is at least ${floor.version} (${floor.advisories})`, () => {
            const copies = Object.entries(lock.packages).filter(
                ([key]) => key === `node_modules/${name}` || key.endsWith(`/node_modules/${name}`),
            );
            expect(copies, `${name} is not in the lockfile`).not.to.be.empty;
            for (const [key, entry] of copies) {
                expect(compareVersions(entry.version ?? "0.0.0", floor.version), `${key} is ${entry.version}`).to.be.at.least(0);
            }
        });
    }

    it("pins every runtime dependency to one exact version, so a release is what was tested", () => {
        const manifest = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as {
            dependencies: Record<string, string>;
        };
        for (const [name, range] of Object.entries(manifest.dependencies)) {
            expect(range, name).to.match(/^\d+\.\d+\.\d+$/);
        }
    });
});
