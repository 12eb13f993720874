/**
 * `azs-mappings export --stack-config` replaces the stack file atomically: the new text goes to a temporary
 * file beside it, which is renamed over it. The shipped CLI runs against the emulator; the failure mid-write is
 * a real one, a file size limit (`ulimit -f`) that lets the write start and stops it part-way with EFBIG.
 */
import { expect } from "chai";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { startEmulator, type EmulatorSeed, type RunningEmulator } from "../../emulator";
import { PROJECT_ROOT } from "../../runner/engine";
import { runCommand } from "../support/processes";
import { C, PARTNER, REGISTRATION_SUBSCRIPTION, registrationId, RG, T } from "../support/fixtures";

const STAMP = "azurestack-export-file";
const CLI = path.join(PROJECT_ROOT, "bin", "azs-mappings.js");
/** Below bash's `ulimit -f 1` (1024 bytes); the export of 24 mappings is several times that. */
const ORIGINAL = `# Kept by hand: the comment and the mode must survive.\nconfig:\n  csp-tenant-mappings:registrations:\n    east:\n      registrationId: ${registrationId(STAMP)}\n`;

function seed(): EmulatorSeed {
    const numbers = Array.from({ length: 24 }, (_, i) => i + 1);
    return {
        registrations: [
            {
                subscriptionId: REGISTRATION_SUBSCRIPTION,
                resourceGroup: RG,
                name: STAMP,
                billingModel: "PayAsYouUse",
                multiTenancyApproved: true,
                cspPartner: PARTNER,
                customerSubscriptions: numbers.map((n) => ({ subscriptionId: C(n), tenantId: T(n) })),
            },
        ],
        customerSubscriptions: numbers.map((n) => ({ id: C(n), tenantId: T(n), cspPartner: PARTNER, isCsp: true })),
    } as EmulatorSeed;
}

describe("azs-mappings export --stack-config writes the file atomically", function () {
    this.timeout(120_000);
    let emulator: RunningEmulator;
    let dir: string;
    let stackConfig: string;

    before(async () => {
        emulator = await startEmulator({ seed: seed() });
    });
    after(() => emulator?.stop());
    beforeEach(() => {
        dir = mkdtempSync(path.join(tmpdir(), "export-stack-file-"));
        stackConfig = path.join(dir, "Pulumi.prod.yaml");
        writeFileSync(stackConfig, ORIGINAL);
        chmodSync(stackConfig, 0o640);
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    /** The shipped CLI, under bash so that a file size limit can be set first. */
    function exportWithLimit(limit: string) {
        const script = `ulimit -f ${limit} && exec "$0" "$@"`;
        return runCommand("bash", ["-c", script, process.execPath, CLI, "export", "--stack-config", stackConfig], {
            env: { PATH: process.env.PATH ?? "", ...emulator.clientEnv() },
            cwd: dir,
        });
    }

    it("a write that fails part-way leaves the original file as it was, and no temporary file", async () => {
        const run = await exportWithLimit("1");
        // The write fails with EFBIG; write-file-atomic (through signal-exit) may instead end the process with the
        // SIGXFSZ it had caught, after removing its temporary file. Either way the command fails.
        expect(run.code, run.stderr).to.not.equal(0);
        expect(run.stderr).to.include("east: 24 mappings"); // it got as far as writing
        expect(readFileSync(stackConfig, "utf8")).to.equal(ORIGINAL);
        expect(statSync(stackConfig).mode & 0o777).to.equal(0o640);
        expect(readdirSync(dir)).to.deep.equal(["Pulumi.prod.yaml"]);
    });

    it("a write that succeeds replaces the file, keeping its comment and its mode", async () => {
        const run = await exportWithLimit("unlimited");
        expect(run.code, run.stderr).to.equal(0);
        const written = readFileSync(stackConfig, "utf8");
        expect(written.length).to.be.greaterThan(4 * 1024);
        expect(written)
            .to.match(/^# Kept by hand/)
            .and.include(`tenantId: ${T(24)}`);
        expect(statSync(stackConfig).mode & 0o777).to.equal(0o640);
        expect(readdirSync(dir)).to.deep.equal(["Pulumi.prod.yaml"]);
    });
});
