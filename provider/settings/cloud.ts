/** Which Azure cloud (or custom ARM endpoint) requests go to, and the authority that signs their tokens. */
import { nonEmpty, SettingsError } from "./parse";

export interface CloudEndpoints {
    /** "AzureCloud", "AzureChinaCloud", "AzureUSGovernment" or "Custom". */
    name: string;
    /** ARM base URL without trailing slash. */
    resourceManager: string;
    /** Microsoft Entra authority host without trailing slash. */
    authorityHost: string;
    /** OAuth scope for ARM tokens. */
    scope: string;
    /** MSAL must not ask login.microsoftonline.com to validate an authority it does not know (ADFS, emulator). */
    disableInstanceDiscovery: boolean;
}

const PUBLIC_CLOUDS: Record<string, Omit<CloudEndpoints, "scope" | "disableInstanceDiscovery">> = {
    azurecloud: { name: "AzureCloud", resourceManager: "https://management.azure.com", authorityHost: "https://login.microsoftonline.com" },
    azurechinacloud: {
        name: "AzureChinaCloud",
        resourceManager: "https://management.chinacloudapi.cn",
        authorityHost: "https://login.chinacloudapi.cn",
    },
    azureusgovernment: {
        name: "AzureUSGovernment",
        resourceManager: "https://management.usgovcloudapi.net",
        authorityHost: "https://login.microsoftonline.us",
    },
};
const CLOUD_ALIASES: Record<string, string> = {
    public: "azurecloud",
    azurecloud: "azurecloud",
    azurepubliccloud: "azurecloud",
    china: "azurechinacloud",
    azurechinacloud: "azurechinacloud",
    usgovernment: "azureusgovernment",
    azureusgovernment: "azureusgovernment",
    azureusgovernmentcloud: "azureusgovernment",
};
const PUBLIC_AUTHORITY_HOSTS = new Set(Object.values(PUBLIC_CLOUDS).map((c) => c.authorityHost));

export function resolveCloud(cloudName: string | undefined, env: NodeJS.ProcessEnv): CloudEndpoints {
    let base = PUBLIC_CLOUDS.azurecloud;
    if (cloudName) {
        const key = CLOUD_ALIASES[cloudName.toLowerCase().replace(/[\s_-]/g, "")];
        if (!key) {
            throw new SettingsError(
                "cloud",
                `unknown cloud '${cloudName}'; use AzureCloud (public), AzureChinaCloud (china) ` +
                    "or AzureUSGovernment (usgovernment), or set AZURE_RESOURCE_MANAGER_ENDPOINT for a custom ARM endpoint.",
            );
        }
        base = PUBLIC_CLOUDS[key];
    }
    const customArm = nonEmpty(env.AZURE_RESOURCE_MANAGER_ENDPOINT);
    const customAuthority = nonEmpty(env.AZURE_AUTHORITY_HOST);
    const resourceManager = customArm ? checkedEndpoint("AZURE_RESOURCE_MANAGER_ENDPOINT", customArm) : base.resourceManager;
    const authorityHost = customAuthority ? checkedEndpoint("AZURE_AUTHORITY_HOST", customAuthority) : base.authorityHost;
    return {
        name: customArm ? "Custom" : base.name,
        resourceManager,
        authorityHost,
        scope: `${resourceManager}/.default`,
        disableInstanceDiscovery: !PUBLIC_AUTHORITY_HOSTS.has(authorityHost),
    };
}

/** https anywhere; plain http only to this machine, so a token never crosses a network in clear text. */
function checkedEndpoint(variable: string, value: string): string {
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        throw new SettingsError(variable, `'${value}' is not a URL; use e.g. https://management.azure.com.`);
    }
    if (url.username || url.password) {
        throw new SettingsError(variable, "must not contain user name or password; credentials come from the identity settings.");
    }
    if (url.search || url.hash) throw new SettingsError(variable, `'${value}' must not have a query or fragment.`);
    if (url.protocol === "http:" && !isLoopback(url.hostname)) {
        throw new SettingsError(
            variable,
            `plain http is allowed only for loopback hosts (localhost, 127.0.0.1, ::1), ` +
                `because the bearer token would travel unencrypted; use https://${url.host}${url.pathname === "/" ? "" : url.pathname}.`,
        );
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
        throw new SettingsError(variable, `must be an https URL; got '${url.protocol}'.`);
    }
    return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

export function isLoopback(hostname: string): boolean {
    const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
    return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}
