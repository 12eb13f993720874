/**
 * Builds the @azure/identity credential the settings ask for. Explicit settings (ARM_* variables or
 * azure-native:* config) win; otherwise DefaultAzureCredential runs its usual chain: environment
 * (AZURE_CLIENT_ID/SECRET/TENANT_ID, AZURE_AUTHORITY_HOST), workload identity (AZURE_FEDERATED_TOKEN_FILE),
 * managed identity, then developer logins such as the Azure CLI.
 */
import { readFile } from "node:fs/promises";
import type { TokenCredential } from "@azure/identity";
import {
    ClientAssertionCredential,
    ClientCertificateCredential,
    ClientSecretCredential,
    DefaultAzureCredential,
    ManagedIdentityCredential,
} from "@azure/identity";
import type { CloudEndpoints, CredentialSettings } from "../settings";

/** The audience Microsoft Entra expects in federated (OIDC) assertions. */
const FEDERATION_AUDIENCE = "api://AzureADTokenExchange";

export function createCredential(settings: CredentialSettings, cloud: CloudEndpoints): TokenCredential {
    const options = { authorityHost: cloud.authorityHost, disableInstanceDiscovery: cloud.disableInstanceDiscovery };
    switch (settings.kind) {
        case "clientSecret":
            return new ClientSecretCredential(settings.tenantId, settings.clientId, settings.clientSecret, options);
        case "clientCertificate":
            return new ClientCertificateCredential(
                settings.tenantId,
                settings.clientId,
                { certificatePath: settings.certificatePath, certificatePassword: settings.certificatePassword },
                options,
            );
        case "oidc":
            return new ClientAssertionCredential(settings.tenantId, settings.clientId, () => federatedAssertion(settings), options);
        case "managedIdentity":
            return settings.clientId ? new ManagedIdentityCredential({ clientId: settings.clientId }) : new ManagedIdentityCredential();
        case "default":
            return new DefaultAzureCredential({ ...options, tenantId: settings.tenantId });
    }
}

/** The OIDC token to exchange: a literal, a file that CI refreshes, or GitHub Actions' token service. */
async function federatedAssertion(settings: Extract<CredentialSettings, { kind: "oidc" }>): Promise<string> {
    if (settings.token) return settings.token;
    if (settings.tokenFilePath) return (await readFile(settings.tokenFilePath, "utf8")).trim();
    if (settings.requestUrl && settings.requestToken) {
        const url = new URL(settings.requestUrl);
        url.searchParams.set("audience", FEDERATION_AUDIENCE);
        const response = await fetch(url, { headers: { Authorization: `Bearer ${settings.requestToken}` } });
        if (!response.ok) throw new Error(`the OIDC token service at ${url.origin} answered HTTP ${response.status}`);
        const body = (await response.json()) as { value?: string };
        if (!body.value) throw new Error(`the OIDC token service at ${url.origin} returned no token`);
        return body.value;
    }
    throw new Error(
        "OIDC is enabled but no token source is set: set ARM_OIDC_TOKEN, ARM_OIDC_TOKEN_FILE_PATH or " +
            "AZURE_FEDERATED_TOKEN_FILE, or run in GitHub Actions with `permissions: id-token: write`.",
    );
}
