/**
 * The committed Python SDK (sdk/python/, shipped in the npm package) is what Pulumi's generator makes of the
 * plugin's schema today: `npm run sdk`'s script regenerates it into a scratch directory, file for file.
 */
import { expect } from "chai";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../runner/engine";
import { runCommand } from "../support/processes";
import { scratchDir } from "../user/userProject";

/** What pip leaves in a source directory it installed from (sdk/python/.gitignore): not part of the SDK. */
const BUILD_OUTPUT = /^(build|dist|__pycache__|.*\.egg-info)$/;

function files(dir: string, under = ""): Record<string, string> {
    const found: Record<string, string> = {};
    for (const entry of readdirSync(path.join(dir, under), { withFileTypes: true })) {
        if (BUILD_OUTPUT.test(entry.name)) continue;
        const name = path.join(under, entry.name);
        if (entry.isDirectory()) Object.assign(found, files(dir, name));
        else found[name] = readFileSync(path.join(dir, name), "utf8");
    }
    return found;
}

describe("the Python SDK", function () {
    this.timeout(15 * 60_000);

    it("in sdk/python/ is what Pulumi's generator makes of the plugin's schema (run `npm run sdk` after a schema change)", async () => {
        const scratch = scratchDir("python-sdk");
        try {
            const out = path.join(scratch, "python");
            const generated = await runCommand(path.join(PROJECT_ROOT, "scripts", "python-sdk.sh"), [out], { cwd: PROJECT_ROOT });
            expect(generated.code, generated.stderr).to.equal(0);
            const committed = files(path.join(PROJECT_ROOT, "sdk", "python"));
            expect(Object.keys(committed)).to.include("pulumi_azurestack_tenant_mappings/customer_subscription_mapping.py");
            expect(committed).to.deep.equal(files(out));
        } finally {
            rmSync(scratch, { recursive: true, force: true });
        }
    });
});
