/**
 * examples/github-actions/README.md, "Trying it locally": its command, run verbatim in the repository root,
 * starts Azurite's blob service with the `pulumi-state` container and prints the environment that points
 * Pulumi at it; the plain `pulumi` CLI, given that environment, uses the container as its state backend; Ctrl-C
 * (SIGINT) stops Azurite and the command exits cleanly.
 */
import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { engineEnv, PROJECT_ROOT } from "../../runner/engine";
import { runCommand, startCommand, type StartedCommand } from "../support/processes";

const README = path.join(PROJECT_ROOT, "examples", "github-actions", "README.md");

/** The command the section starts with: its first inline code span. */
function tryLocallyCommand(): string {
    const text = readFileSync(README, "utf8");
    const section = text.slice(text.indexOf("### Trying it locally"));
    const command = /`([^`]+)`/.exec(section)?.[1];
    if (!command) throw new Error(`${README}: no command in "Trying it locally"`);
    return command;
}

describe('examples/github-actions/README.md "Trying it locally": Azurite as the state backend, by hand', function () {
    this.timeout(5 * 60_000);
    let started: StartedCommand | undefined;
    let home: string;

    before(() => (home = mkdtempSync(path.join(tmpdir(), "csm-try-locally-"))));
    after(async () => {
        if (started && started.child.exitCode === null && started.child.signalCode === null) {
            started.child.kill("SIGTERM");
            await started.exited;
        }
        rmSync(home, { recursive: true, force: true });
    });

    it("prints the backend's environment, the CLI uses the container with it, and Ctrl-C stops Azurite cleanly", async () => {
        const command = tryLocallyCommand();
        expect(command).to.equal("node dist/scripts/azurite.js");
        started = startCommand("bash", ["-c", command], { cwd: PROJECT_ROOT });
        const deadline = Date.now() + 120_000;
        while (!started.stderr().includes("Ctrl-C stops it") && Date.now() < deadline) {
            if (started.child.exitCode !== null) throw new Error(`the command exited with ${started.child.exitCode}:\n${started.output()}`);
            await new Promise((resolve) => setTimeout(resolve, 200));
        }
        expect(started.stderr(), started.output()).to.include("container pulumi-state; Ctrl-C stops it");
        const printed = Object.fromEntries(
            [...started.stdout().matchAll(/^export (\w+)='([^']*)'$/gm)].map((m) => [m[1]!, m[2]!] as const),
        );
        expect(Object.keys(printed).sort()).to.deep.equal(["AZURE_STORAGE_ACCOUNT", "AZURE_STORAGE_KEY", "PULUMI_BACKEND_URL"]);
        expect(printed.PULUMI_BACKEND_URL).to.match(/^azblob:\/\/pulumi-state\?localemu=true&domain=127\.0\.0\.1:\d+&protocol=http$/);
        expect(printed.AZURE_STORAGE_ACCOUNT).to.equal("devstoreaccount1");

        // The plain CLI with the printed environment: the container is there and holds no stack yet.
        const env = { ...process.env, ...engineEnv(home), ...printed };
        const listed = await runCommand("pulumi", ["stack", "ls", "--all", "--json"], { cwd: home, env });
        expect(listed.code, listed.stderr).to.equal(0);
        expect(JSON.parse(listed.stdout)).to.deep.equal([]);
        // Against a container nobody created, the same command fails: the one above did reach Azurite's container.
        const missing = printed.PULUMI_BACKEND_URL.replace("azblob://pulumi-state", "azblob://nobody-created-this");
        const refused = await runCommand("pulumi", ["stack", "ls", "--all", "--json"], {
            cwd: home,
            env: { ...env, PULUMI_BACKEND_URL: missing },
        });
        expect(refused.code).to.not.equal(0);

        started.child.kill("SIGINT");
        expect(await started.exited).to.deep.equal({ code: 0, signal: null });
    });
});
