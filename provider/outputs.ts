/**
 * The shapes a mapping takes between the engine and Azure: outputs after a write or a read, stored state read
 * back as inputs, and a written mapping as a listing would hold it.
 */
import { mappingResourceId, parseMappingId, registrationResourceId, type RegistrationRef } from "./arm/ids";
import { MAPPING_TYPE, type CustomerSubscriptionResource } from "./arm/registrations";
import { PartialWriteError, refusalError } from "./errors";
import { isUnknown, validateStoredMapping, type MappingInputs } from "./validation";

/** What create/read/update return: the normalised inputs plus what Azure says about the mapping. */
export interface MappingOutputs extends MappingInputs {
    name: string;
    type: string;
    /**
     * null when Azure answered the PUT with 201 and no body or ETag header, as Microsoft's "Register tenants for
     * usage tracking in Azure Stack Hub" page shows.
     */
    etag: string | null;
}

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

export function pickInputs(inputs: MappingInputs): MappingInputs {
    return {
        registrationId: inputs.registrationId,
        registrationSubscriptionId: inputs.registrationSubscriptionId,
        resourceGroup: inputs.resourceGroup,
        registrationName: inputs.registrationName,
        customerSubscriptionId: inputs.customerSubscriptionId,
        tenantId: inputs.tenantId,
        apiVersion: inputs.apiVersion,
        allowTenantReassignment: inputs.allowTenantReassignment,
        ...(inputs.adoptExisting === undefined ? {} : { adoptExisting: inputs.adoptExisting }),
    };
}

/** Stored outputs (or old inputs) back in input form; the ARM id fills in anything missing. */
export function outputsAsInputs(stored: Record<string, unknown>, id?: string): MappingInputs {
    const fromId = id ? parseMappingId(id) : undefined;
    const text = (key: string, fallback = "") => (typeof stored[key] === "string" ? (stored[key] as string) : fallback);
    const registrationSubscriptionId = text("registrationSubscriptionId", fromId?.subscriptionId);
    const resourceGroup = text("resourceGroup", fromId?.resourceGroup);
    const registrationName = text("registrationName", fromId?.name);
    return {
        registrationId: registrationResourceId(registrationSubscriptionId, resourceGroup, registrationName),
        registrationSubscriptionId,
        resourceGroup,
        registrationName,
        customerSubscriptionId: text("customerSubscriptionId", fromId?.customerSubscriptionId),
        tenantId: text("tenantId").toLowerCase(),
        apiVersion: text("apiVersion", "2017-06-01"),
        allowTenantReassignment: stored.allowTenantReassignment === true,
        ...(typeof stored.adoptExisting === "boolean" ? { adoptExisting: stored.adoptExisting } : {}),
    };
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
