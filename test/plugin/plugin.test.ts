/**
 * What only the plugin form has, driven over gRPC as the engine drives it: its package schema, its provider
 * configuration (CheckConfig, credentials from the package's config keys), the listing function as an invoke,
 * and the read of an import (only the ARM id known).
 */
import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { LIST_TOKEN } from "../../provider/plugin/functions";
import { pluginSchema } from "../../provider/plugin/main";
import { EXISTING_SUB, EXISTING_TENANT, providerSuiteSeed, registrationId, STAMP1 } from "../support/fixtures";
import { ProviderHost } from "../support/providerHost";

describe("the provider plugin over gRPC", function () {
    this.timeout(60_000);
    let emulator: RunningEmulator;
    let host: ProviderHost;

    before(async () => {
        emulator = await startEmulator({ seed: providerSuiteSeed() });
        const { AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_TENANT_ID, ...endpoints } = emulator.clientEnv();
        host = new ProviderHost("plugin");
        // No credential in the environment: the sign-in comes from the package's config keys, as Configure sends them.
        await host.start(endpoints);
        await host.configure({
            "azurestack-tenant-mappings:clientId": AZURE_CLIENT_ID,
            "azurestack-tenant-mappings:clientSecret": AZURE_CLIENT_SECRET,
            "azurestack-tenant-mappings:tenantId": AZURE_TENANT_ID,
            "azure-native:location": "ignored: another package's key",
        });
    });
    after(async () => {
        await host?.stop();
        await emulator?.stop();
    });

    it("serves the package schema generated from the mapping schema, with the listing function", async () => {
        const schema = await host.schema();
        expect(schema).to.deep.equal(JSON.parse(JSON.stringify(pluginSchema())));
        expect(Object.keys(schema.functions)).to.deep.equal([LIST_TOKEN]);
        expect(schema.config.variables.clientSecret.secret).to.equal(true);
    });

    it("checks its configuration at preview, naming the key; other keys are left alone", async () => {
        expect(await host.checkConfig({ locale: "fr-FR", preflight: "true", registrations: "{}" })).to.deep.equal([]);
        const failures = await host.checkConfig({ locale: "se" });
        expect(failures.map((f) => f.property)).to.deep.equal(["locale"]);
        expect(failures[0].reason).to.match(/no messages in 'se'/);
        expect((await host.checkConfig({ preflight: "maybe" }))[0]).to.include({ property: "preflight" });
    });

    it("signs in with the credentials from its config keys and lists a registration's mappings (an invoke)", async () => {
        const { mappings } = (await host.invoke(LIST_TOKEN, { registrationId: registrationId(STAMP1) })) as { mappings: any[] };
        expect(mappings.map((m) => [m.customerSubscriptionId, m.tenantId])).to.deep.equal([[EXISTING_SUB, EXISTING_TENANT]]);
    });

    it("reads an import by its ARM id alone: outputs, and inputs as a program declares them", async () => {
        const id = `${registrationId(STAMP1)}/customerSubscriptions/${EXISTING_SUB}`;
        emulator.clearRequestLog();
        const read = await host.read("imported", id, {});
        expect(read.id).to.equal(id);
        expect(read.inputs).to.deep.equal({
            registrationId: registrationId(STAMP1),
            customerSubscriptionId: EXISTING_SUB,
            tenantId: EXISTING_TENANT,
        });
        expect(read.outputs).to.include({ registrationName: STAMP1, customerSubscriptionId: EXISTING_SUB, tenantId: EXISTING_TENANT });
        // The engine checks what the import read: it is valid input as it stands.
        const checked = await host.check("imported", {}, read.inputs!);
        expect(checked.failures).to.deep.equal([]);
        expect(await host.diff("imported", id, read.outputs, checked.inputs)).to.include({ changes: "DIFF_NONE" });
        expect(emulator.requestLog().filter((r) => r.kind === "arm" && r.method !== "GET")).to.deep.equal([]);
    });
});
