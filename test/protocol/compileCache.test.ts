/**
 * A provider process keeps Node.js's compile cache although the engine stops it with a signal (SIGINT to its
 * process group, SIGKILL 5 s later: Pulumi's plugin.go) (provider/compileCache.ts): with NODE_COMPILE_CACHE set,
 * what the process compiled is on disk after the SIGINT once it has been configured and has had an answer from
 * ARM, in both forms. Node itself writes the cache only when a process exits on its own, so a process stopped
 * before the provider's code ran leaves the directory empty: that is checked first, and shows what the
 * provider's own write adds.
 */
import { expect } from "chai";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { C, mappingArgs, providerSuiteSeed, STAMP1, T } from "../support/fixtures";
import { ProviderHost, type ProviderForm } from "../support/providerHost";

/** The cache entries Node wrote under `dir` (it keeps them in one subdirectory per Node.js version). */
function entries(dir: string): number {
    if (!existsSync(dir)) return 0;
    return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
}

describe("provider processes keep Node.js's compile cache although the engine stops them with a signal", function () {
    this.timeout(120_000);
    let emulator: RunningEmulator;
    const dirs: string[] = [];

    before(async () => {
        emulator = await startEmulator({ seed: providerSuiteSeed() });
    });
    after(async () => {
        await emulator?.stop();
        for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });

    const cacheDir = () => {
        const dir = mkdtempSync(path.join(tmpdir(), "compile-cache-test-"));
        dirs.push(dir);
        return dir;
    };

    for (const form of ["dynamic", "plugin"] as ProviderForm[]) {
        it(`${form}: nothing written when stopped before the provider ran; the modules it loaded once it has checked a mapping`, async () => {
            const untouched = cacheDir();
            const idle = new ProviderHost(form);
            await idle.start({ ...emulator.clientEnv(), NODE_COMPILE_CACHE: untouched });
            await idle.stop("SIGINT");
            expect(entries(untouched), "Node.js wrote its cache although the process was stopped by a signal").to.equal(0);

            const kept = cacheDir();
            const host = new ProviderHost(form);
            await host.start({ ...emulator.clientEnv(), NODE_COMPILE_CACHE: kept });
            try {
                await host.configure({});
                const { failures } = await host.check("m", {}, mappingArgs(STAMP1, C(1), T(1)));
                expect(failures).to.deep.equal([]);
                // The write comes once the call's turn has ended: give it a moment before the signal.
                for (let waited = 0; entries(kept) < 100 && waited < 5_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
            } finally {
                await host.stop("SIGINT");
            }
            // @pulumi/pulumi and its dependencies alone are several hundred modules.
            expect(entries(kept)).to.be.above(100);
        });
    }
});
