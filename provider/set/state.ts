/**
 * The shapes a set takes between the engine and Azure: its id, each entry as one mapping's inputs and state (what the
 * mapping lifecycle is given), the set's stored state read back and checked before any of it reaches a URL, and the
 * digest of the inputs state holds beside its outputs.
 */
import { createHash } from "node:crypto";
import { mappingResourceId, mappingsResourceId } from "../arm/ids";
import { MAPPING_TYPE } from "../arm/registrations";
import { refusalError } from "../errors";
import type { MappingInputs, MappingOutputs } from "../mapping/schema";
import { isUnknown } from "../mapping/values";
import { SET_INPUT_NAMES, type EntryOptions, type SetEntry, type SetInputs, type SetOutputs } from "./schema";
import { SET_RESOURCE, validateSet } from "./validation";

/** A set's id: its registration's collection of mappings. */
export function setId(registrationId: string): string {
    return mappingsResourceId(registrationId);
}

/** An entry as its tenant id and options, whichever form it was written in. */
export function entryFields(entry: SetEntry): { tenantId: string } & EntryOptions {
    return typeof entry === "string" ? { tenantId: entry } : entry;
}

/** The tenant an entry maps. */
export function tenantOf(entry: SetEntry): string {
    return typeof entry === "string" ? entry : entry.tenantId;
}

/** An entry with another tenant (as Azure holds it), its options kept. */
export function withTenant(entry: SetEntry, tenantId: string): SetEntry {
    return typeof entry === "string" ? tenantId : { ...entry, tenantId };
}

/** One entry as the mapping's own inputs, as the mapping's check would have produced them. */
export function entryInputs(set: SetInputs | SetOutputs, customerSubscriptionId: string, entry: SetEntry): MappingInputs {
    const { tenantId, ...options } = entryFields(entry);
    return {
        registrationId: set.registrationId,
        registrationSubscriptionId: set.registrationSubscriptionId,
        resourceGroup: set.resourceGroup,
        registrationName: set.registrationName,
        apiVersion: set.apiVersion,
        customerSubscriptionId,
        tenantId,
        allowTenantReassignment: false,
        ...options,
    };
}

/** A managed entry as the mapping's state (outputs), for the mapping lifecycle's update and delete; its id beside. */
export function entryState(set: SetOutputs, customerSubscriptionId: string): { id: string; state: MappingOutputs } {
    const inputs = entryInputs(set, customerSubscriptionId, set.mappings[customerSubscriptionId]!);
    const state: MappingOutputs = {
        ...inputs,
        name: customerSubscriptionId,
        type: MAPPING_TYPE,
        etag: set.etags[customerSubscriptionId] ?? null,
    };
    return { id: mappingResourceId(set.registrationId, customerSubscriptionId), state };
}

/**
 * A set as state holds it, checked as check checks inputs before any of its values goes into a URL (state is a file
 * anyone with backend access can edit), and its id against the registration it names.
 */
export function storedSet(props: Record<string, unknown>, id: string, operation: string): SetOutputs {
    // The registration by its three parts, as state always holds them; registrationId must be the id they make.
    const declared = Object.fromEntries(
        SET_INPUT_NAMES.filter((name) => name !== "registrationId" && props[name] !== undefined).map((name) => [name, props[name]]),
    );
    const { inputs, failures } = validateSet(declared);
    const problems = failures.map((f) => `${f.property}: ${f.reason}`);
    if (typeof props.registrationId === "string" && props.registrationId.toLowerCase() !== inputs.registrationId.toLowerCase()) {
        problems.push("registrationId: not the registration its three parts name.");
    }
    if (isUnknown(props)) problems.push("it holds an unknown value, which state never holds.");
    const etags = props.etags ?? {};
    if (typeof etags !== "object" || Array.isArray(etags) || Object.values(etags).some((e) => e !== null && typeof e !== "string")) {
        problems.push("etags: not a map of strings.");
    }
    if (problems.length === 0 && id.toLowerCase() !== setId(inputs.registrationId).toLowerCase()) {
        problems.push(`id: ${JSON.stringify(id).slice(0, 200)} is not the id of the registration's mappings the state describes.`);
    }
    if (problems.length > 0) {
        throw refusalError("InvalidStoredState", {
            resource: SET_RESOURCE,
            operation,
            id: JSON.stringify(id).slice(0, 200),
            failures: problems.join(" "),
        });
    }
    return {
        ...inputs,
        etags: etags as Record<string, string | null>,
        undeclaredMappings: (props.undeclaredMappings as Record<string, string> | undefined) ?? {},
        inputsDigest: typeof props.inputsDigest === "string" ? props.inputsDigest : "",
    };
}

/** The previous inputs at check (state's, or read's), or undefined for a new set. */
export function previousSetInputs(olds: Record<string, unknown>): SetInputs | undefined {
    const mappings = olds?.mappings;
    if (typeof mappings !== "object" || mappings === null || Array.isArray(mappings)) return undefined;
    return olds as unknown as SetInputs;
}

/**
 * A digest of the inputs state holds for the set (check's output; read's after a refresh), `__` keys aside. The
 * engine's own diff compares old and new inputs: when their digests agree it would see no change, so diff must say so.
 */
export function inputsDigest(inputs: Record<string, unknown>): string {
    const own = Object.fromEntries(Object.entries(inputs).filter(([key]) => !key.startsWith("__")));
    return createHash("sha256").update(canonicalJson(own)).digest("hex").slice(0, 32);
}

/** JSON with every object's keys sorted: the engine does not keep the order of a map's keys. */
function canonicalJson(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
    if (value !== null && typeof value === "object") {
        const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
        return `{${entries
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
            .join(",")}}`;
    }
    return JSON.stringify(value);
}
