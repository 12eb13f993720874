/**
 * The real clients against the emulator, each in a child process started with the emulator's clientEnv()
 * (NODE_EXTRA_CA_CERTS is read only at process start) and a DNS guard that refuses every real host:
 * @azure/identity's ClientSecretCredential, ClientAssertionCredential and WorkloadIdentityCredential, and
 * the official @azure/arm-azurestack client (api-version 2017-06-01).
 */
import { expect } from "chai";
import { decodeJwt } from "jose";
import { startEmulator, type RunningEmulator } from "../../emulator/index.js";
import { C, EMULATOR_REG_SUB, emulatorSuiteSeed, FED_CLIENT_ID, RG, T } from "../support/fixtures.js";
import { runFixture } from "./helpers.js";

interface FixtureOutput {
    ok?: boolean;
    token?: string;
    error?: { name?: string; message?: string; code?: string; statusCode?: number };
    [key: string]: unknown;
}

describe("emulator: real Azure SDK clients", function () {
    this.timeout(120_000);
    let emu: RunningEmulator;

    before(async () => {
        emu = await startEmulator({ seed: emulatorSuiteSeed(), pageSize: 2 });
    });
    after(async () => emu.stop());
    beforeEach(() => emu.clearRequestLog());

    async function run(args: object, env: Record<string, string>): Promise<{ out: FixtureOutput; stderr: string }> {
        const { stdout, stderr, code } = await runFixture("identity-client.js", [JSON.stringify(args)], env);
        const line = stdout.trim().split("\n").pop() ?? "";
        let out: FixtureOutput;
        try {
            out = JSON.parse(line) as FixtureOutput;
        } catch {
            throw new Error(`fixture printed no JSON (exit ${code}): ${stdout}\n${stderr}`);
        }
        return { out, stderr };
    }

    it("ClientSecretCredential gets a token with authorityHost = the emulator and disableInstanceDiscovery: true", async () => {
        const { out, stderr } = await run({ mode: "secret" }, emu.clientEnv());
        expect(out.ok, JSON.stringify(out.error)).to.equal(true);
        expect(decodeJwt(out.token!).aud).to.equal(emu.armEndpoint);
        expect(stderr).to.not.include("NO-NETWORK");
        // Exactly what MSAL asked for: the v2.0 OpenID configuration, then the token endpoint.
        expect(emu.requestLog().map((e) => `${e.method} ${e.path} ${e.status}`)).to.deep.equal([
            `GET /${emu.tenantId}/v2.0/.well-known/openid-configuration 200`,
            `POST /${emu.tenantId}/oauth2/v2.0/token 200`,
        ]);
    });

    it("without disableInstanceDiscovery, MSAL asks login.microsoftonline.com first (blocked here) and fails", async () => {
        const { out, stderr } = await run({ mode: "secret", disableInstanceDiscovery: false }, emu.clientEnv());
        expect(out.ok).to.equal(false);
        expect(stderr).to.include("NO-NETWORK: blocked lookup of login.microsoftonline.com");
        expect(emu.requestLog().filter((e) => e.kind === "token")).to.deep.equal([]);
    });

    it("ClientAssertionCredential exchanges a federated token from the emulator's issuer", async () => {
        const assertion = await emu.mintFederatedToken();
        const { out, stderr } = await run({ mode: "assertion", clientId: FED_CLIENT_ID, assertion }, emu.clientEnv());
        expect(out.ok, JSON.stringify(out.error)).to.equal(true);
        expect(decodeJwt(out.token!)).to.include({ appid: FED_CLIENT_ID, aud: emu.armEndpoint });
        expect(stderr).to.not.include("NO-NETWORK");
    });

    it("WorkloadIdentityCredential reads AZURE_FEDERATED_TOKEN_FILE from clientEnv() of a federated client", async () => {
        const env = emu.clientEnv(FED_CLIENT_ID);
        expect(env).to.have.property("AZURE_FEDERATED_TOKEN_FILE");
        expect(env).to.not.have.property("AZURE_CLIENT_SECRET");
        const { out } = await run({ mode: "workload" }, env);
        expect(out.ok, JSON.stringify(out.error)).to.equal(true);
        expect(decodeJwt(out.token!).appid).to.equal(FED_CLIENT_ID);
    });

    it("a wrong secret surfaces as an authentication error from @azure/identity", async () => {
        const { out } = await run({ mode: "secret" }, { ...emu.clientEnv(), AZURE_CLIENT_SECRET: "wrong" });
        expect(out.ok).to.equal(false);
        expect(out.error!.message).to.include("AADSTS7000215");
    });

    it("@azure/arm-azurestack (2017-06-01) lists with paging, gets and deletes customer subscriptions", async () => {
        await emu.state.putMapping("stamp1", C(3), T(3));
        await emu.state.putMapping("stamp1", C(4), T(4));
        await emu.state.putMapping("stamp1", C(5), T(5));
        const { out, stderr } = await run(
            {
                mode: "arm-azurestack",
                registrationSubscription: EMULATOR_REG_SUB,
                resourceGroup: RG,
                registration: "stamp1",
                getId: C(2),
                deleteId: C(3),
                missingId: C(3),
            },
            emu.clientEnv(),
        );
        expect(out.fatal, JSON.stringify(out.fatal)).to.equal(undefined);
        expect(out.pages).to.deep.equal([[C(1), C(2)], [C(3), C(4)], [C(5)]]);
        expect(out.get).to.deep.equal({
            id: `/subscriptions/${EMULATOR_REG_SUB}/resourceGroups/${RG}/providers/Microsoft.AzureStack/registrations/stamp1/customerSubscriptions/${C(2)}`,
            name: C(2),
            type: "Microsoft.AzureStack/registrations/customerSubscriptions",
            tenantId: T(2),
            etag: emu.state.mapping("stamp1", C(2))!.etag,
        });
        expect(out.deleted).to.equal(true);
        expect(emu.state.mapping("stamp1", C(3))).to.equal(undefined);
        expect(out.missing).to.include({ code: "CustomerSubscriptionNotFound", statusCode: 404 });
        expect(stderr).to.not.include("NO-NETWORK");
        const arm = emu.requestLog().filter((e) => e.kind === "arm");
        expect(arm.every((e) => e.apiVersion === "2017-06-01")).to.equal(true);
        expect(arm.map((e) => `${e.method} ${e.status}`)).to.deep.equal([
            "GET 200",
            "GET 200",
            "GET 200",
            "GET 200",
            "DELETE 204",
            "GET 404",
        ]);
    });

    it("@azure/arm-azurestack create: works against 200-body, and fails on the documented 201 with an empty body", async () => {
        const args = {
            mode: "arm-azurestack",
            registrationSubscription: EMULATOR_REG_SUB,
            resourceGroup: RG,
            registration: "stamp2",
            getId: C(1),
            deleteId: C(9),
            missingId: C(9),
            createId: C(7),
            createTenant: T(7),
        };
        await emu.state.putMapping("stamp2", C(1), T(1));
        emu.configure({ putResponse: "200-body" });
        try {
            const { out } = await run(args, emu.clientEnv());
            expect(out.create).to.deep.equal({ ok: true, name: C(7), tenantId: T(7) });
        } finally {
            emu.configure({ putResponse: "201-empty" });
        }
        const { out } = await run({ ...args, createId: C(8), createTenant: T(8) }, emu.clientEnv());
        // The SDK declares only 200 for create: the mapping is made, but the client reports an error.
        expect((out.create as { ok: boolean }).ok).to.equal(false);
        expect(emu.state.mapping("stamp2", C(8))!.tenantId).to.equal(T(8));
    });
});
