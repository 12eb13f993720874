/**
 * The shapes a mapping takes between the engine and Azure: outputs after a write or a read, stored state read
 * back as inputs, and a written mapping as a listing would hold it.
 */
import { mappingResourceId, parseMappingId, REGISTRATION_ID, registrationResourceId, type RegistrationRef } from "../arm/ids";
import { MAPPING_TYPE, type CustomerSubscriptionResource } from "../arm/registrations";
import { PartialWriteError, refusalError } from "../errors";
import { INPUT_NAMES, MAPPING_PROPERTIES, REGISTRATION_PARTS, type MappingInputs, type MappingOutputs, type PropertySpec } from "./schema";
import { validateStoredMapping } from "./validation";
import { isUnknown } from "./values";

export type { MappingOutputs };

export function mappingId(inputs: MappingInputs): string {
    return mappingResourceId(inputs.registrationId, inputs.customerSubscriptionId);
}

export function refOf(inputs: MappingInputs): RegistrationRef {
    return { subscriptionId: inputs.registrationSubscriptionId, resourceGroup: inputs.resourceGroup, name: inputs.registrationName };
}

/** Outputs after a PUT; if building them fails, the mapping exists, so report it with its id to stay in state. */
export function outputsAfterWrite(
    id: string,
    inputs: MappingInputs,
    resource: CustomerSubscriptionResource | undefined,
    etag: string | undefined,
): MappingOutputs {
    let problem: string;
    try {
        const outs = outputs(inputs, resource, etag);
        if (outs.tenantId === inputs.tenantId) return outs;
        problem = `Azure reports tenant ${outs.tenantId} for the mapping, not the ${inputs.tenantId} that was sent`;
    } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
    }
    const reason = `The mapping ${id} was written, but ${problem}. It is kept in state; run \`pulumi refresh\` to read its current value.`;
    throw new PartialWriteError(id, outputs(inputs, undefined, etag), reason);
}

/** A written mapping as a listing would hold it. */
export function writtenResource(outs: MappingOutputs): CustomerSubscriptionResource {
    return { id: mappingId(outs), name: outs.name, type: outs.type, etag: outs.etag ?? undefined, properties: { tenantId: outs.tenantId } };
}

export function outputs(
    inputs: MappingInputs,
    resource: CustomerSubscriptionResource | undefined,
    etag: string | undefined,
): MappingOutputs {
    const name = resource?.name?.split("/").filter(Boolean).pop() ?? inputs.customerSubscriptionId;
    return {
        ...pickInputs(inputs),
        tenantId: resource?.properties?.tenantId?.toLowerCase() ?? inputs.tenantId,
        name,
        type: resource?.type ?? MAPPING_TYPE,
        etag: resource?.etag ?? etag ?? null,
    };
}

/**
 * The inputs as a program declares them: the registration by its id, the mapping, and only the settings that
 * differ from their defaults. What `pulumi import` writes into the program and state (check accepts it as it
 * is, and refines it to the stored form).
 */
export function declaredInputs(inputs: MappingInputs): Record<string, unknown> {
    const declared: Record<string, unknown> = {
        registrationId: inputs.registrationId,
        customerSubscriptionId: inputs.customerSubscriptionId,
        tenantId: inputs.tenantId,
    };
    for (const name of INPUT_NAMES) {
        const spec: PropertySpec = MAPPING_PROPERTIES[name];
        if (name in declared || (REGISTRATION_PARTS as readonly string[]).includes(name)) continue;
        if (inputs[name] !== undefined && inputs[name] !== spec.default) declared[name] = inputs[name];
    }
    return declared;
}

/** The inputs of a mapping, nothing else: what state keeps of them (a "whenSet" input only when set). */
export function pickInputs(inputs: MappingInputs): MappingInputs {
    const picked: Record<string, unknown> = {};
    for (const name of INPUT_NAMES) {
        const value = inputs[name];
        if (value !== undefined || MAPPING_PROPERTIES[name].output === "always") picked[name] = value;
    }
    return picked as unknown as MappingInputs;
}

/**
 * Stored outputs (or old inputs) back in input form, as check would have stored them; the ARM id fills in a
 * missing registration or subscription. Every state an earlier version wrote must read back here.
 */
export function outputsAsInputs(stored: Record<string, unknown>, id?: string): MappingInputs {
    const fromId = id ? parseMappingId(id) : undefined;
    // Inputs as a program declares them (an import's: declaredInputs) name the registration by its id alone.
    const byRegistrationId = typeof stored.registrationId === "string" ? REGISTRATION_ID.exec(stored.registrationId) : null;
    const fallback: Record<string, string | undefined> = {
        registrationSubscriptionId: fromId?.subscriptionId ?? byRegistrationId?.[1],
        resourceGroup: fromId?.resourceGroup ?? byRegistrationId?.[2],
        registrationName: fromId?.name ?? byRegistrationId?.[3],
        customerSubscriptionId: fromId?.customerSubscriptionId,
    };
    const values: Record<string, unknown> = {};
    for (const name of INPUT_NAMES) {
        const spec: PropertySpec = MAPPING_PROPERTIES[name];
        const value = stored[name];
        if (spec.format === "boolean") {
            const flag = typeof value === "boolean" ? value : spec.default;
            if (flag !== undefined) values[name] = flag;
            continue;
        }
        const text = typeof value === "string" ? value : (fallback[name] ?? (spec.default as string | undefined) ?? "");
        values[name] = spec.letterCase === "lowerCase" ? text.toLowerCase() : text;
    }
    const [subscription, group, registration] = REGISTRATION_PARTS.map((p) => values[p] as string);
    values.registrationId = registrationResourceId(subscription, group, registration);
    return values as unknown as MappingInputs;
}

/**
 * A mapping as state holds it, checked as check checks inputs before any of its values goes into a URL: state
 * is a file, and an edited or corrupted one must not turn a mapping operation into one on another resource.
 */
export function storedMapping(
    props: Record<string, unknown>,
    id: string,
    operation: string,
    options: { tenantKnown: boolean } = { tenantKnown: true },
): MappingInputs {
    const stored = outputsAsInputs(props, id);
    const failures = validateStoredMapping(stored, id, options);
    if (failures.length === 0) return stored;
    throw refusalError("InvalidStoredState", {
        resource: "CustomerSubscriptionMapping",
        operation,
        id: JSON.stringify(id).slice(0, 200),
        failures: failures.map((f) => `${f.property}: ${f.reason}`).join(" "),
    });
}

/** The etag state holds for a mapping, if any: writes and deletes are conditional on it. */
export function storedEtag(props: Record<string, unknown>): string | undefined {
    return typeof props.etag === "string" && props.etag.length > 0 ? props.etag : undefined;
}

/** The previous inputs (check's own earlier output, or read's), or undefined for a new resource. */
export function previousInputs(olds: Record<string, unknown>): MappingInputs | undefined {
    if (!olds || typeof olds.customerSubscriptionId !== "string" || isUnknown(olds)) return undefined;
    return outputsAsInputs(olds);
}
