/**
 * Which credential signs in, from the stack configuration (`azurestack-tenant-mappings:*`, then `azure-native:*`)
 * and the `ARM_*` variables; `AZURE_*` variables are read by @azure/identity's own chain (the "default" kind).
 */
import { isLoopback } from "./cloud";
import { nonEmpty, parseBoolean, SettingsError } from "./parse";

export type CredentialSettings =
    | { kind: "clientSecret"; tenantId: string; clientId: string; clientSecret: string }
    | { kind: "clientCertificate"; tenantId: string; clientId: string; certificatePath: string; certificatePassword?: string }
    | {
          kind: "oidc";
          tenantId: string;
          clientId: string;
          token?: string;
          tokenFilePath?: string;
          requestUrl?: string;
          requestToken?: string;
      }
    | { kind: "managedIdentity"; clientId?: string }
    | { kind: "default"; tenantId?: string };

export function resolveCredential(native: (key: string) => string | undefined, env: NodeJS.ProcessEnv): CredentialSettings {
    const pick = (nativeKey: string, armVar: string) => native(nativeKey) ?? nonEmpty(env[armVar]);
    const tenantId = pick("tenantId", "ARM_TENANT_ID");
    const clientId = pick("clientId", "ARM_CLIENT_ID");
    const clientSecret = pick("clientSecret", "ARM_CLIENT_SECRET");
    const certificatePath = pick("clientCertificatePath", "ARM_CLIENT_CERTIFICATE_PATH");
    const useOidc = parseBoolean(pick("useOidc", "ARM_USE_OIDC"), false, "azure-native:useOidc / ARM_USE_OIDC");
    const useMsi = parseBoolean(pick("useMsi", "ARM_USE_MSI"), false, "azure-native:useMsi / ARM_USE_MSI");

    if (useOidc) {
        if (!tenantId || !clientId) {
            throw new SettingsError(
                "azure-native:useOidc / ARM_USE_OIDC",
                "OIDC needs a tenant and client id: set ARM_TENANT_ID and ARM_CLIENT_ID (or azure-native:tenantId/clientId).",
            );
        }
        const token = pick("oidcToken", "ARM_OIDC_TOKEN");
        const tokenFilePath = pick("oidcTokenFilePath", "ARM_OIDC_TOKEN_FILE_PATH") ?? nonEmpty(env.AZURE_FEDERATED_TOKEN_FILE);
        // A token service is asked only when there is no token (or file) to use as it is.
        const service = token || tokenFilePath ? undefined : resolveTokenService(native, env);
        return { kind: "oidc", tenantId, clientId, token, tokenFilePath, ...service };
    }
    if (clientSecret && tenantId && clientId) return { kind: "clientSecret", tenantId, clientId, clientSecret };
    if (certificatePath && tenantId && clientId) {
        return {
            kind: "clientCertificate",
            tenantId,
            clientId,
            certificatePath,
            certificatePassword: pick("clientCertificatePassword", "ARM_CLIENT_CERTIFICATE_PASSWORD"),
        };
    }
    if (useMsi) return { kind: "managedIdentity", clientId };
    return { kind: "default", tenantId };
}

/**
 * The OIDC token service, as a pair from one source (stack config, ARM_OIDC_REQUEST_*, GitHub's
 * ACTIONS_ID_TOKEN_REQUEST_*; the first that sets either wins): the request token is a credential, so it goes
 * only to the URL set beside it (a URL from stack config never receives the token GitHub put in the
 * environment), and only over https (plain http to this machine alone).
 */
function resolveTokenService(
    native: (key: string) => string | undefined,
    env: NodeJS.ProcessEnv,
): { requestUrl: string; requestToken: string } | undefined {
    const sources = [
        {
            url: "azure-native:oidcRequestUrl",
            token: "azure-native:oidcRequestToken",
            values: [native("oidcRequestUrl"), native("oidcRequestToken")],
        },
        {
            url: "ARM_OIDC_REQUEST_URL",
            token: "ARM_OIDC_REQUEST_TOKEN",
            values: [nonEmpty(env.ARM_OIDC_REQUEST_URL), nonEmpty(env.ARM_OIDC_REQUEST_TOKEN)],
        },
        {
            url: "ACTIONS_ID_TOKEN_REQUEST_URL",
            token: "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
            values: [nonEmpty(env.ACTIONS_ID_TOKEN_REQUEST_URL), nonEmpty(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)],
        },
    ];
    for (const source of sources) {
        const [requestUrl, requestToken] = source.values;
        if (!requestUrl && !requestToken) continue;
        if (!requestUrl || !requestToken) {
            const [set, missing] = requestUrl ? [source.url, source.token] : [source.token, source.url];
            const others = sources
                .filter((s) => s !== source)
                .map((s) => `${s.url}/${s.token}`)
                .join(" or ");
            throw new SettingsError(
                set,
                `is set but ${missing} is not: the OIDC token service's URL and request token are ` +
                    `taken together from one place, so that the token is sent only to the URL set beside it; set ${missing} too, ` +
                    `or remove ${set} (to use ${others}).`,
            );
        }
        return { requestUrl: checkedTokenServiceUrl(source.url, requestUrl), requestToken };
    }
    return undefined;
}

function checkedTokenServiceUrl(setting: string, value: string): string {
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        throw new SettingsError(
            setting,
            "is not a URL; it is the https URL of the OIDC token service (in GitHub Actions, leave it to ACTIONS_ID_TOKEN_REQUEST_URL).",
        );
    }
    if (url.username || url.password)
        throw new SettingsError(setting, "must not contain a user name or password; the request token authenticates.");
    if (url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url.hostname))) return url.toString();
    throw new SettingsError(
        setting,
        `must be an https URL (plain http only to localhost, 127.0.0.1 or ::1), because the request token ` +
            `is sent to it; got ${url.protocol}//${url.host}.`,
    );
}
