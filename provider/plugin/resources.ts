/**
 * The plugin's resources by type token, each run through the one lifecycle (lifecycle.ts) that the dynamic
 * resource runs through its serialized shim: the plugin adds only what the engine gives a plugin and not a
 * dynamic provider (the URN on every call, a detailed diff). The registration set runs through its own lifecycle
 * (set/lifecycle.ts), which runs each entry through the same one.
 */
import * as lifecycle from "../lifecycle";
import { diffMapping } from "../mapping/diff";
import type { MappingInputs } from "../mapping/schema";
import { declaredInputs, mappingId } from "../mapping/state";
import { MAPPING_TOKEN, SET_TOKEN } from "../packageSchema";
import { rememberUrn } from "../session";
import * as setLifecycle from "../set/lifecycle";
import type { SetInputs } from "../set/schema";
import { setId } from "../set/state";
import { detailedDiff, type DetailedDiff } from "./detailedDiff";

type Props = Record<string, unknown>;

export interface PluginResource {
    check(urn: string, olds: Props, news: Props): Promise<{ inputs?: unknown; failures?: { property: string; reason: string }[] }>;
    diff(id: string, olds: Props, news: Props): Promise<DetailedDiff>;
    create(urn: string, inputs: Props): Promise<{ id: string; outs: unknown }>;
    read(id: string, urn: string, props: Props): Promise<{ id?: string; props?: unknown; inputs?: unknown }>;
    update(id: string, urn: string, olds: Props, news: Props): Promise<{ outs: unknown }>;
    delete(id: string, urn: string, props: Props): Promise<void>;
}

const customerSubscriptionMapping: PluginResource = {
    // The dynamic resource passes its URN as `__urn` (resource.ts); a plugin is given it: the same path.
    check: (urn, olds, news) => lifecycle.check(olds, { ...news, __urn: urn }),
    diff: async (_id, olds, news) => detailedDiff(diffMapping(olds, news as unknown as MappingInputs), olds, news),
    create: (urn, inputs) => {
        rememberUrn(mappingId(inputs as unknown as MappingInputs), urn);
        return lifecycle.create(inputs as unknown as MappingInputs);
    },
    read: async (id, urn, props) => {
        rememberUrn(id, urn);
        const read = await lifecycle.read(id, props);
        // An import (`pulumi import`, the `import` option) reads with no state: its inputs become the program's.
        const importing = props.customerSubscriptionId === undefined;
        return importing && read.inputs ? { ...read, inputs: declaredInputs(read.inputs) } : read;
    },
    update: (id, urn, olds, news) => {
        rememberUrn(id, urn);
        return lifecycle.update(id, olds, news as unknown as MappingInputs);
    },
    delete: (id, urn, props) => {
        rememberUrn(id, urn);
        return lifecycle.deleteMappingResource(id, props);
    },
};

const customerSubscriptionMappingSet: PluginResource = {
    check: (urn, olds, news) => setLifecycle.check(olds, { ...news, __urn: urn }),
    diff: async (_id, olds, news) => ({ ...(await setLifecycle.detailedDiff(olds, news as unknown as SetInputs)), updates: [] }),
    create: (urn, inputs) => {
        rememberUrn(setId(inputs.registrationId as string), urn);
        return setLifecycle.create(inputs as SetInputs & Props);
    },
    read: (id, urn, props) => {
        rememberUrn(id, urn);
        return setLifecycle.read(id, props);
    },
    update: (id, urn, olds, news) => {
        rememberUrn(id, urn);
        return setLifecycle.update(id, olds, news as SetInputs & Props);
    },
    delete: (id, urn, props) => {
        rememberUrn(id, urn);
        return setLifecycle.deleteSet(id, props);
    },
};

export const RESOURCES: Readonly<Record<string, PluginResource>> = {
    [MAPPING_TOKEN]: customerSubscriptionMapping,
    [SET_TOKEN]: customerSubscriptionMappingSet,
};

/** The resource a URN names (`urn:pulumi:<stack>::<project>::<type>::<name>`; the type is the last of a parent chain). */
export function resourceOf(urn: string): PluginResource {
    const type = urn.split("::")[2]?.split("$").pop() ?? "";
    const resource = RESOURCES[type];
    if (!resource)
        throw new Error(`azurestack-tenant-mappings has no resource type '${type}' (${urn}); it has ${Object.keys(RESOURCES).join(", ")}.`);
    return resource;
}
