/**
 * The provider plugin, `pulumi-resource-azurestack-tenant-mappings` (bin/ starts it with Node): the same
 * provider as the dynamic resource for every Pulumi language and `pulumi import`. Its schema is the package
 * schema (packageSchema.ts); each resource call goes through the shared lifecycle (resources.ts); its
 * configuration is the package's config keys and the same environment variables (config.ts). How the two
 * forms relate: docs/forms.md.
 */
import { configureSession } from "../session";
import { packageSchema, PACKAGE_VERSION, SET_ENTRY_TOKEN, SET_TOKEN, setEntryType, setResourceSchema } from "../packageSchema";
import { checkProviderConfig, providerConfig } from "./config";
import { FUNCTIONS, functionSchemas } from "./functions";
import { resourceOf } from "./resources";
import { serve, type PluginProvider } from "./server";

/** The plugin's package schema: the mapping resource, the registration set and its entry type, the listing function. */
export function pluginSchema(): Record<string, unknown> {
    const { functions, types } = functionSchemas();
    return packageSchema({
        resources: { [SET_TOKEN]: setResourceSchema() },
        functions,
        types: { ...types, [SET_ENTRY_TOKEN]: setEntryType() },
    });
}

export const plugin: PluginProvider = {
    version: PACKAGE_VERSION,
    getSchema: async () => JSON.stringify(pluginSchema()),
    checkConfig: (inputs) => checkProviderConfig(inputs),
    configure: (inputs, engineAddress) => configureSession(providerConfig(inputs), engineAddress),
    check: (urn, olds, news) => resourceOf(urn).check(urn, olds, news),
    detailedDiff: (id, urn, olds, news) => resourceOf(urn).diff(id, olds, news),
    create: (urn, inputs) => resourceOf(urn).create(urn, inputs),
    read: (id, urn, props) => resourceOf(urn).read(id, urn, props ?? {}),
    update: (id, urn, olds, news) => resourceOf(urn).update(id, urn, olds, news),
    delete: (id, urn, props) => resourceOf(urn).delete(id, urn, props),
    invoke: async (token, args) => {
        const invoke = FUNCTIONS[token];
        if (!invoke) throw new Error(`azurestack-tenant-mappings has no function '${token}'; it has ${Object.keys(FUNCTIONS).join(", ")}.`);
        return invoke(args ?? {});
    },
};

/** What bin/pulumi-resource-azurestack-tenant-mappings runs: serve until the engine stops the process. */
export function run(args: string[]): void {
    serve(plugin, args).catch((error: unknown) => {
        process.stderr.write(`azurestack-tenant-mappings: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
    });
}
