/**
 * A registration set, CustomerSubscriptionMappingSet: all of a registration's mappings as one resource. Its inputs
 * derive from the mapping schema (mapping/schema.ts): the registration-level inputs are the set's own, and each entry
 * of `mappings` is one mapping's entry-level inputs, keyed by the customer subscription id, its value the tenant id or
 * an object with `tenantId` and the entry's options. What only a set has is declared here, once: the validation
 * (set/validation.ts), the resource's Args, the package schema and docs/sets.md's table derive from it.
 */
import { inputsAtLevel, type InputAtLevel, type MappingInputs } from "../mapping/schema";

/** The set's registration and api-version: the mapping schema's registration-level inputs. */
export const SET_REGISTRATION_INPUTS = inputsAtLevel("registration");
/** An entry's key and the value it maps to. */
export const ENTRY_KEY = "customerSubscriptionId" as const;
export const ENTRY_VALUE = "tenantId" as const;
/** Every entry-level input of the mapping schema. */
export const ENTRY_INPUTS = inputsAtLevel("entry");
/** An entry's options: the entry-level inputs besides its key and value (allowTenantReassignment, adoptExisting). */
export const ENTRY_OPTIONS = ENTRY_INPUTS.filter((name) => name !== ENTRY_KEY && name !== ENTRY_VALUE) as EntryOptionName[];

type EntryOptionName = Exclude<InputAtLevel<"entry">, typeof ENTRY_KEY | typeof ENTRY_VALUE>;
type RegistrationInputName = InputAtLevel<"registration">;

/** What a set does about mappings in Azure that it does not declare. */
export const UNDECLARED_MODES = ["ignore", "warn", "fail", "remove"] as const;
export type UndeclaredMode = (typeof UNDECLARED_MODES)[number];

export interface SetPropertySpec {
    readonly format: "mappings" | "undeclaredMode" | "count";
    readonly input: "required" | "optional";
    readonly default?: string | number;
    /** Shown in docs/sets.md's inputs table and the package schema. */
    readonly doc: string;
}

export const SET_PROPERTIES = {
    mappings: {
        format: "mappings",
        input: "required",
        doc:
            "Customer subscription id → tenant id, or → `{ tenantId, allowTenantReassignment?, adoptExisting? }`. Keys are " +
            "**case sensitive**: another spelling is another mapping.",
    },
    undeclared: {
        format: "undeclaredMode",
        input: "optional",
        default: "warn",
        doc:
            "Mappings in Azure the set does not declare: `ignore`; `warn` (default: preview warns, `undeclaredMappings` " +
            "lists them); `fail` (preview fails); `remove` (`up` deletes them).",
    },
    maxDeletions: {
        format: "count",
        input: "optional",
        default: 10,
        doc: "At most this many mappings deleted by one `up` (or by deleting the set); more is refused, nothing deleted.",
    },
} as const satisfies Record<string, SetPropertySpec>;

export type SetPropertyName = keyof typeof SET_PROPERTIES;
export const SET_PROPERTY_NAMES = Object.keys(SET_PROPERTIES) as SetPropertyName[];
/** Every input a program may give a set. */
export const SET_INPUT_NAMES: readonly string[] = [...SET_REGISTRATION_INPUTS, ...SET_PROPERTY_NAMES];

/**
 * Filled in by check, never by a program: the undeclared mappings a `remove` set deletes at the next `up`, as
 * customer subscription id → tenant id, so that `pulumi preview --diff` shows them.
 */
export const REMOVALS = "removeUndeclared";

/** An entry's options, as check keeps them: only those that differ from their default. */
export type EntryOptions = Partial<Pick<MappingInputs, EntryOptionName>>;
/** One entry of `mappings`: the tenant id alone, or with options. */
export type SetEntry = string | ({ tenantId: string } & EntryOptions);

/** The inputs after check. `mappings` is UNKNOWN while a preview cannot know it. */
export type SetInputs = Pick<MappingInputs, RegistrationInputName> & {
    mappings: Record<string, SetEntry>;
    undeclared: UndeclaredMode;
    maxDeletions: number;
    [REMOVALS]?: Record<string, string>;
};

/** What create, read and update return, and state holds. */
export type SetOutputs = Omit<SetInputs, typeof REMOVALS> & {
    /** The entries this set manages (its ownership record), as Azure holds them. */
    mappings: Record<string, SetEntry>;
    /** Each managed entry's etag (null when Azure answered its PUT with 201 and no body). */
    etags: Record<string, string | null>;
    /** Mappings in Azure the set does not declare, as last seen (customer subscription id → tenant id). */
    undeclaredMappings: Record<string, string>;
    /** After a partial failure: each entry that failed, with its code. */
    failedEntries?: Record<string, string>;
    /** A digest of the inputs state holds beside these outputs (set/state.ts): tells diff what the engine's own diff sees. */
    inputsDigest: string;
};

/** The outputs besides the inputs: what the resource declares as outputs. */
export const SET_OUTPUT_NAMES = ["etags", "undeclaredMappings", "failedEntries", "inputsDigest"] as const;
