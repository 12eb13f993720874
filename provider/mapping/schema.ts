/**
 * What a tenant mapping is, declared once. Every form of the product derives from this table: the dynamic
 * resource's Args and outputs (types below), check's validation and the inputs it keeps, the state written,
 * diff's replace and update rules, the root stack's config fields, the README's inputs table and the Pulumi
 * package schema of the provider plugin (packageSchema.ts). Adding an input starts here (CONTRIBUTING.md,
 * "Add an input").
 */

/** The Microsoft.AzureStack api-versions the provider speaks, oldest first. */
export const API_VERSIONS = ["2017-06-01", "2020-06-01-preview", "2022-03-01", "2022-06-01"] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];
/** The version Microsoft's "Register tenants for usage tracking in Azure Stack Hub" page uses. */
export const DEFAULT_API_VERSION: ApiVersion = "2017-06-01";

/** How a value is checked by validation.ts; each format has one checker there. */
export type ValueFormat = "registrationId" | "guid" | "resourceGroup" | "registrationName" | "apiVersion" | "boolean" | "text";

export interface PropertySpec {
    readonly format: ValueFormat;
    /**
     * Whether a program sets it: "required", "optional", or absent for outputs only. The registration is
     * required as a whole, either by `registrationId` or by its three parts (registration.ts).
     */
    readonly input?: "required" | "optional";
    /** Output as state holds it: "always", or "whenSet" (kept only when the program set it). */
    readonly output: "always" | "whenSet";
    /** The value check fills in when the program leaves it out. */
    readonly default?: string | boolean;
    /**
     * How two values are compared by diff and stored by check: "exact" (the customer subscription id is case
     * sensitive for billing), "lowerCase" (stored lower case: GUIDs), "ignoreCase" (ARM names: kept as written,
     * compared without case).
     */
    readonly letterCase?: "exact" | "lowerCase" | "ignoreCase";
    /**
     * What a change of the input does: "replace" (a different ARM resource: delete and create), "update" (a
     * PUT of the mapping), "setting" (ours only: nothing is sent to Azure).
     */
    readonly onChange?: "replace" | "update" | "setting";
    /**
     * "registration": the same for every mapping of a registration (the root stack's `registrations`, a set's
     * own inputs); "entry": per mapping (the root stack's `tenants`, a set's entries).
     */
    readonly level?: "registration" | "entry";
    readonly nullable?: boolean;
    /** Azure's own error code for a malformed value, which check's refusal starts with. */
    readonly azureCode?: string;
    /** Shown in the README's inputs table and the package schema. */
    readonly doc: string;
}

