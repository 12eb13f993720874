/**
 * The Pulumi package schema of the provider plugin (`schema.json`: config, provider, resources, functions),
 * generated from the mapping schema and the settings' declarations, so every language's SDK, `pulumi import`
 * and the docs see the same mapping as the dynamic resource.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { AZURE_OUTPUT_NAMES, INPUT_NAMES, MAPPING_PROPERTIES, type PropertySpec } from "./mapping/schema";
import {
    ENTRY_OPTIONS,
    ENTRY_VALUE,
    SET_PROPERTIES,
    SET_PROPERTY_NAMES,
    SET_REGISTRATION_INPUTS,
    type SetPropertySpec,
} from "./set/schema";
import { CONFIG_NAMESPACE, CREDENTIAL_SETTINGS, SETTINGS, type SettingSpec } from "./settings";

/** The plugin's package name: `pulumi-resource-<name>`, and the namespace of its config keys and types. */
export const PACKAGE_NAME = CONFIG_NAMESPACE;
export const MAPPING_TOKEN = `${PACKAGE_NAME}:index:CustomerSubscriptionMapping`;
export const SET_TOKEN = `${PACKAGE_NAME}:index:CustomerSubscriptionMappingSet`;
/** An entry of a set's `mappings` given as an object (it may also be the tenant id alone). */
export const SET_ENTRY_TOKEN = `${PACKAGE_NAME}:index:MappingSetEntry`;

export interface SchemaProperty {
    /** Absent for a union (`oneOf`) or a reference (`$ref`). */
    type?: "string" | "boolean" | "number" | "integer" | "object" | "array";
    oneOf?: SchemaProperty[];
    description?: string;
    secret?: boolean;
    default?: unknown;
    items?: SchemaProperty;
    additionalProperties?: SchemaProperty;
    $ref?: string;
}

export interface ResourceSchema {
    description: string;
    properties: Record<string, SchemaProperty>;
    required: string[];
    inputProperties: Record<string, SchemaProperty>;
    requiredInputs: string[];
}

export const PACKAGE_VERSION: string = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")).version;

/** A mapping property in the schema: its type, doc and default, as the mapping schema declares them. */
export function propertyOf(spec: PropertySpec): SchemaProperty {
    return {
        type: spec.format === "boolean" ? "boolean" : "string",
        description: spec.doc,
        ...(spec.default !== undefined ? { default: spec.default } : {}),
    };
}

/** CustomerSubscriptionMapping in the package schema: its inputs, and its outputs (the inputs as stored plus Azure's). */
export function mappingResourceSchema(): ResourceSchema {
    const inputs = Object.fromEntries(INPUT_NAMES.map((name) => [name, propertyOf(MAPPING_PROPERTIES[name])]));
    const outputs = Object.fromEntries([...INPUT_NAMES, ...AZURE_OUTPUT_NAMES].map((name) => [name, propertyOf(MAPPING_PROPERTIES[name])]));
    return {
        description:
            "One Azure Stack Hub tenant mapping: Microsoft.AzureStack/registrations/{registration}/customerSubscriptions/" +
            "{customerSubscriptionId}, mapping a customer's CSP subscription to the customer's Microsoft Entra tenant. " +
            "Name the registration by registrationId or by registrationSubscriptionId, resourceGroup and registrationName.",
        properties: outputs,
        required: [...INPUT_NAMES, ...AZURE_OUTPUT_NAMES].filter(
            (name) =>
                (MAPPING_PROPERTIES[name] as PropertySpec).output === "always" && !(MAPPING_PROPERTIES[name] as PropertySpec).nullable,
        ),
        inputProperties: inputs,
        requiredInputs: INPUT_NAMES.filter((name) => (MAPPING_PROPERTIES[name] as PropertySpec).input === "required"),
    };
}

/**
 * CustomerSubscriptionMappingSet in the package schema: the mapping's registration-level inputs, `mappings` (each entry
 * the tenant id or a MappingSetEntry of the mapping's entry-level inputs) and the set's own settings; outputs as the
 * dynamic resource's. Pass it, and setEntryType(), to packageSchema() to serve the set.
 */
