/**
 * The ARM ids and URL paths of a registration and its mappings, built and parsed here only. Shape from
 * Microsoft's "Register tenants for usage tracking in Azure Stack Hub" page:
 * /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.AzureStack/registrations/{name}/customerSubscriptions/{id}.
 * An id is text for state and messages; a path is the same id with each segment checked and encoded for a URL.
 */

export interface RegistrationRef {
    subscriptionId: string;
    resourceGroup: string;
    name: string;
}

/** A registration's id; the subscription, resource group and name are captured. */
export const REGISTRATION_ID =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.AzureStack\/registrations\/([^/]+)$/i;

const MAPPING_ID =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.AzureStack\/registrations\/([^/]+)\/customerSubscriptions\/([^/]+)$/i;

export function registrationResourceId(subscriptionId: string, resourceGroup: string, registrationName: string): string {
    return (
        `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}` +
        `/providers/Microsoft.AzureStack/registrations/${registrationName}`
    );
}

export function mappingResourceId(registrationId: string, customerSubscriptionId: string): string {
    return `${mappingsResourceId(registrationId)}/${customerSubscriptionId}`;
}

/** The collection of a registration's mappings: a registration set's id. */
export function mappingsResourceId(registrationId: string): string {
    return `${registrationId}/customerSubscriptions`;
}

/** Whether a mapping id ends in this customer subscription id, spelled exactly so (the id is case sensitive). */
export function mappingIdNames(id: string, customerSubscriptionId: string): boolean {
    return id.endsWith(`/customerSubscriptions/${customerSubscriptionId}`);
}

export function parseMappingId(id: string): (RegistrationRef & { customerSubscriptionId: string }) | undefined {
    const match = MAPPING_ID.exec(id);
    return match ? { subscriptionId: match[1], resourceGroup: match[2], name: match[3], customerSubscriptionId: match[4] } : undefined;
}

/** The customer subscription id a listed or read mapping is named by, exactly as Azure spells it. */
export function customerSubscriptionIdOf(mapping: { id?: string; name?: string }): string | undefined {
    return lastSegment(mapping.id) ?? lastSegment(mapping.name);
}

function lastSegment(value: string | undefined): string | undefined {
    return value?.trim().split("/").filter(Boolean).pop()?.trim() || undefined;
}

export function registrationPath(ref: RegistrationRef): string {
    return (
        `/subscriptions/${segment(ref.subscriptionId, "registrationSubscriptionId")}` +
        `/resourceGroups/${segment(ref.resourceGroup, "resourceGroup")}` +
        `/providers/Microsoft.AzureStack/registrations/${segment(ref.name, "registrationName")}`
    );
}

export function mappingsPath(ref: RegistrationRef): string {
    return `${registrationPath(ref)}/customerSubscriptions`;
}

export function mappingPath(ref: RegistrationRef, customerSubscriptionId: string): string {
    return `${mappingsPath(ref)}/${segment(customerSubscriptionId, "customerSubscriptionId")}`;
}

/**
 * One encoded path segment. The last line of defence, whatever validated the value before: an empty, "." or
 * ".." segment is resolved away by URL normalisation (`…/registrations/<name>/customerSubscriptions/..` is the
 * registration itself), so such a value would turn a mapping operation into one on another resource.
 */
function segment(value: string, property: string): string {
    if (typeof value !== "string" || value.trim() === "" || value === "." || value === "..") {
        throw new UnsafePathSegmentError(property, value);
    }
    return encodeURIComponent(value);
}

/** Thrown before any request when a value would not stay one segment of the mapping's URL. */
export class UnsafePathSegmentError extends Error {
    constructor(
        readonly property: string,
        value: unknown,
    ) {
        super(
            `${property} ${JSON.stringify(value)} cannot be part of an ARM path (empty, '.' or '..' would address ` +
                "another resource); nothing was sent to Azure.",
        );
        this.name = "UnsafePathSegmentError";
    }
}

/** ARM matches ids, names and GUIDs without regard to letter case. */
export function equalIgnoringCase(a: string | undefined, b: string | undefined): boolean {
    return (a ?? "").toLowerCase() === (b ?? "").toLowerCase();
}
