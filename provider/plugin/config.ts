/**
 * The plugin's provider configuration. The engine hands a provider plugin only its own package's keys, short
 * (`clientSecret`, `locale`), from the stack's `azurestack-tenant-mappings:*` config or an explicit provider
 * resource; this turns them into the same ConfigSource the dynamic resource's settings resolve from
 * (settings/index.ts), so both forms read the same keys, the same environment variables and the same defaults.
 */
import { CONFIG_NAMESPACE, resolveSettings, SettingsError, type ConfigSource } from "../settings";

/** Pulumi's marker of a secret value inside a property map, when the engine sends secrets as such. */
const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

function plainValue(value: unknown): unknown {
    const wrapped = value as Record<string, unknown> | null;
    return wrapped && typeof wrapped === "object" && wrapped["4dabf18193072939515e22adb298388d"] === SECRET_SIGNATURE
        ? wrapped.value
        : value;
}

/** The provider's inputs (short keys; strings, or JSON values from typed config) as `azurestack-tenant-mappings:<key>`. */
export function providerConfig(inputs: Record<string, unknown>): ConfigSource {
    const values = new Map<string, string>();
    for (const [key, raw] of Object.entries(inputs)) {
        const value = plainValue(raw);
        if (value === undefined || value === null || key === "version") continue;
        values.set(`${CONFIG_NAMESPACE}:${key}`, typeof value === "string" ? value : JSON.stringify(value));
    }
    return { get: (key) => values.get(key) };
}

export interface ConfigFailure {
    property: string;
    reason: string;
}

/**
 * CheckConfig: the settings resolved as the provider will resolve them, so a bad value (a locale without
 * messages, a plain-http ARM endpoint, "yes please" for a boolean) fails at preview, naming the key, before
 * any request. Keys that are no setting are left alone, as the dynamic resource leaves them (the root stack
 * keeps its data under the same namespace).
 */
export function checkProviderConfig(inputs: Record<string, unknown>): ConfigFailure[] {
    try {
        resolveSettings(providerConfig(inputs));
        return [];
    } catch (error) {
        if (!(error instanceof SettingsError)) throw error;
        const key = new RegExp(`${CONFIG_NAMESPACE}:(\\w+)`).exec(error.setting)?.[1] ?? "";
        return [{ property: key, reason: error.message }];
    }
}
