/**
 * The CLI as a user runs it: starts from a seed, prints endpoints and the client environment, writes the
 * env file, serves, and stops cleanly on SIGINT/SIGTERM with the state flushed; refuses a bad seed.
 */
import { expect } from "chai";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateCertificates } from "../../emulator/https.js";
import { runCommand, startCommand, type StartedCommand } from "../support/processes.js";

const ROOT = join(__dirname, "..", "..", "..");
const CLI = join(ROOT, "dist", "emulator", "cli.js");
const DEMO_SEED = join(ROOT, "emulator", "seeds", "demo.yaml");

function startCli(args: string[]): StartedCommand {
    // "--" keeps Node 22 from taking the CLI's --env-file as its own option (as scripts/emulator.sh does).
    return startCommand(process.execPath, ["--", CLI, ...args]);
}

async function waitFor(running: StartedCommand, text: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!running.output().includes(text)) {
        if (running.child.exitCode !== null) throw new Error(`the CLI exited: ${running.output()}`);
        if (Date.now() > deadline) throw new Error(`no "${text}" from the CLI: ${running.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

function https(
    method: string,
    url: string,
    ca: string,
    headers: Record<string, string> = {},
    body?: string,
): Promise<{ status: number; json: unknown }> {
    return new Promise((resolve, reject) => {
        const req = request(url, { method, headers, ca, agent: false }, (res) => {
            let text = "";
            res.on("data", (d: Buffer) => (text += d.toString()));
            res.on("end", () => resolve({ status: res.statusCode!, json: text ? JSON.parse(text) : undefined }));
        });
        req.on("error", reject);
        if (body) req.write(body);
        req.end();
    });
}

function parseEnvFile(text: string): Record<string, string> {
    const env: Record<string, string> = {};
    for (const m of text.matchAll(/^export (\w+)='([^']*)'$/gm)) env[m[1]!] = m[2]!;
    return env;
}

describe("emulator: CLI", function () {
    this.timeout(60_000);
    let dir: string;
    let running: StartedCommand | undefined;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "emulator-cli-test-"));
    });
    afterEach(async () => {
        if (running && running.child.exitCode === null && running.child.signalCode === null) {
            running.child.kill("SIGKILL");
            await running.exited;
        }
        running = undefined;
        rmSync(dir, { recursive: true, force: true });
    });

    it("starts from the demo seed, prints endpoints and env, serves, and stops on SIGINT with the state flushed", async () => {
        const statePath = join(dir, "state.json");
        const envFile = join(dir, "emulator.env");
        running = startCli([
            "--seed",
            DEMO_SEED,
            "--state",
            statePath,
            "--env-file",
            envFile,
            "--put-response",
            "200-body",
            "--page-size",
            "1",
            "--no-throttling",
        ]);
        await waitFor(running, "Press Ctrl-C to stop.");
        const out = running.output();
        const arm = /ARM endpoint: +(https:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
        const env = parseEnvFile(readFileSync(envFile, "utf8"));
        expect(env).to.include({
            AZURE_RESOURCE_MANAGER_ENDPOINT: arm,
            AZURE_TENANT_ID: "5f0c6a3e-0000-4000-8000-00000000a001",
            AZURE_CLIENT_ID: "3c1d2a4b-0000-4000-8000-00000000c001",
        });
        expect(out).to.include(`export AZURE_AUTHORITY_HOST='${env.AZURE_AUTHORITY_HOST}'`);
        const ca = readFileSync(env.NODE_EXTRA_CA_CERTS!, "utf8");

        expect((await https("GET", `${arm}/_emulator/health`, ca)).status).to.equal(200);
        const form = new URLSearchParams({
            grant_type: "client_credentials",
            client_id: env.AZURE_CLIENT_ID!,
            client_secret: env.AZURE_CLIENT_SECRET!,
            scope: `${arm}/.default`,
        }).toString();
        const token = (
            await https(
                "POST",
                `${env.AZURE_AUTHORITY_HOST}/${env.AZURE_TENANT_ID}/oauth2/v2.0/token`,
                ca,
                { "content-type": "application/x-www-form-urlencoded" },
                form,
            )
        ).json as { access_token: string };
        const path =
            "/subscriptions/9a6b7c8d-0000-4000-8000-000000000e01/resourceGroups/azurestack/providers/Microsoft.AzureStack/registrations/azurestack-stamp-east/customerSubscriptions";
        const auth = { authorization: `Bearer ${token.access_token}`, "content-type": "application/json" };
        const put = await https(
            "PUT",
            `${arm}${path}/c0000004-0000-4000-8000-000000000004?api-version=2017-06-01`,
            ca,
            auth,
            JSON.stringify({ properties: { tenantId: "70000004-0000-4000-8000-000000000004" } }),
        );
        expect(put.status).to.equal(200); // --put-response 200-body
        const list = await https("GET", `${arm}${path}?api-version=2017-06-01`, ca, auth);
        expect((list.json as { value: unknown[]; nextLink?: string }).value).to.have.length(1); // --page-size 1
        expect((list.json as { nextLink?: string }).nextLink).to.be.a("string");

        running.child.kill("SIGINT");
        expect(await running.exited).to.deep.equal({ code: 0, signal: null });
        expect(existsSync(envFile), "the env file (it holds the client secret) is removed on stop").to.equal(false);
        const state = JSON.parse(readFileSync(statePath, "utf8")) as {
            registrations: { name: string; customerSubscriptions: { subscriptionId: string }[] }[];
        };
        const east = state.registrations.find((r) => r.name === "azurestack-stamp-east")!;
        expect(east.customerSubscriptions.map((m) => m.subscriptionId)).to.include("c0000004-0000-4000-8000-000000000004");
    });

    it("stops on SIGTERM, resumes from the state file, and applies --faults and --latency", async () => {
        const statePath = join(dir, "state.json");
        const faults = join(dir, "faults.yaml");
        writeFileSync(faults, "- kind: status\n  status: 503\n  method: GET\n  count: 1\n");
        running = startCli(["--seed", DEMO_SEED, "--state", statePath]);
        await waitFor(running, "Press Ctrl-C to stop.");
        running.child.kill("SIGTERM");
        expect((await running.exited).code).to.equal(0);

        running = startCli([
            "--state",
            statePath,
            "--faults",
            faults,
            "--latency",
            "1",
            "--ca-file",
            join(dir, "ca.pem"),
            "--client",
            "3c1d2a4b-0000-4000-8000-00000000c002",
        ]);
        await waitFor(running, "Press Ctrl-C to stop.");
        const out = running.output();
        expect(out).to.include("AZURE_FEDERATED_TOKEN_FILE=");
        const arm = /ARM endpoint: +(\S+)/.exec(out)![1]!;
        const ca = readFileSync(join(dir, "ca.pem"), "utf8");
        const info = (await https("GET", `${arm}/_emulator/info`, ca)).json as {
            tenantId: string;
            settings: { latencyMs: number };
            faults: unknown[];
        };
        expect(info.tenantId).to.equal("5f0c6a3e-0000-4000-8000-00000000a001");
        expect(info.settings.latencyMs).to.equal(1);
        expect(info.faults).to.deep.equal([{ kind: "status", status: 503, method: "GET", count: 1 }]);
        running.child.kill("SIGINT");
        expect((await running.exited).code).to.equal(0);
    });

    it("refuses a bad seed with exit code 1 and a message naming the field", async () => {
        const seed = join(dir, "seed.yaml");
        writeFileSync(seed, "registrations:\n  - subscriptionId: not-a-guid\n    name: x\n");
        running = startCli(["--seed", seed]);
        const { code } = await running.exited;
        expect(code).to.equal(1);
        expect(running.output()).to.include("registrations[0].subscriptionId: must be a GUID");
    });

    it("refuses a non-loopback --host without --allow-remote; with it, the admin API needs the admin token it prints", async () => {
        running = startCli(["--host", "0.0.0.0"]);
        expect((await running.exited).code).to.equal(1);
        expect(running.output()).to.match(/host 0\.0\.0\.0 is not a loopback address.*--allow-remote/);

        const envFile = join(dir, "remote.env");
        running = startCli(["--host", "0.0.0.0", "--allow-remote", "--env-file", envFile, "--ca-file", join(dir, "ca.pem")]);
        await waitFor(running, "Press Ctrl-C to stop.");
        const adminToken = /Admin token: +(\S+)/.exec(running.output())![1]!;
        const port = /ARM endpoint: +https:\/\/0\.0\.0\.0:(\d+)/.exec(running.output())![1]!;
        const ca = readFileSync(join(dir, "ca.pem"), "utf8");
        const admin = `https://127.0.0.1:${port}/_emulator/env`; // the test's traffic stays on loopback
        const refused = await https("GET", admin, ca);
        expect(refused.status).to.equal(401);
        expect((refused.json as { error: { code: string } }).error.code).to.equal("AdminTokenRequired");
        expect((await https("GET", admin, ca, { authorization: "Bearer wrong" })).status).to.equal(401);
        const allowed = await https("GET", admin, ca, { authorization: `Bearer ${adminToken}` });
        expect(allowed.status).to.equal(200);
        expect(allowed.json).to.have.property("AZURE_CLIENT_SECRET");
        running.child.kill("SIGTERM");
        expect((await running.exited).code).to.equal(0);
        expect(existsSync(envFile)).to.equal(false);
    });

    it("--env-file adds the emulator's CA to the NODE_EXTRA_CA_CERTS the sourcing shell had, never drops it", async () => {
        // Another CA, as a corporate or TLS-inspecting proxy's would be, and a loopback server it signed.
        const other = await generateCertificates();
        const otherCa = join(dir, "corporate-ca.pem");
        writeFileSync(otherCa, other.caCertPem);
        const server = createServer({ key: other.keyPem, cert: `${other.certPem}\n${other.caCertPem}` }, (_req, res) => res.end("ok"));
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        try {
            const otherUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
            const envFile = join(dir, "emulator.env");
            // The emulator is started from an environment without NODE_EXTRA_CA_CERTS: the shell's trust is
            // taken when the file is sourced, not when the emulator wrote it.
            const { NODE_EXTRA_CA_CERTS: _unset, ...cliEnv } = process.env;
            running = startCommand(process.execPath, ["--", CLI, "--seed", DEMO_SEED, "--env-file", envFile], { env: cliEnv });
            await waitFor(running, "Press Ctrl-C to stop.");
            const arm = /ARM endpoint: +(https:\/\/127\.0\.0\.1:\d+)/.exec(running.output())![1]!;
            // Node reads NODE_EXTRA_CA_CERTS when it starts: each call is a new process of the sourcing shell. It exits
            // once it has the answer (a kept-alive socket would hold it open until the server's idle timeout).
            const call = `${JSON.stringify(process.execPath)} -e 'require("node:https").get(process.argv[1], (r) => { console.log(r.statusCode); process.exit(0); }).on("error", (e) => console.log(e.code))'`;
            const script = [
                `export NODE_EXTRA_CA_CERTS=${JSON.stringify(otherCa)}`,
                `${call} ${JSON.stringify(otherUrl)}`, // trusted before sourcing
                `${call} ${JSON.stringify(`${arm}/_emulator/health`)}`, // the emulator is not, yet
                `. ${JSON.stringify(envFile)}`,
                `${call} ${JSON.stringify(otherUrl)}`,
                `${call} ${JSON.stringify(`${arm}/_emulator/health`)}`,
                `. ${JSON.stringify(envFile)}`, // sourced again: the bundle keeps both, once
                `${call} ${JSON.stringify(otherUrl)}`,
                `${call} ${JSON.stringify(`${arm}/_emulator/health`)}`,
                `grep -c 'BEGIN CERTIFICATE' "$NODE_EXTRA_CA_CERTS"`,
                `echo "$NODE_EXTRA_CA_CERTS"`,
            ].join("\n");
            const shell = await runCommand("bash", ["-c", script], { env: { PATH: process.env.PATH, HOME: process.env.HOME } });
            expect(shell.stderr).to.equal("");
            expect(shell.stdout.trim().split("\n")).to.deep.equal([
                "200",
                "SELF_SIGNED_CERT_IN_CHAIN",
                "200",
                "200",
                "200",
                "200",
                "2",
                `${envFile}.ca-bundle.pem`,
            ]);
        } finally {
            server.close();
        }
    });

    it("refuses bad options", async () => {
        running = startCli(["--put-response", "204"]);
        expect((await running.exited).code).to.not.equal(0);
        expect(running.output()).to.match(/put-response/);
    });
});
