/**
 * Every way of signing in that the README and docs/configuration.md promise, through the real dynamic-provider host and the real
 * @azure/identity token flow against the emulator's token endpoint. No back door: each test starts the
 * provider process with only the variables (or stack config) a user would set.
 */
import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { startEmulator, type EmulatorSeed, type RunningEmulator } from "../../emulator";
import { C, mappingArgs, providerSuiteSeed, STAMP1, T } from "../support/fixtures";
import { ProviderHost, withFreshHost } from "../support/providerHost";

const SECRET_CLIENT = "3c1d2a4b-0000-4000-8000-00000000c101";
const SECRET = "credential-test-secret";
const FEDERATED_CLIENT = "3c1d2a4b-0000-4000-8000-00000000c102";

function seed(): EmulatorSeed {
    return {
        ...providerSuiteSeed(),
        clients: [
            { clientId: SECRET_CLIENT, clientSecret: SECRET },
            {
                clientId: FEDERATED_CLIENT,
                federatedCredentials: [
                    { issuer: "https://token.actions.githubusercontent.com", subject: "repo:contoso/tenants:environment:production" },
                ],
            },
        ],
    } as EmulatorSeed;
}

describe("provider sign-in paths against the emulator's token endpoint", function () {
    this.timeout(60_000);
    let emulator: RunningEmulator;
    let dir: string;

    before(async () => {
        emulator = await startEmulator({ seed: seed() });
        dir = mkdtempSync(path.join(tmpdir(), "csm-credentials-"));
    });
    after(async () => {
        await emulator?.stop();
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    /** Endpoints and CA only: what every sign-in path needs besides the credential itself. */
    const base = () => ({
        AZURE_RESOURCE_MANAGER_ENDPOINT: emulator.armEndpoint,
        AZURE_AUTHORITY_HOST: emulator.authorityHost,
        NODE_EXTRA_CA_CERTS: emulator.caCertPath,
        // Keeps DefaultAzureCredential from probing developer tools after the production credentials.
        AZURE_TOKEN_CREDENTIALS: "prod",
    });

    async function checkSucceedsWith(env: Record<string, string>, config: Record<string, string> = {}): Promise<string | undefined> {
        const host = new ProviderHost();
        emulator.clearRequestLog();
        try {
            await host.start(env);
            await host.configure(config);
            const { failures } = await host.check("m", {}, mappingArgs(STAMP1, C(1), T(1)));
            expect(failures).to.deep.equal([]);
            const token = emulator.requestLog().find((r) => r.kind === "token");
            expect(token?.status).to.equal(200);
            expect(
                emulator
                    .requestLog()
                    .filter((r) => r.kind === "arm")
                    .every((r) => r.status === 200),
            ).to.equal(true);
            return token?.caller;
        } finally {
            await host.stop();
        }
    }

    it("AZURE_CLIENT_ID/SECRET/TENANT_ID through DefaultAzureCredential", async () => {
        await checkSucceedsWith({
            ...base(),
            AZURE_CLIENT_ID: SECRET_CLIENT,
            AZURE_CLIENT_SECRET: SECRET,
            AZURE_TENANT_ID: emulator.tenantId,
        });
    });

    it("ARM_CLIENT_ID/SECRET/TENANT_ID, as azure-native and Terraform users have them", async () => {
        await checkSucceedsWith({ ...base(), ARM_CLIENT_ID: SECRET_CLIENT, ARM_CLIENT_SECRET: SECRET, ARM_TENANT_ID: emulator.tenantId });
    });

    it("azure-native:* stack config handed to configure()", async () => {
        await checkSucceedsWith(base(), {
            "azure-native:clientId": SECRET_CLIENT,
            "azure-native:clientSecret": SECRET,
            "azure-native:tenantId": emulator.tenantId,
        });
    });

    it("workload identity: AZURE_FEDERATED_TOKEN_FILE through DefaultAzureCredential", async () => {
        const file = path.join(dir, "federated-token");
        writeFileSync(file, await emulator.mintFederatedToken({ clientId: FEDERATED_CLIENT }));
        await checkSucceedsWith({
            ...base(),
            AZURE_CLIENT_ID: FEDERATED_CLIENT,
            AZURE_TENANT_ID: emulator.tenantId,
            AZURE_FEDERATED_TOKEN_FILE: file,
        });
    });

    it("OIDC for CI: ARM_USE_OIDC with ARM_OIDC_TOKEN_FILE_PATH", async () => {
        const file = path.join(dir, "oidc-token");
        writeFileSync(file, await emulator.mintFederatedToken({ clientId: FEDERATED_CLIENT }));
        await checkSucceedsWith({
            ...base(),
            ARM_USE_OIDC: "true",
            ARM_CLIENT_ID: FEDERATED_CLIENT,
            ARM_TENANT_ID: emulator.tenantId,
            ARM_OIDC_TOKEN_FILE_PATH: file,
        });
    });

    it("a wrong secret fails with the identity's explanation, before any ARM request", async () => {
        const host = new ProviderHost();
        emulator.clearRequestLog();
        try {
            await host.start({ ...base(), ARM_CLIENT_ID: SECRET_CLIENT, ARM_CLIENT_SECRET: "wrong", ARM_TENANT_ID: emulator.tenantId });
            await host.configure({});
            const error = await host.check("m", {}, mappingArgs(STAMP1, C(1), T(1))).then(
                () => undefined,
                (e: Error) => e,
            );
            expect(error?.message)
                .to.match(/^AuthenticationFailed: No access token/)
                .and.match(/AADSTS7000215/)
                .and.match(/Fix: /);
            expect(error?.message).to.not.include("wrong");
            expect(emulator.requestLog().filter((r) => r.kind === "arm")).to.deep.equal([]);
        } finally {
            await host.stop();
        }
    });
});

describe("preflight over a paged list of mappings", function () {
    this.timeout(60_000);
    it("follows nextLink: a tenant mapped on the last page is still guarded", async () => {
        const base = providerSuiteSeed();
        const stamp = base.registrations!.find((r) => r.name === STAMP1)!;
        stamp.customerSubscriptions = Array.from({ length: 7 }, (_, i) => ({ subscriptionId: C(100 + i), tenantId: T(100 + i) }));
        await withFreshHost({ emulator: { seed: base, pageSize: 2 } }, async (emulator, host) => {
            const { failures } = await host.check("paged", {}, mappingArgs(STAMP1, C(200), T(106)));
            expect(failures.map((f) => f.reason.split(":")[0])).to.deep.equal(["TenantAlreadyMapped"]);
            expect(failures[0].reason).to.include(C(106));
            const lists = emulator.requestLog().filter((r) => r.path.endsWith("/customerSubscriptions"));
            expect(lists).to.have.length(4);
        });
    });
});