export function setResourceSchema(): ResourceSchema {
    const registration = Object.fromEntries(SET_REGISTRATION_INPUTS.map((name) => [name, propertyOf(MAPPING_PROPERTIES[name])]));
    const own = Object.fromEntries(SET_PROPERTY_NAMES.map((name) => [name, setPropertyOf(SET_PROPERTIES[name])]));
    const text = (description: string): SchemaProperty => ({ type: "object", additionalProperties: { type: "string" }, description });
    const outputs: Record<string, SchemaProperty> = {
        ...registration,
        ...own,
        etags: text("Each managed entry's etag (null when Azure answered its PUT with 201 and no body)."),
        undeclaredMappings: text("Mappings in Azure the set does not declare, as last seen: customer subscription id → tenant id."),
        failedEntries: text("After a partial failure: each entry that failed, with its error code."),
        inputsDigest: { type: "string", description: "A digest of the inputs state holds beside these outputs." },
    };
    return {
        description:
            "All of one Azure Stack Hub registration's tenant mappings as one resource: customer subscription id → tenant " +
            "id, each entry a mapping with the same checks as CustomerSubscriptionMapping.",
        properties: outputs,
        required: [...SET_REGISTRATION_INPUTS, ...SET_PROPERTY_NAMES, "etags", "undeclaredMappings", "inputsDigest"],
        inputProperties: { ...registration, ...own },
        requiredInputs: SET_PROPERTY_NAMES.filter((name) => SET_PROPERTIES[name].input === "required"),
    };
}

/** The object form of a set's entry, for `types`. */
export function setEntryType(): Record<string, unknown> {
    const names = [ENTRY_VALUE, ...ENTRY_OPTIONS];
    return {
        type: "object",
        description: "One mapping of a CustomerSubscriptionMappingSet: the tenant and the mapping's options.",
        properties: Object.fromEntries(names.map((name) => [name, propertyOf(MAPPING_PROPERTIES[name])])),
        required: [ENTRY_VALUE],
    };
}

function setPropertyOf(spec: SetPropertySpec): SchemaProperty {
    const described = { description: spec.doc, ...(spec.default !== undefined ? { default: spec.default } : {}) };
    if (spec.format === "count") return { type: "integer", ...described };
    if (spec.format === "undeclaredMode") return { type: "string", ...described };
    return {
        type: "object",
        additionalProperties: { oneOf: [{ type: "string" }, { $ref: `#/types/${SET_ENTRY_TOKEN}` }] },
        ...described,
    };
}

function configVariable(spec: SettingSpec): SchemaProperty {
    return {
        type: spec.type,
        description: `${spec.doc} Environment variable: ${spec.variable}.`,
        ...(spec.secret ? { secret: true } : {}),
    };
}

export interface PackageSchemaParts {
    /** Further resources by token (the set resource). */
    resources?: Record<string, ResourceSchema>;
    /** Functions (invokes) by token. */
    functions?: Record<string, unknown>;
    /** Object types the functions and resources refer to, by token. */
    types?: Record<string, unknown>;
}

export function packageSchema(parts: PackageSchemaParts = {}): Record<string, unknown> {
    const variables = Object.fromEntries([...SETTINGS, ...CREDENTIAL_SETTINGS].map((spec) => [spec.key, configVariable(spec)]));
    return {
        name: PACKAGE_NAME,
        displayName: "Azure Stack Hub tenant mappings",
        version: PACKAGE_VERSION,
        description: "Azure Stack Hub CSP tenant mappings (Microsoft.AzureStack/registrations/customerSubscriptions) as code.",
        keywords: ["azurestack", "csp", "category/cloud", "kind/native"],
        license: "MIT",
        config: { variables },
        provider: { description: "The provider's settings and credentials.", type: "object", inputProperties: variables },
        resources: { [MAPPING_TOKEN]: mappingResourceSchema(), ...parts.resources },
        functions: { ...parts.functions },
        types: { ...parts.types },
        // TypeScript programs use the dynamic resource (docs/forms.md); Python's SDK is generated from this schema.
        language: {
            python: {
                packageName: "pulumi_azurestack_tenant_mappings",
                // A pip-installable SDK of this package's version (sdk/python/, scripts/python-sdk.sh).
                respectSchemaVersion: true,
                pyproject: { enabled: true },
            },
        },
    };
}
