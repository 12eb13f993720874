/**
 * A set's inputs checked and normalised, before any request, through the mapping's own validation (validation.ts):
 * the registration-level inputs once, each entry as a mapping's entry-level inputs. A failure about an entry names it
 * as `mappings["<customer subscription id>"]`, then the entry's property (`.tenantId`).
 */
import type { Locale } from "../messages";
import { Failures, type InputFailure } from "../mapping/failures";
import { MAPPING_PROPERTIES, type PropertySpec } from "../mapping/schema";
import { checkInputs, refuseUnknownKeys } from "../mapping/validation";
import { isUnknown, shown, UNKNOWN } from "../mapping/values";
import {
    ENTRY_INPUTS,
    ENTRY_KEY,
    ENTRY_OPTIONS,
    ENTRY_VALUE,
    SET_INPUT_NAMES,
    SET_PROPERTIES,
    SET_REGISTRATION_INPUTS,
    UNDECLARED_MODES,
    type SetEntry,
    type SetInputs,
    type UndeclaredMode,
} from "./schema";

export const SET_RESOURCE = "CustomerSubscriptionMappingSet";

export interface SetValidation {
    inputs: SetInputs;
    failures: InputFailure[];
}

const isMap = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** How a failure about an entry is named: `mappings["<key>"]`, the key as JSON (never a raw control character). */
export function entryProperty(key: string, property?: string): string {
    const quoted = JSON.stringify(key);
    const shownKey = quoted.length > 80 ? `${quoted.slice(0, 76)}..."` : quoted;
    return `mappings[${shownKey}]${property && property !== ENTRY_KEY ? `.${property}` : ""}`;
}

export function validateSet(raw: Record<string, unknown>, locale?: Locale): SetValidation {
    const failures = new Failures(locale);
    refuseUnknownKeys(raw, SET_INPUT_NAMES, SET_RESOURCE, failures);
    const registration = checkInputs(raw, SET_REGISTRATION_INPUTS, failures);
    const mappings = checkEntries(raw.mappings, failures);
    const undeclared = checkMode(raw.undeclared, failures);
    const maxDeletions = checkCount(raw.maxDeletions, failures);
    return { inputs: { ...registration, mappings, undeclared, maxDeletions } as SetInputs, failures: failures.list };
}

/** Each entry through the mapping's entry-level validation; UNKNOWN while the whole map is not known yet. */
function checkEntries(value: unknown, failures: Failures): Record<string, SetEntry> {
    if (value === UNKNOWN) return UNKNOWN as unknown as Record<string, SetEntry>;
    if (!isMap(value)) {
        failures.add("mappings", { kind: "setMappings", got: value === undefined || value === null ? undefined : shown(value) });
        return {};
    }
    const entries: Record<string, SetEntry> = {};
    for (const [key, entry] of Object.entries(value)) {
        const own = new Failures(failures.locale);
        let raw: Record<string, unknown>;
        if (typeof entry === "string") raw = { [ENTRY_KEY]: key, [ENTRY_VALUE]: entry };
        else if (isMap(entry)) {
            refuseUnknownKeys(entry, [ENTRY_VALUE, ...ENTRY_OPTIONS], `an entry of ${SET_RESOURCE}.mappings`, own);
            raw = { ...entry, [ENTRY_KEY]: key };
        } else {
            failures.add(entryProperty(key), { kind: "setEntry", options: ENTRY_OPTIONS, got: shown(entry) });
            continue;
        }
        const values = checkInputs(raw, ENTRY_INPUTS, own);
        for (const failure of own.list) failures.list.push({ property: entryProperty(key, failure.property), reason: failure.reason });
        if (own.empty) entries[key] = normalisedEntry(values);
    }
    return entries;
}

/** The tenant id alone when every option has its default; otherwise the tenant id and the options that differ. */
function normalisedEntry(values: Record<string, unknown>): SetEntry {
    const options = ENTRY_OPTIONS.filter((name) => {
        const spec: PropertySpec = MAPPING_PROPERTIES[name];
        return values[name] !== undefined && values[name] !== spec.default;
    });
    const tenantId = values[ENTRY_VALUE] as string;
    return options.length === 0 ? tenantId : { tenantId, ...Object.fromEntries(options.map((name) => [name, values[name]])) };
}

function checkMode(value: unknown, failures: Failures): UndeclaredMode {
    const fallback = SET_PROPERTIES.undeclared.default;
    if (value === undefined || value === null || isUnknown(value)) return fallback;
    if ((UNDECLARED_MODES as readonly unknown[]).includes(value)) return value as UndeclaredMode;
    failures.add("undeclared", {
        kind: "oneOf",
        property: "undeclared",
        values: UNDECLARED_MODES,
        defaultValue: fallback,
        got: shown(value),
    });
    return fallback;
}

function checkCount(value: unknown, failures: Failures): number {
    const fallback = SET_PROPERTIES.maxDeletions.default;
    if (value === undefined || value === null || isUnknown(value)) return fallback;
    if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
    failures.add("maxDeletions", { kind: "wholeNumber", property: "maxDeletions", got: shown(value) });
    return fallback;
}
