/**
 * What applying a set's declaration to what it manages takes, entry by entry, by the mapping schema's change rules.
 * Pure. Keys are case sensitive: a key spelled otherwise is another mapping, deleted and created; since ARM routes
 * names without regard to letter case, such a delete goes first, as the mapping resource's deleteBeforeReplace does.
 */
import { MAPPING_PROPERTIES, sameValue, type PropertySpec } from "../mapping/schema";
import { UNKNOWN } from "../mapping/values";
import {
    ENTRY_OPTIONS,
    REMOVALS,
    SET_PROPERTY_NAMES,
    SET_REGISTRATION_INPUTS,
    type SetEntry,
    type SetInputs,
    type SetOutputs,
} from "./schema";
import { entryFields, tenantOf } from "./state";

export interface SetPlan {
    /** Inputs whose change names another registration: the set is replaced. */
    replaces: string[];
    /** Declared keys the set does not manage yet: created (or adopted). */
    create: string[];
    /** Managed keys whose tenant changes: one PUT each. */
    retarget: string[];
    /** Managed keys whose options alone change: nothing is sent to Azure. */
    options: string[];
    /** Managed keys no longer declared: one DELETE each. */
    remove: string[];
    /** Those of `remove` spelled like a key of `create` but for letter case: deleted before any create. */
    removeFirst: string[];
    /** The set's own settings that change (apiVersion, undeclared, maxDeletions): state only. */
    settings: string[];
    /** `mappings` is not known yet (preview): anything may change. */
    unknown: boolean;
}

export function planSet(old: SetOutputs, news: SetInputs): SetPlan {
    const changed = (name: (typeof SET_REGISTRATION_INPUTS)[number]) => news[name] === UNKNOWN || !sameValue(name, old[name], news[name]);
    const replaces = SET_REGISTRATION_INPUTS.filter((name) => MAPPING_PROPERTIES[name].onChange === "replace" && changed(name));
    const settings = [
        ...SET_REGISTRATION_INPUTS.filter((name) => MAPPING_PROPERTIES[name].onChange === "setting" && changed(name)),
        ...SET_PROPERTY_NAMES.filter((name) => name !== "mappings" && old[name] !== news[name]),
    ];
    const plan: SetPlan = { replaces, create: [], retarget: [], options: [], remove: [], removeFirst: [], settings, unknown: false };
    if ((news.mappings as unknown) === UNKNOWN) return { ...plan, unknown: true };
    const managed = old.mappings;
    for (const [key, entry] of Object.entries(news.mappings)) {
        const current = Object.hasOwn(managed, key) ? managed[key] : undefined;
        if (current === undefined) plan.create.push(key);
        else if (tenantOf(entry) === UNKNOWN || !sameValue("tenantId", tenantOf(current), tenantOf(entry))) plan.retarget.push(key);
        else if (!sameOptions(current, entry)) plan.options.push(key);
    }
    const created = new Set(plan.create.map((key) => key.toLowerCase()));
    for (const key of Object.keys(managed)) {
        if (Object.hasOwn(news.mappings, key)) continue;
        plan.remove.push(key);
        if (created.has(key.toLowerCase())) plan.removeFirst.push(key);
    }
    return plan;
}

/** Whether applying the plan changes anything (in Azure or in state). */
export function hasWork(plan: SetPlan): boolean {
    return (
        plan.unknown ||
        [plan.replaces, plan.create, plan.retarget, plan.options, plan.remove, plan.settings].some((list) => list.length > 0)
    );
}

function sameOptions(a: SetEntry, b: SetEntry): boolean {
    const [x, y] = [entryFields(a) as Record<string, unknown>, entryFields(b) as Record<string, unknown>];
    return ENTRY_OPTIONS.every((name) => {
        const fallback = (MAPPING_PROPERTIES[name] as PropertySpec).default;
        return (x[name] ?? fallback) === (y[name] ?? fallback);
    });
}

/** How a property's change shows in a plugin's detailed diff (the engine's PropertyDiff kinds). */
export type EntryChange = "add" | "update" | "delete" | "updateReplace";

/**
 * The plan as property paths, for a provider plugin's detailed diff: each entry that changes under `mappings["<key>"]`
 * (and each undeclared mapping a `remove` set deletes under `removeUndeclared["<key>"]`), so `pulumi preview` names
 * exactly those; a registration change under its input, a replace.
 */
export function planPaths(plan: SetPlan, removals: readonly string[]): Record<string, EntryChange> {
    const at = (property: string, key: string) => `${property}[${JSON.stringify(key)}]`;
    const paths: Record<string, EntryChange> = {};
    for (const name of plan.replaces) paths[name] = "updateReplace";
    for (const name of plan.settings) paths[name] = "update";
    if (plan.unknown) paths.mappings = "update";
    for (const key of plan.create) paths[at("mappings", key)] = "add";
    for (const key of [...plan.retarget, ...plan.options]) paths[at("mappings", key)] = "update";
    for (const key of plan.remove) paths[at("mappings", key)] = "delete";
    for (const key of removals) paths[at(REMOVALS, key)] = "add";
    return paths;
}
