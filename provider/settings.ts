/**
 * Provider-wide settings, resolved at call time from the stack configuration handed to `configure` and
 * from the environment. Nothing here is captured by the serialized provider: secrets stay in this
 * process's memory only.
 *
 * Precedence, highest first: `azurestack-tenant-mappings:*` config, `azure-native:*` config (what
 * azure-native users already have), `ARM_*` variables (azure-native/Terraform), then `AZURE_*` variables,
 * which @azure/identity's own chain reads.
 */

import { LOCALES, matchLocale, processLocale, type Locale } from "./messages/locale";

export const CONFIG_NAMESPACE = "azurestack-tenant-mappings";

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

export interface ProviderSettings {
    cloud: CloudEndpoints;
    credential: CredentialSettings;
    /** Online preflight during check (registration, billing model, approval, tenant-overwrite guard). */
    preflight: boolean;
    requestTimeoutMs: number;
    /** Retries of transient failures (5xx, network, timeouts, MetadataResolverBadGatewayError). */
    maxRetries: number;
    /** Retries of 429 answers; each waits for Retry-After, so this bounds a throttling storm's wait. */
    maxThrottleRetries: number;
    /**
     * Whether a new mapping takes over an existing, identical mapping (same subscription, same tenant) without
     * writing, for mappings that do not set `adoptExisting` themselves. Default true: dynamic resources cannot
     * be imported, so adoption is how hand-made mappings (and writes of an interrupted `pulumi up`) come under
     * a stack. false makes such a mapping fail at preview (MappingAlreadyExists). A mapping to another tenant
     * is never adopted: the tenant-overwrite guard decides.
     */
    adoptExisting: boolean;
    /** The language of the documented errors' explanations, and the Accept-Language sent to ARM. */
    locale: Locale;
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

/** What `configure` gives us: `get("ns:key")`. */
export interface ConfigSource {
    get(key: string): string | undefined;
}

/** A configuration problem: named after the setting, with the fix. Thrown before any request is sent. */
export class SettingsError extends Error {
    constructor(
        readonly setting: string,
        reason: string,
    ) {
        super(`${setting}: ${reason}`);
        this.name = "SettingsError";
    }
}

export function resolveSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv = process.env): ProviderSettings {
    const own = (key: string) => nonEmpty(config?.get(`${CONFIG_NAMESPACE}:${key}`));
    const native = (key: string) => nonEmpty(config?.get(`azure-native:${key}`));
    const pick = (nativeKey: string, armVar: string) => native(nativeKey) ?? nonEmpty(env[armVar]);

    return {
        cloud: resolveCloud(own("cloud") ?? pick("environment", "ARM_ENVIRONMENT"), env),
        credential: resolveCredential(native, env),
        preflight: parseBoolean(
            own("preflight") ?? nonEmpty(env.AZURESTACK_MAPPINGS_PREFLIGHT),
            true,
            `${CONFIG_NAMESPACE}:preflight / AZURESTACK_MAPPINGS_PREFLIGHT`,
        ),
        requestTimeoutMs:
            1000 *
            parsePositive(
                own("requestTimeoutSeconds") ?? env.AZURESTACK_MAPPINGS_REQUEST_TIMEOUT_SECONDS,
                30,
                `${CONFIG_NAMESPACE}:requestTimeoutSeconds / AZURESTACK_MAPPINGS_REQUEST_TIMEOUT_SECONDS`,
            ),
        maxRetries: parsePositive(
            own("maxRetries") ?? env.AZURESTACK_MAPPINGS_MAX_RETRIES,
            6,
            `${CONFIG_NAMESPACE}:maxRetries / AZURESTACK_MAPPINGS_MAX_RETRIES`,
        ),
        maxThrottleRetries: parsePositive(
            own("maxThrottleRetries") ?? env.AZURESTACK_MAPPINGS_MAX_THROTTLE_RETRIES,
            30,
            `${CONFIG_NAMESPACE}:maxThrottleRetries / AZURESTACK_MAPPINGS_MAX_THROTTLE_RETRIES`,
        ),
        adoptExisting: parseBoolean(
            own("adoptExisting") ?? nonEmpty(env.AZURESTACK_MAPPINGS_ADOPT_EXISTING),
            true,
            `${CONFIG_NAMESPACE}:adoptExisting / AZURESTACK_MAPPINGS_ADOPT_EXISTING`,
        ),
        locale: resolveLocale(own("locale") ?? nonEmpty(env.AZURESTACK_MAPPINGS_LOCALE), env),
    };
}

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

/**
 * The configured locale, else the process's (LC_ALL, LC_MESSAGES, LANG), else English. A configured value is
 * a deliberate choice, so one naming a language we do not offer is refused rather than quietly answered in
 * English (a typo such as `se` for Swedish would otherwise go unnoticed); the process locale is whatever the
 * machine has, and falls back to English.
 */
export function resolveLocale(configured: string | undefined, env: NodeJS.ProcessEnv): Locale {
    if (configured === undefined) return processLocale(env);
    const locale = matchLocale(configured);
    if (!locale) {
        throw new SettingsError(
            `${CONFIG_NAMESPACE}:locale / AZURESTACK_MAPPINGS_LOCALE`,
            `no messages in '${configured}'; ` +
                `use one of ${LOCALES.join(", ")} (another region of the same language, e.g. fr-CA or sv_FI.UTF-8, selects ` +
                "it), or remove the setting to follow LC_ALL/LC_MESSAGES/LANG.",
        );
    }
    return locale;
}

function resolveCredential(native: (key: string) => string | undefined, env: NodeJS.ProcessEnv): CredentialSettings {
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

function nonEmpty(value: string | undefined): string | undefined {
    return value === undefined || value.trim() === "" ? undefined : value;
}

function parseBoolean(value: string | undefined, fallback: boolean, setting: string): boolean {
    if (value === undefined) return fallback;
    const v = value.trim().toLowerCase();
    if (["true", "1", "yes"].includes(v)) return true;
    if (["false", "0", "no"].includes(v)) return false;
    throw new SettingsError(setting, `expected true or false; got '${value}'.`);
}

function parsePositive(value: string | undefined, fallback: number, setting: string): number {
    if (value === undefined || value.trim() === "") return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new SettingsError(setting, `expected a non-negative number; got '${value}'.`);
    return n;
}
