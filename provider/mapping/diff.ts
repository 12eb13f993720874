/**
 * Diff: the stored mapping against the checked inputs, by the schema's change rules. Pure. A property whose
 * new value is not known yet (preview) counts as changed.
 */
import { equalIgnoringCase, mappingResourceId } from "../arm/ids";
import { INPUT_NAMES, MAPPING_PROPERTIES, sameValue, type MappingInputs } from "./schema";
import { outputsAsInputs } from "./state";
import { UNKNOWN } from "./values";

export interface MappingDiff {
    changes: boolean;
    /** Inputs whose change makes it another ARM resource: the mapping is deleted and created. */
    replaces: string[];
    /** Inputs changed in place (a PUT for the tenant; ours only for settings). */
    updates: string[];
    /**
     * Delete the old mapping before creating the new one. ARM routes names without regard to letter case: when
     * the new mapping's id equals the old one's but for case (a customer subscription id spelled otherwise),
     * creating first would PUT over the old mapping and the following DELETE would remove it.
     */
    deleteBeforeReplace: boolean;
}

export function diffMapping(olds: Record<string, unknown>, news: MappingInputs): MappingDiff {
    const old = outputsAsInputs(olds);
    const changed = (name: (typeof INPUT_NAMES)[number]) => news[name] === UNKNOWN || !sameValue(name, old[name], news[name]);
    const replaces = INPUT_NAMES.filter((name) => MAPPING_PROPERTIES[name].onChange === "replace" && changed(name)).filter(
        // State written before registrationId was an output does not list it: its parts say the same.
        (name) => name !== "registrationId" || olds.registrationId !== undefined,
    );
    const updates = INPUT_NAMES.filter((name) => MAPPING_PROPERTIES[name].onChange !== "replace" && changed(name));
    const sameArmId =
        ![news.registrationId, news.customerSubscriptionId].includes(UNKNOWN) &&
        equalIgnoringCase(
            mappingResourceId(old.registrationId, old.customerSubscriptionId),
            mappingResourceId(news.registrationId, news.customerSubscriptionId),
        );
    return {
        changes: replaces.length > 0 || updates.length > 0,
        replaces,
        updates,
        deleteBeforeReplace: replaces.length > 0 && sameArmId,
    };
}
