/**
 * Real Azure clients nobody here wrote, against the emulator with nothing but its CA trusted and instance
 * discovery off: the Azure CLI (docs' commands verbatim, the eight documented errors with az's exit status,
 * `az rest` across pages) and the Python SDK (azure-mgmt-azurestack with azure-identity), both from the
 * pinned venv of scripts/ensure-azure-clients.sh. (@azure/arm-azurestack: test/emulator/sdk.test.ts.)
 */
import { expect } from "chai";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator/index.js";
import { outputOf, runCommand, type CommandResult } from "../support/processes.js";
import { azureClientsBin, clientEnvironment, docBlock, ROOT } from "./azureClients.js";

const DEMO_SEED = join(ROOT, "emulator", "seeds", "demo.yaml");
const SUB = "9a6b7c8d-0000-4000-8000-000000000e01";
const REGISTRATIONS = `/subscriptions/${SUB}/resourceGroups/azurestack/providers/Microsoft.AzureStack/registrations`;
const mapping = (registration: string, id: string) => `${REGISTRATIONS}/${registration}/customerSubscriptions/${id}`;
const c = (n: number) => `c000000${n}-0000-4000-8000-00000000000${n}`;
const t = (n: number) => `7000000${n}-0000-4000-8000-00000000000${n}`;

