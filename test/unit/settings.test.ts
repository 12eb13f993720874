import { expect } from "chai";
import { resolveCloud, resolveSettings, SettingsError } from "../../provider/settings";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("settings", () => {
    it("defaults to the public cloud with MSAL instance discovery on", () => {
        const cloud = resolveCloud(undefined, {});
        expect(cloud).to.deep.equal({
            name: "AzureCloud",
            resourceManager: "https://management.azure.com",
            authorityHost: "https://login.microsoftonline.com",
            scope: "https://management.azure.com/.default",
            disableInstanceDiscovery: false,
        });
    });

    it("knows the named clouds by their Azure and azure-native names", () => {
        expect(resolveCloud("AzureChinaCloud", {}).resourceManager).to.equal("https://management.chinacloudapi.cn");
        expect(resolveCloud("china", {}).authorityHost).to.equal("https://login.chinacloudapi.cn");
        expect(resolveCloud("usgovernment", {}).resourceManager).to.equal("https://management.usgovcloudapi.net");
        expect(resolveCloud("AzureUSGovernment", {}).authorityHost).to.equal("https://login.microsoftonline.us");
        expect(() => resolveCloud("mars", {})).to.throw(SettingsError, /unknown cloud 'mars'/);
    });

    it("takes a custom ARM endpoint and authority, and turns instance discovery off for unknown authorities", () => {
        const cloud = resolveCloud(undefined, {
            AZURE_RESOURCE_MANAGER_ENDPOINT: "https://127.0.0.1:8443/",
            AZURE_AUTHORITY_HOST: "https://127.0.0.1:8444",
        });
        expect(cloud.resourceManager).to.equal("https://127.0.0.1:8443");
        expect(cloud.scope).to.equal("https://127.0.0.1:8443/.default");
        expect(cloud.disableInstanceDiscovery).to.equal(true);
    });

    it("allows plain http only to loopback hosts", () => {
        for (const ok of ["http://127.0.0.1:1234", "http://localhost:8080", "http://[::1]:9"]) {
            expect(resolveCloud(undefined, { AZURE_RESOURCE_MANAGER_ENDPOINT: ok }).resourceManager).to.equal(ok.replace(/\/$/, ""));
        }
        for (const bad of ["http://management.azure.com", "http://10.0.0.5", "http://127.0.0.1.evil.com"]) {
            expect(() => resolveCloud(undefined, { AZURE_RESOURCE_MANAGER_ENDPOINT: bad }), bad).to.throw(
                SettingsError,
                /AZURE_RESOURCE_MANAGER_ENDPOINT: plain http is allowed only for loopback/,
            );
        }
        expect(() => resolveCloud(undefined, { AZURE_AUTHORITY_HOST: "http://login.example.com" })).to.throw(/AZURE_AUTHORITY_HOST/);
        expect(() => resolveCloud(undefined, { AZURE_RESOURCE_MANAGER_ENDPOINT: "not a url" })).to.throw(/is not a URL/);
        expect(() => resolveCloud(undefined, { AZURE_RESOURCE_MANAGER_ENDPOINT: "https://u:p@host" })).to.throw(/user name or password/);
        expect(() => resolveCloud(undefined, { AZURE_RESOURCE_MANAGER_ENDPOINT: "ftp://host" })).to.throw(/https URL/);
    });

    it("uses ARM_* variables for a client secret, and azure-native config over them", () => {
        const env = { ARM_CLIENT_ID: "env-client", ARM_TENANT_ID: "env-tenant", ARM_CLIENT_SECRET: "env-secret" };
        expect(resolveSettings(undefined, env).credential).to.deep.equal({
            kind: "clientSecret",
            clientId: "env-client",
            tenantId: "env-tenant",
            clientSecret: "env-secret",
        });
        const fromConfig = resolveSettings(config({ "azure-native:clientId": "cfg-client" }), env).credential;
        expect(fromConfig).to.include({ kind: "clientSecret", clientId: "cfg-client", tenantId: "env-tenant" });
    });

    it("uses OIDC when asked, with the federated token file of workload identity", () => {
        const credential = resolveSettings(undefined, {
            ARM_USE_OIDC: "true",
            ARM_CLIENT_ID: "c",
            ARM_TENANT_ID: "t",
            AZURE_FEDERATED_TOKEN_FILE: "/var/run/token",
        }).credential;
        expect(credential).to.deep.include({ kind: "oidc", clientId: "c", tenantId: "t", tokenFilePath: "/var/run/token" });
        expect(() => resolveSettings(undefined, { ARM_USE_OIDC: "true" })).to.throw(/ARM_TENANT_ID and ARM_CLIENT_ID/);
    });

    describe("the OIDC token service (URL and request token)", () => {
        const oidc = { ARM_USE_OIDC: "true", ARM_CLIENT_ID: "c", ARM_TENANT_ID: "t" };
        const GITHUB = {
            ACTIONS_ID_TOKEN_REQUEST_URL: "https://pipelines.actions.githubusercontent.invalid/oidc?api-version=2.0",
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: "github-request-token",
        };
        const service = (credential: unknown) => {
            const { requestUrl, requestToken } = credential as { requestUrl?: string; requestToken?: string };
            return { requestUrl, requestToken };
        };

        it("takes GitHub's pair from the environment as it is", () => {
            expect(service(resolveSettings(undefined, { ...oidc, ...GITHUB }).credential)).to.deep.equal({
                requestUrl: GITHUB.ACTIONS_ID_TOKEN_REQUEST_URL,
                requestToken: "github-request-token",
            });
        });

        it("never sends the environment's token to a URL from stack config: a pair comes from one source", () => {
            // A URL in Pulumi.<stack>.yaml (which a pull request can change) beside GitHub's token in the environment.
            const stackConfig = config({ "azure-native:oidcRequestUrl": "https://collector.example.invalid/steal" });
            expect(() => resolveSettings(stackConfig, { ...oidc, ...GITHUB })).to.throw(
                SettingsError,
                /^azure-native:oidcRequestUrl: is set but azure-native:oidcRequestToken is not/,
            );
            // ARM_OIDC_REQUEST_URL does not borrow GitHub's token either, nor GitHub's URL ARM_OIDC_REQUEST_TOKEN.
            expect(() =>
                resolveSettings(undefined, { ...oidc, ...GITHUB, ARM_OIDC_REQUEST_URL: "https://other.example.invalid/" }),
            ).to.throw(SettingsError, /^ARM_OIDC_REQUEST_URL: is set but ARM_OIDC_REQUEST_TOKEN is not/);
            expect(() => resolveSettings(undefined, { ...oidc, ...GITHUB, ARM_OIDC_REQUEST_TOKEN: "arm-token" })).to.throw(
                SettingsError,
                /^ARM_OIDC_REQUEST_TOKEN: is set but ARM_OIDC_REQUEST_URL is not/,
            );
            // A complete pair in stack config is used with its own token only.
            const complete = config({
                "azure-native:oidcRequestUrl": "https://tokens.example.invalid/",
                "azure-native:oidcRequestToken": "config-token",
            });
            expect(service(resolveSettings(complete, { ...oidc, ...GITHUB }).credential)).to.deep.equal({
                requestUrl: "https://tokens.example.invalid/",
                requestToken: "config-token",
            });
        });

        it("requires https, plain http only to loopback", () => {
            for (const bad of [
                "http://tokens.example.invalid/",
                "http://10.0.0.7:8080/",
                "http://127.0.0.1.evil.invalid/",
                "ftp://host/x",
            ]) {
                expect(
                    () => resolveSettings(undefined, { ...oidc, ACTIONS_ID_TOKEN_REQUEST_URL: bad, ACTIONS_ID_TOKEN_REQUEST_TOKEN: "x" }),
                    bad,
                ).to.throw(SettingsError, /^ACTIONS_ID_TOKEN_REQUEST_URL: must be an https URL/);
            }
            expect(() => resolveSettings(undefined, { ...oidc, ARM_OIDC_REQUEST_URL: "not a url", ARM_OIDC_REQUEST_TOKEN: "x" })).to.throw(
                SettingsError,
                /^ARM_OIDC_REQUEST_URL: is not a URL/,
            );
            expect(() =>
                resolveSettings(undefined, { ...oidc, ARM_OIDC_REQUEST_URL: "https://u:p@host/", ARM_OIDC_REQUEST_TOKEN: "x" }),
            ).to.throw(SettingsError, /user name or password/);
            for (const ok of ["http://127.0.0.1:4000/token", "http://localhost:4000/token", "http://[::1]:4000/token"]) {
                expect(
                    service(resolveSettings(undefined, { ...oidc, ARM_OIDC_REQUEST_URL: ok, ARM_OIDC_REQUEST_TOKEN: "x" }).credential)
                        .requestUrl,
                ).to.equal(ok);
            }
        });

        it("asks no token service when a token or token file is given", () => {
            const credential = resolveSettings(undefined, {
                ...oidc,
                ARM_OIDC_TOKEN: "jwt",
                ACTIONS_ID_TOKEN_REQUEST_URL: "http://bad.invalid/",
            }).credential;
            expect(credential).to.deep.include({ kind: "oidc", token: "jwt" });
            expect(service(credential)).to.deep.equal({ requestUrl: undefined, requestToken: undefined });
        });
    });

    it("falls back to DefaultAzureCredential (AZURE_* variables, workload and managed identity, Azure CLI)", () => {
        expect(resolveSettings(undefined, { AZURE_CLIENT_ID: "x" }).credential).to.deep.equal({ kind: "default", tenantId: undefined });
        expect(resolveSettings(undefined, { ARM_USE_MSI: "true", ARM_CLIENT_ID: "mi" }).credential).to.deep.equal({
            kind: "managedIdentity",
            clientId: "mi",
        });
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
        expect(
            resolveSettings(config({ "azurestack-tenant-mappings:adoptExisting": "false" }), { AZURESTACK_MAPPINGS_ADOPT_EXISTING: "true" })
                .adoptExisting,
        ).to.equal(false, "stack config wins over the environment");
        expect(() => resolveSettings(undefined, { AZURESTACK_MAPPINGS_ADOPT_EXISTING: "sometimes" })).to.throw(/ADOPT_EXISTING/);
    });
});
