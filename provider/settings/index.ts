/**
 * Provider-wide settings, declared once (SETTINGS, CREDENTIAL_SETTINGS: the README's settings table, the
 * plugin's package schema and this resolution derive from them) and resolved at call time from the stack
 * configuration handed to `configure` and from the environment. Nothing here is captured by the serialized
 * provider: secrets stay in this process's memory only.
 *
 * Precedence, highest first: `azurestack-tenant-mappings:*` config, `azure-native:*` config (what
 * azure-native users already have; a dynamic resource sees the whole stack configuration, the plugin only
 * its own keys), `ARM_*` variables (azure-native/Terraform), then `AZURE_*` variables, which @azure/identity's
 * own chain reads.
 */
import { LOCALES, matchLocale, processLocale, type Locale } from "../messages/locale";
import { resolveCloud, type CloudEndpoints } from "./cloud";
import { resolveCredential, type CredentialSettings } from "./credential";
import { nonEmpty, parseBoolean, parsePositive, SettingsError } from "./parse";

export { isLoopback, resolveCloud, type CloudEndpoints } from "./cloud";
export type { CredentialSettings } from "./credential";
export { SettingsError } from "./parse";

export const CONFIG_NAMESPACE = "azurestack-tenant-mappings";

export interface SettingSpec {
    /** `azurestack-tenant-mappings:<key>`; for credentials also `azure-native:<key>`. */
    key: string;
    /** The environment variable read when no config key is set. */
    variable: string;
    type: "string" | "boolean" | "number";
    /** The default, as the docs say it. */
    defaultText: string;
    /** Shown after the key in the README's settings table. */
    note?: string;
    /** The package schema's description. */
    doc: string;
    secret?: boolean;
}

/** The product's own settings (README, "Provider settings"). */
export const SETTINGS: readonly SettingSpec[] = [
    {
        key: "cloud",
        variable: "ARM_ENVIRONMENT",
        type: "string",
        defaultText: "`AzureCloud`",
        note: "`AzureCloud`, `AzureChinaCloud` or `AzureUSGovernment` (also `azure-native:environment`)",
        doc: "The Azure cloud: AzureCloud, AzureChinaCloud or AzureUSGovernment. AZURE_RESOURCE_MANAGER_ENDPOINT names another ARM endpoint.",
    },
    {
        key: "preflight",
        variable: "AZURESTACK_MAPPINGS_PREFLIGHT",
        type: "boolean",
        defaultText: "`true`",
        doc: "Check the registration and its mappings at preview (registration, billing model, approval, overwrite guard).",
    },
    {
        key: "requestTimeoutSeconds",
        variable: "AZURESTACK_MAPPINGS_REQUEST_TIMEOUT_SECONDS",
        type: "number",
        defaultText: "30",
        doc: "Seconds to wait for one ARM request.",
    },
    {
        key: "maxRetries",
        variable: "AZURESTACK_MAPPINGS_MAX_RETRIES",
        type: "number",
        defaultText: "6",
        note: "(transient failures)",
        doc: "Retries of transient failures (5xx, network, timeouts, MetadataResolverBadGatewayError).",
    },
    {
        key: "maxThrottleRetries",
        variable: "AZURESTACK_MAPPINGS_MAX_THROTTLE_RETRIES",
        type: "number",
        defaultText: "30",
        note: "(429s)",
        doc: "Retries of 429 answers, each after its Retry-After.",
    },
    {
        key: "adoptExisting",
        variable: "AZURESTACK_MAPPINGS_ADOPT_EXISTING",
        type: "boolean",
        defaultText: "`true`",
        note: "(for mappings that do not set it)",
        doc: "Take over an identical existing mapping without a write, for mappings that do not set adoptExisting.",
    },
    {
        key: "locale",
        variable: "AZURESTACK_MAPPINGS_LOCALE",
        type: "string",
        defaultText: "the process locale, else `en`",
        note: `of the error explanations: ${LOCALES.map((l) => `\`${l}\``).join(", ")}`,
        doc: `The language of error explanations and notices: ${LOCALES.join(", ")}.`,
    },
];

/** The sign-in settings, under azure-native's key names (docs/configuration.md, "Credentials"). */
export const CREDENTIAL_SETTINGS: readonly SettingSpec[] = [
    ["tenantId", "ARM_TENANT_ID", "string", "The Microsoft Entra tenant of the identity."],
    ["clientId", "ARM_CLIENT_ID", "string", "The application (client) id of the identity."],
    ["clientSecret", "ARM_CLIENT_SECRET", "string", "The client secret.", true],
    ["clientCertificatePath", "ARM_CLIENT_CERTIFICATE_PATH", "string", "A PEM or PFX client certificate file."],
    ["clientCertificatePassword", "ARM_CLIENT_CERTIFICATE_PASSWORD", "string", "The certificate's password.", true],
    ["useOidc", "ARM_USE_OIDC", "boolean", "Sign in with workload identity federation (OIDC)."],
    ["oidcToken", "ARM_OIDC_TOKEN", "string", "A federated token to exchange.", true],
    ["oidcTokenFilePath", "ARM_OIDC_TOKEN_FILE_PATH", "string", "A file holding the federated token."],
    ["oidcRequestUrl", "ARM_OIDC_REQUEST_URL", "string", "The token service that issues federated tokens."],
    ["oidcRequestToken", "ARM_OIDC_REQUEST_TOKEN", "string", "The token that authenticates to that service.", true],
    ["useMsi", "ARM_USE_MSI", "boolean", "Sign in as the machine's managed identity."],
].map(([key, variable, type, doc, secret]) => ({
    key: key as string,
    variable: variable as string,
    type: type as SettingSpec["type"],
    defaultText: "",
    doc: doc as string,
    ...(secret ? { secret: true } : {}),
}));

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

/** What `configure` gives us: `get("ns:key")`. */
export interface ConfigSource {
    get(key: string): string | undefined;
}

const setting = (key: string) => {
    const spec = SETTINGS.find((s) => s.key === key)!;
    return { ...spec, name: `${CONFIG_NAMESPACE}:${key} / ${spec.variable}` };
};

export function resolveSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv = process.env): ProviderSettings {
    const own = (key: string) => nonEmpty(config?.get(`${CONFIG_NAMESPACE}:${key}`));
    const native = (key: string) => nonEmpty(config?.get(`azure-native:${key}`));
    const value = (key: string) => own(key) ?? nonEmpty(env[setting(key).variable]);
    const flag = (key: string, fallback: boolean) => parseBoolean(value(key), fallback, setting(key).name);
    const number = (key: string, fallback: number) => parsePositive(value(key), fallback, setting(key).name);

    return {
        cloud: resolveCloud(own("cloud") ?? native("environment") ?? nonEmpty(env.ARM_ENVIRONMENT), env),
        credential: resolveCredential((key) => own(key) ?? native(key), env),
        preflight: flag("preflight", true),
        requestTimeoutMs: 1000 * number("requestTimeoutSeconds", 30),
        maxRetries: number("maxRetries", 6),
        maxThrottleRetries: number("maxThrottleRetries", 30),
        adoptExisting: flag("adoptExisting", true),
        locale: resolveLocale(value("locale"), env),
    };
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