describe("real Azure clients against the emulator", function () {
    this.timeout(600_000);
    let bin: string;

    before(() => {
        bin = azureClientsBin(); // installs on a clean machine (a few minutes, once); fails loudly, never skips
    });

    it("scripts/ensure-azure-clients.sh fails with a clear message on a machine without Python 3.10+ (the suite then fails, never skips)", async () => {
        const dir = mkdtempSync(join(tmpdir(), "no-python-"));
        try {
            const tools = join(dir, "bin");
            mkdirSync(tools);
            for (const tool of ["bash", "dirname", "basename", "mkdir", "flock", "sed", "head"]) {
                symlinkSync(outputOf("bash", ["-c", `command -v ${tool}`]).trim(), join(tools, tool));
            }
            const res = await runCommand(join(ROOT, "scripts", "ensure-azure-clients.sh"), [], {
                env: { PATH: tools, CSM_TOOLS_DIR: join(dir, "tools") },
            });
            expect(res.code).to.equal(1);
            expect(res.stderr).to.include("cannot install the Azure clients: no Python 3.10 or later");
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    describe("Azure CLI", () => {
        let emu: RunningEmulator;
        let configDir: string;
        let env: NodeJS.ProcessEnv;
        const az = (...args: string[]): Promise<CommandResult> => runCommand(join(bin, "az"), [...args, "--only-show-errors"], { env });

        before(async () => {
            emu = await startEmulator({ seed: DEMO_SEED });
            configDir = mkdtempSync(join(tmpdir(), "az-config-"));
            env = clientEnvironment(emu, configDir);
        });
        after(async () => {
            await emu.stop();
            rmSync(configDir, { recursive: true, force: true });
        });

        it("runs docs/emulator.md's 'With the Azure CLI' block verbatim: cloud register, login, resource create/show/update/delete, rest", async () => {
            const block = docBlock("## With the Azure CLI", "sh");
            const docEnv = { ...env };
            delete docEnv.REQUESTS_CA_BUNDLE; // the block sets it, as a user must
            const res = await runCommand("bash", ["-euo", "pipefail", "-c", block], { env: docEnv });
            expect(res.code, `${res.stdout}\n${res.stderr}`).to.equal(0);
            expect(res.stdout).to.include('"cloudName": "AzureStackEmulator"'); // az login's account list
            expect(res.stdout).to.include('"name": "Contoso CSP - Azure Stack registration"');
            expect(res.stdout).to.match(/^70000004-0000-4000-8000-000000000004$/m); // az resource show --query ... -o tsv
            expect(res.stdout).to.include('"tenantId": "70000005-0000-4000-8000-000000000005"'); // az resource update
            expect(emu.state.mapping("azurestack-stamp-east", c(4))).to.equal(undefined); // az resource delete
            const log = emu.requestLog().map((e) => `${e.method} ${e.path.replace(REGISTRATIONS, "…")} ${e.status}`);
            expect(log).to.include.members([
                "GET /metadata/endpoints 200",
                `GET /subscriptions 200`,
                `GET /subscriptions/${SUB}/providers/Microsoft.AzureStack 200`,
                `GET /subscriptions/${SUB}/resourcegroups/azurestack 200`,
                `PUT …/azurestack-stamp-east/customerSubscriptions/${c(4)} 201`,
                `DELETE …/azurestack-stamp-east/customerSubscriptions/${c(4)} 204`,
                "GET …/azurestack-stamp-east/customerSubscriptions 200",
            ]);
            expect(emu.requestLog().filter((e) => e.status >= 400)).to.deep.equal([]);
            expect(emu.requestLog().find((e) => e.kind === "metadata")!.apiVersion).to.equal("2022-09-01");
        });

        it("reports each of the eight documented error codes with az's exit status (3 for a 404, else 1)", async () => {
            const create = (registration: string, id: string, tenant: string) =>
                az("resource", "create", "--id", mapping(registration, id), "--properties", JSON.stringify({ tenantId: tenant }));
            const show = (registration: string, id: string) => az("resource", "show", "--id", mapping(registration, id));
            const seen: string[] = [];
            // Sequential: each az start is CPU-heavy and the machine is small.
            for (const [code, run, exit] of [
                ["RegistrationNotFound", () => show("azurestack-stamp-nope", c(1)), 3],
                ["CustomerSubscriptionNotFound", () => show("azurestack-stamp-east", c(5)), 3],
                ["UnauthorizedCspRegistration", () => show("azurestack-stamp-unapproved", c(1)), 1],
                ["CustomerSubscriptionsNotAllowed", () => show("azurestack-stamp-capacity", c(1)), 1],
                ["InvalidCustomerSubscriptionId", () => create("azurestack-stamp-east", "not-a-guid", t(5)), 1],
                ["BadCustomerSubscriptionId", () => create("azurestack-stamp-east", "f0000001-0000-4000-8000-000000000001", t(5)), 1],
                ["InvalidCSPSubscription", () => create("azurestack-stamp-east", "e0000001-0000-4000-8000-000000000001", t(5)), 1],
                // az rest does not retry; az resource would retry the 502 (see below).
                [
                    "MetadataResolverBadGatewayError",
                    () =>
                        az(
                            "rest",
                            "--method",
                            "put",
                            "--url",
                            `${emu.armEndpoint}${mapping("azurestack-stamp-east", c(6))}?api-version=2022-06-01`,
                            "--body",
                            JSON.stringify({ properties: { tenantId: t(6) } }),
                        ),
                    1,
                ],
            ] as const) {
                const res = await run();
                expect(res.code, `${code}: ${res.stderr}`).to.equal(exit);
                expect(res.stderr, code).to.include(code);
                seen.push(code);
            }
            expect(new Set(seen).size).to.equal(8);
            // The seed's subscription fails twice upstream: az rest took one; az resource create retries the second away.
            emu.clearRequestLog();
            const retried = await create("azurestack-stamp-east", c(6), t(6));
            expect(retried.code, retried.stderr).to.equal(0);
            const puts = emu
                .requestLog()
                .filter((e) => e.method === "PUT")
                .map((e) => e.errorCode ?? String(e.status));
            expect(puts).to.deep.equal(["MetadataResolverBadGatewayError", "201"]);
        });

        it("reads ARM's own resources with az account, az group and az provider", async () => {
            const account = await az("account", "show", "--query", "[id, tenantId, state, name]", "--output", "tsv");
            expect(account.code, account.stderr).to.equal(0);
            expect(account.stdout.trim().split("\n")).to.deep.equal([
                SUB,
                emu.tenantId,
                "Enabled",
                "Contoso CSP - Azure Stack registration",
            ]);
            const group = await az("group", "show", "--name", "azurestack", "--query", "location", "--output", "tsv");
            expect(group.code, group.stderr).to.equal(0);
            expect(group.stdout.trim()).to.equal("westcentralus");
            const exists = await az("group", "exists", "--name", "no-such-group");
            expect(exists.code, exists.stderr).to.equal(0);
            expect(exists.stdout.trim()).to.equal("false");
            const provider = await az(
                "provider",
                "show",
                "--namespace",
                "Microsoft.AzureStack",
                "--query",
                "resourceTypes[].resourceType",
                "--output",
                "tsv",
            );
            expect(provider.code, provider.stderr).to.equal(0);
            expect(provider.stdout.trim().split("\n")).to.deep.equal(["registrations", "registrations/customerSubscriptions"]);
        });

        it("signs in with workload identity: docs' az login --federated-token with the emulator's federated token file", async () => {
            const fedConfig = mkdtempSync(join(tmpdir(), "az-config-"));
            try {
                const fedEnv = clientEnvironment(emu, fedConfig, "3c1d2a4b-0000-4000-8000-00000000c002");
                expect(fedEnv).to.not.have.property("AZURE_CLIENT_SECRET");
                const setup =
                    'az cloud register --name AzureStackEmulator --endpoint-resource-manager "$AZURE_RESOURCE_MANAGER_ENDPOINT" && az cloud set --name AzureStackEmulator && az config set core.instance_discovery=false';
                const login = docBlock("### Workload identity with the Azure CLI", "sh");
                emu.clearRequestLog();
                const res = await runCommand("bash", ["-euo", "pipefail", "-c", `${setup} --only-show-errors\n${login}`], { env: fedEnv });
                expect(res.code, res.stderr).to.equal(0);
                expect(res.stdout).to.include('"name": "3c1d2a4b-0000-4000-8000-00000000c002"');
                expect(
                    emu
                        .requestLog()
                        .filter((e) => e.kind === "token")
                        .map((e) => [e.status, e.caller]),
                ).to.deep.equal([[200, "3c1d2a4b-0000-4000-8000-00000000c002"]]);
            } finally {
                rmSync(fedConfig, { recursive: true, force: true });
            }
        });

        it("follows nextLink with az rest across pages", async () => {
            emu.configure({ pageSize: 1 });
            try {
                const names: string[] = [];
                let url: string | undefined =
                    `${emu.armEndpoint}${REGISTRATIONS}/azurestack-stamp-east/customerSubscriptions?api-version=2022-06-01`;
                let pages = 0;
                while (url) {
                    const res = await az("rest", "--url", url);
                    expect(res.code, res.stderr).to.equal(0);
                    const page = JSON.parse(res.stdout) as { value: { name: string }[]; nextLink?: string };
                    names.push(...page.value.map((m) => m.name));
                    url = page.nextLink;
                    pages++;
                }
                const stored = emu.state
                    .mappings("azurestack-stamp-east")
                    .map((m) => m.subscriptionId)
                    .sort();
                expect(stored.length).to.be.at.least(3);
                expect(pages).to.equal(stored.length);
                expect(names).to.deep.equal(stored);
            } finally {
                emu.configure({ pageSize: 100 });
            }
        });
    });

    describe("Python SDK (azure-mgmt-azurestack)", () => {
        let emu: RunningEmulator;
        let env: NodeJS.ProcessEnv;
        let configDir: string;
        const python = (args: string[]) => runCommand(join(bin, "python"), args, { env });
        const sdk = async (steps: object[]) => {
            const res = await python([
                join(ROOT, "test", "clients", "fixtures", "azurestack_sdk.py"),
                JSON.stringify({ subscriptionId: SUB, resourceGroup: "azurestack", registration: "azurestack-stamp-east", steps }),
            ]);
            expect(res.code, res.stderr).to.equal(0);
            return res.stdout
                .trim()
                .split("\n")
                .map((line) => JSON.parse(line) as { step: string; ok: boolean; [key: string]: unknown });
        };

        before(async () => {
            emu = await startEmulator({ seed: DEMO_SEED, putResponse: "200-body", pageSize: 2 });
            configDir = mkdtempSync(join(tmpdir(), "az-config-"));
            env = clientEnvironment(emu, configDir);
        });
        after(async () => {
            await emu.stop();
            rmSync(configDir, { recursive: true, force: true });
        });

        it("runs docs/emulator.md's Python block verbatim (200-body mode)", async () => {
            const res = await python(["-c", docBlock("## With the SDKs", "python")]);
            expect(res.code, res.stderr).to.equal(0);
            expect(res.stdout.split("\n")[0]).to.equal(t(4));
            expect(res.stdout).to.include(`'${c(4)}'`);
            expect(emu.state.mapping("azurestack-stamp-east", c(4))).to.equal(undefined);
        });

        it("customer_subscriptions create/get/list (across pages)/delete, and the documented error through the SDK", async () => {
            emu.clearRequestLog();
            const out = await sdk([
                { op: "create", id: c(5), tenantId: t(5) },
                { op: "get", id: c(5) },
                { op: "list" },
                { op: "delete", id: c(5) },
                { op: "get", id: c(5) },
            ]);
            expect(out.map((o) => [o.step, o.ok])).to.deep.equal([
                ["create", true],
                ["get", true],
                ["list", true],
                ["delete", true],
                ["get", false],
            ]);
            expect(out[0]).to.include({ name: c(5), tenantId: t(5), id: mapping("azurestack-stamp-east", c(5)) });
            expect(out[2]!.names).to.deep.equal([c(1), c(2), c(5)]); // page size 2: the SDK followed nextLink
            expect(emu.requestLog().filter((e) => e.method === "GET" && e.path.endsWith("/customerSubscriptions")).length).to.equal(2);
            expect(out[4]).to.include({ status: 404, code: "CustomerSubscriptionNotFound" });
        });

        it("create accepts only 200: in 201-empty mode it raises although the mapping is made", async () => {
            emu.configure({ putResponse: "201-empty" });
            try {
                const [created] = await sdk([{ op: "create", id: c(5), tenantId: t(5) }]);
                expect(created).to.include({ ok: false, status: 201 });
                expect(created!.error).to.include("invalid status 'Created'");
                expect(emu.state.mapping("azurestack-stamp-east", c(5))!.tenantId).to.equal(t(5));
            } finally {
                emu.configure({ putResponse: "200-body" });
            }
        });
    });
});
