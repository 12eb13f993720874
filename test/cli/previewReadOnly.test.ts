/**
 * The example workflows give their previews a read-only backend credential (examples/github-actions/README.md,
 * "Least privilege"). That works only if a preview neither writes the state nor takes the stack's lock: shown
 * here on a self-managed (file) backend through the real engine, with the lock directory replaced by a file so
 * that taking a lock fails, and every byte of the backend compared before and after. And the pull request
 * that breaks the stack's config: its preview fails with the config paths and their fixes, and still writes nothing.
 */
import { expect } from "chai";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { CliProject, rootStackConfig } from "../support/cliProject";
import { providerSuiteSeed, T, twoStampStackData } from "../support/fixtures";

/** Every file under the directory: its content's hash and its modification time (a rewrite changes it). */
function snapshot(dir: string): Record<string, string> {
    const files: Record<string, string> = {};
    const walk = (current: string) => {
        for (const entry of readdirSync(current, { withFileTypes: true })) {
            const full = path.join(current, entry.name);
            if (entry.isDirectory()) {
                walk(full);
                continue;
            }
            const hash = createHash("sha256").update(readFileSync(full)).digest("hex");
            files[path.relative(dir, full)] = `${hash} ${statSync(full).mtimeMs}`;
        }
    };
    walk(dir);
    return files;
}

describe("a preview needs only read access to the state (the example workflows' read-only credential)", function () {
    this.timeout(10 * 60_000);
    let emulator: RunningEmulator;
    let project: CliProject | undefined;

    before(async () => {
        emulator = await startEmulator({ seed: providerSuiteSeed(), subscriptionIdMatching: "arm-case-insensitive" });
        project = CliProject.rootProject("read-only-preview", emulator.clientEnv());
        await project.initStack("e2e", rootStackConfig(twoStampStackData()));
        await project.pulumiOk(["up", "--yes", "--skip-preview", "--stack", "e2e"]);
    });
    after(async () => {
        project?.dispose();
        await emulator?.stop();
    });

    it("the pull request's preview and the nightly `preview --refresh` take no lock and write nothing; `up` does take the lock", async () => {
        const data = twoStampStackData();
        data.tenants.fabrikam.tenantId = T(50); // what a pull request changes
        project!.setConfig("e2e", rootStackConfig(data));

        // The self-managed backend takes a lock by writing a file under .pulumi/locks/: make that path a file.
        const locks = path.join(project!.backendDir, ".pulumi", "locks");
        rmSync(locks, { recursive: true, force: true });
        writeFileSync(locks, "");
        const store = path.join(project!.backendDir, ".pulumi");
        const before = snapshot(store);
        expect(Object.keys(before)).to.include(path.join("stacks", "csp-tenant-mappings", "e2e.json"));

        // pull-request.yml's preview (there without --json: its plan goes to an artifact as text).
        const preview = await project!.pulumi(["preview", "--stack", "e2e", "--diff", "--json"]);
        expect(preview.code, preview.stderr).to.equal(0);
        expect(JSON.parse(preview.stdout).changeSummary).to.deep.include({ update: 1 });
        // nightly-drift.yml's command line.
        const nightly = await project!.pulumi(["preview", "--stack", "e2e", "--refresh", "--expect-no-changes", "--json"]);
        expect(nightly.code, nightly.stderr).to.equal(7); // the declared change is pending: drift, not a failure
        expect(JSON.parse(nightly.stdout).changeSummary).to.deep.include({ update: 1 });

        expect(snapshot(store)).to.deep.equal(before);

        // The trap works: an update needs the lock, and fails without writing.
        const up = await project!.pulumi(["up", "--yes", "--skip-preview", "--stack", "e2e"]);
        expect(up.code).to.not.equal(0);
        expect(up.stdout + up.stderr).to.match(/\.pulumi\/locks: not a directory/);
        expect(snapshot(store)).to.deep.equal(before);
    });

    it("a pull request that breaks Pulumi.<stack>.yaml: the preview fails naming each config path and its fix, with no stack trace, and writes nothing", async () => {
        const store = path.join(project!.backendDir, ".pulumi");
        const before = snapshot(store);
        const data = twoStampStackData() as unknown as { tenants: Record<string, Record<string, unknown>> };
        data.tenants.fabrikam.stamps = ["north"];
        delete data.tenants.contoso.tenantId;
        project!.setConfig("e2e", rootStackConfig(data as never));
        emulator.clearRequestLog();
        const preview = await project!.pulumi(["preview", "--stack", "e2e"]);
        const output = preview.stdout + preview.stderr;
        expect(preview.code, output).to.not.equal(0);
        expect(output)
            .to.include("The stack configuration has 2 problem(s)")
            .and.include("csp-tenant-mappings:tenants.contoso.tenantId: required, a GUID string")
            .and.include("csp-tenant-mappings:tenants.fabrikam.stamps: 'north' is not a key of csp-tenant-mappings:registrations");
        expect(output, "Pulumi prints the message, not the program's stack").to.not.match(/^\s+at .*\(.*:\d+:\d+\)$/m);
        expect(emulator.requestLog().filter((r) => r.kind === "arm")).to.deep.equal([]);
        expect(snapshot(store)).to.deep.equal(before);
    });
});