export const MAPPING_PROPERTIES = {
    registrationId: {
        format: "registrationId",
        input: "optional",
        output: "always",
        letterCase: "ignoreCase",
        onChange: "replace",
        level: "registration",
        doc: "The registration's ARM id, e.g. azure-native's `Registration.id`. Use this **or** the next three.",
    },
    registrationSubscriptionId: {
        format: "guid",
        input: "optional",
        output: "always",
        letterCase: "lowerCase",
        onChange: "replace",
        level: "registration",
        doc: "The subscription used to register the stamp.",
    },
    resourceGroup: {
        format: "resourceGroup",
        input: "optional",
        output: "always",
        letterCase: "ignoreCase",
        onChange: "replace",
        level: "registration",
        doc: "Usually `azurestack`.",
    },
    registrationName: {
        format: "registrationName",
        input: "optional",
        output: "always",
        letterCase: "ignoreCase",
        onChange: "replace",
        level: "registration",
        doc: "Usually `azurestack-<CloudID>`.",
    },
    customerSubscriptionId: {
        format: "guid",
        input: "required",
        output: "always",
        letterCase: "exact",
        onChange: "replace",
        level: "entry",
        azureCode: "InvalidCustomerSubscriptionId",
        doc: "The customer's CSP subscription. **Case sensitive**: a different spelling is a different mapping.",
    },
    tenantId: {
        format: "guid",
        input: "required",
        output: "always",
        letterCase: "lowerCase",
        onChange: "update",
        level: "entry",
        doc: "The customer's Microsoft Entra tenant. Changing it updates in place.",
    },
    apiVersion: {
        format: "apiVersion",
        input: "optional",
        output: "always",
        default: DEFAULT_API_VERSION,
        letterCase: "exact",
        onChange: "setting",
        level: "registration",
        doc: `${API_VERSIONS.map((v) => `\`${v}\`${v === DEFAULT_API_VERSION ? " (default)" : ""}`).join(", ")}.`,
    },
    allowTenantReassignment: {
        format: "boolean",
        input: "optional",
        output: "always",
        default: false,
        onChange: "setting",
        level: "entry",
        doc: "Default false. Allow overwriting another subscription's mapping of this tenant, or re-pointing a subscription mapped elsewhere.",
    },
    adoptExisting: {
        format: "boolean",
        input: "optional",
        output: "whenSet",
        onChange: "setting",
        level: "entry",
        doc: "Default: the provider setting (true). Take over an identical existing mapping without a write; false refuses it.",
    },
    name: { format: "text", output: "always", doc: "The mapping's ARM name: the customer subscription id." },
    type: { format: "text", output: "always", doc: "`Microsoft.AzureStack/registrations/customerSubscriptions`." },
    etag: {
        format: "text",
        output: "always",
        nullable: true,
        doc: "The mapping's etag; null when Azure answered the PUT with 201 and no body.",
    },
} as const satisfies Record<string, PropertySpec>;

type Properties = typeof MAPPING_PROPERTIES;
export type PropertyName = keyof Properties;

type ValueOf<P> = P extends { format: "boolean" } ? boolean : P extends { format: "apiVersion" } ? ApiVersion : string;
type Nullable<P, V> = P extends { nullable: true } ? V | null : V;
export type InputName = { [K in PropertyName]: Properties[K] extends { input: string } ? K : never }[PropertyName];
type RequiredInputName = { [K in PropertyName]: Properties[K] extends { input: "required" } ? K : never }[PropertyName];
/** The inputs of one level (PropertySpec.level), as a type. */
export type InputAtLevel<L> = { [K in InputName]: Properties[K] extends { level: L } ? K : never }[InputName];
type WhenSetName = { [K in PropertyName]: Properties[K] extends { output: "whenSet" } ? K : never }[PropertyName];

/** What a program passes (the resource wraps each value in `pulumi.Input`). */
export type MappingArgs = {
    [K in RequiredInputName]: ValueOf<Properties[K]>;
} & { [K in Exclude<InputName, RequiredInputName>]?: ValueOf<Properties[K]> };

/** The inputs after `check`: always this shape, whichever way the program named the registration. */
export type MappingInputs = { [K in Exclude<InputName, WhenSetName>]: ValueOf<Properties[K]> } & {
    [K in WhenSetName]?: ValueOf<Properties[K]>;
};

/** What create, read and update return, and state holds: the normalised inputs plus what Azure says. */
export type MappingOutputs = MappingInputs & {
    [K in Exclude<PropertyName, InputName>]: Nullable<Properties[K], ValueOf<Properties[K]>>;
};

const names = <K extends PropertyName>(keep: (spec: PropertySpec) => boolean) =>
    (Object.keys(MAPPING_PROPERTIES) as K[]).filter((name) => keep(MAPPING_PROPERTIES[name]));

/** Every input a program may set, in the schema's order. */
export const INPUT_NAMES: readonly InputName[] = names<InputName>((spec) => spec.input !== undefined);
/** The three parts that name a registration besides `registrationId`. */
export const REGISTRATION_PARTS = ["registrationSubscriptionId", "resourceGroup", "registrationName"] as const;
/** Outputs that only Azure fills in. */
export const AZURE_OUTPUT_NAMES = names<Exclude<PropertyName, InputName>>((spec) => spec.input === undefined);

export function propertySpec(name: PropertyName): PropertySpec {
    return MAPPING_PROPERTIES[name];
}

/** Inputs a set of the given change kind belongs to, e.g. every "replace" input. */
export function inputsChanging(kind: NonNullable<PropertySpec["onChange"]>): InputName[] {
    return INPUT_NAMES.filter((name) => MAPPING_PROPERTIES[name].onChange === kind);
}

/** Inputs of one level: the registration's (shared by its mappings) or the entry's (per mapping). */
export function inputsAtLevel<L extends NonNullable<PropertySpec["level"]>>(level: L): InputAtLevel<L>[] {
    return INPUT_NAMES.filter((name): name is InputAtLevel<L> => MAPPING_PROPERTIES[name].level === level);
}

/** Whether two values of a property are the same mapping fact, by the property's letter-case rule. */
export function sameValue(name: PropertyName, a: unknown, b: unknown): boolean {
    const rule = (MAPPING_PROPERTIES[name] as PropertySpec).letterCase;
    if (rule === "lowerCase" || rule === "ignoreCase") {
        return typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : (a ?? null) === (b ?? null);
    }
    return (a ?? null) === (b ?? null);
}
