import { expect } from "chai";
import { resolveCloud, resolveSettings, SettingsError } from "../../provider/settings";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("settings", () => {
    it("defaults to the public cloud with MSAL instance discovery on", () => {
        const cloud = resolveCloud(undefined, {});
        expect(cloud).to.deep.equal({ name: "AzureCloud", resourceManager: "https://management.azure.com",
            authorityHost: "https://login.microsoftonline.com", scope: "https://management.azure.com/.default",
            disableInstanceDiscovery: false });
    });

    it("knows the named clouds by their Azure and azure-native names", () => {
        expect(resolveCloud("AzureChinaCloud", {}).resourceManager).to.equal("https://management.chinacloudapi.cn");
        expect(resolveCloud("china", {}).authorityHost).to.equal("https://login.chinacloudapi.cn");
        expect(resolveCloud("usgovernment", {}).resourceManager).to.equal("https://management.usgovcloudapi.net");
        expect(resolveCloud("AzureUSGovernment", {}).authorityHost).to.equal("https://login.microsoftonline.us");
        expect(() => resolveCloud("mars", {})).to.throw(SettingsError, /unknown cloud 'mars'/);
    });

    it("takes a custom ARM endpoint and authority, and turns instance discovery off for unknown authorities", () => {
        const cloud = resolveCloud(undefined, { AZURE_RESOURCE_MANAGER_ENDPOINT: "https://127.0.0.1:8443/",
            AZURE_AUTHORITY_HOST: "https://127.0.0.1:8444" });
        expect(cloud.resourceManager).to.equal("https://127.0.0.1:8443");
        expect(cloud.scope).to.equal("https://127.0.0.1:8443/.default");
        expect(cloud.disableInstanceDiscovery).to.equal(true);
    });

    it("allows plain http only to loopback hosts", () => {
        for (const ok of ["http://127.0.0.1:1234", "http://localhost:8080", "http://[::1]:9"]) {
            expect(resolveCloud(undefined, { AZURE_RESOURCE_MANAGER_ENDPOINT: ok }).resourceManager).to.equal(ok.replace(/\/$/, ""));
        }
        for (const bad of ["http://management.azure.com", "http://10.0.0.5", "http://127.0.0.1.evil.com"]) {
            expect(() => resolveCloud(undefined, { AZURE_RESOURCE_MANAGER_ENDPOINT: bad }), bad)
                .to.throw(SettingsError, /AZURE_RESOURCE_MANAGER_ENDPOINT: plain http is allowed only for loopback/);
        }
        expect(() => resolveCloud(undefined, { AZURE_AUTHORITY_HOST: "http://login.example.com" })).to.throw(/AZURE_AUTHORITY_HOST/);
        expect(() => resolveCloud(undefined, { AZURE_RESOURCE_MANAGER_ENDPOINT: "not a url" })).to.throw(/is not a URL/);
        expect(() => resolveCloud(undefined, { AZURE_RESOURCE_MANAGER_ENDPOINT: "https://u:p@host" })).to.throw(/user name or password/);
        expect(() => resolveCloud(undefined, { AZURE_RESOURCE_MANAGER_ENDPOINT: "ftp://host" })).to.throw(/https URL/);
    });

    it("uses ARM_* variables for a client secret, and azure-native config over them", () => {
        const env = { ARM_CLIENT_ID: "env-client", ARM_TENANT_ID: "env-tenant", ARM_CLIENT_SECRET: "env-secret" };
        expect(resolveSettings(undefined, env).credential).to.deep.equal(
            { kind: "clientSecret", clientId: "env-client", tenantId: "env-tenant", clientSecret: "env-secret" });
        const fromConfig = resolveSettings(config({ "azure-native:clientId": "cfg-client" }), env).credential;
        expect(fromConfig).to.include({ kind: "clientSecret", clientId: "cfg-client", tenantId: "env-tenant" });
    });

    it("uses OIDC when asked, with the federated token file of workload identity", () => {
        const credential = resolveSettings(undefined, { ARM_USE_OIDC: "true", ARM_CLIENT_ID: "c", ARM_TENANT_ID: "t",
            AZURE_FEDERATED_TOKEN_FILE: "/var/run/token" }).credential;
        expect(credential).to.deep.include({ kind: "oidc", clientId: "c", tenantId: "t", tokenFilePath: "/var/run/token" });
        expect(() => resolveSettings(undefined, { ARM_USE_OIDC: "true" })).to.throw(/ARM_TENANT_ID and ARM_CLIENT_ID/);
    });

    it("falls back to DefaultAzureCredential (AZURE_* variables, workload and managed identity, Azure CLI)", () => {
        expect(resolveSettings(undefined, { AZURE_CLIENT_ID: "x" }).credential).to.deep.equal({ kind: "default", tenantId: undefined });
        expect(resolveSettings(undefined, { ARM_USE_MSI: "true", ARM_CLIENT_ID: "mi" }).credential).to.deep.equal({ kind: "managedIdentity", clientId: "mi" });
    });

    it("reads the preflight switch and limits from config or environment, rejecting nonsense", () => {
        expect(resolveSettings(undefined, {}).preflight).to.equal(true);
        expect(resolveSettings(undefined, { AZURESTACK_MAPPINGS_PREFLIGHT: "false" }).preflight).to.equal(false);
        expect(resolveSettings(config({ "azurestack-tenant-mappings:preflight": "false" }), {}).preflight).to.equal(false);
        expect(resolveSettings(undefined, { AZURESTACK_MAPPINGS_REQUEST_TIMEOUT_SECONDS: "2.5" }).requestTimeoutMs).to.equal(2500);
        expect(() => resolveSettings(undefined, { AZURESTACK_MAPPINGS_PREFLIGHT: "maybe" })).to.throw(/expected true or false/);
        expect(() => resolveSettings(undefined, { AZURESTACK_MAPPINGS_MAX_RETRIES: "-1" })).to.throw(/non-negative/);
    });

    it("reads the run-wide adoption default, on unless turned off", () => {
        expect(resolveSettings(undefined, {}).adoptExisting).to.equal(true);
        expect(resolveSettings(undefined, { AZURESTACK_MAPPINGS_ADOPT_EXISTING: "false" }).adoptExisting).to.equal(false);
        expect(resolveSettings(config({ "azurestack-tenant-mappings:adoptExisting": "false" }), { AZURESTACK_MAPPINGS_ADOPT_EXISTING: "true" })
            .adoptExisting).to.equal(false, "stack config wins over the environment");
        expect(() => resolveSettings(undefined, { AZURESTACK_MAPPINGS_ADOPT_EXISTING: "sometimes" })).to.throw(/ADOPT_EXISTING/);
    });
});
