/**
 * Reading a registration's mappings from a Pulumi program (or any Node program): for reports, for
 * adopting mappings made elsewhere, or for checks in CI.
 */
import { armConnection, USER_AGENT } from "./arm/connection";
import { customerSubscriptionIdOf, mappingResourceId, type RegistrationRef } from "./arm/ids";
import { listMappings, type CustomerSubscriptionResource } from "./arm/registrations";
import { refusalError } from "./errors";
import type { Locale } from "./messages";
import { resolveSettings, type ConfigSource } from "./settings";
import { GUID, validateInputs, type ApiVersion } from "./validation";

export type RegistrationSelector =
    { registrationId: string } | { registrationSubscriptionId: string; resourceGroup: string; registrationName: string };

export interface ListedMapping {
    /** The mapping's ARM id. */
    id: string;
    customerSubscriptionId: string;
    tenantId: string;
    etag: string | null;
}

export interface ListOptions {
    apiVersion?: ApiVersion;
    /** Where `azure-native:*` and `azurestack-tenant-mappings:*` settings come from; default: environment only. */
    config?: ConfigSource;
    /** Called after each page of a long listing (ARM pages them). */
    onPage?: (mappingsSoFar: number, pages: number) => void;
}

/** All mappings of a registration, following nextLink. Validates the selector first, like the resource does. */
export async function listCustomerSubscriptionMappings(
    registration: RegistrationSelector,
    options: ListOptions = {},
): Promise<ListedMapping[]> {
    const probe = {
        ...registration,
        customerSubscriptionId: "00000000-0000-0000-0000-000000000000",
        tenantId: "00000000-0000-0000-0000-000000000000",
        apiVersion: options.apiVersion,
    };
    const { inputs, failures } = validateInputs(probe);
    if (failures.length > 0) {
        throw refusalError("InvalidRegistrationSelector", { failures: failures.map((f) => `${f.property}: ${f.reason}`).join("; ") });
    }
    const ref: RegistrationRef = {
        subscriptionId: inputs.registrationSubscriptionId,
        resourceGroup: inputs.resourceGroup,
        name: inputs.registrationName,
    };
    const settings = resolveSettings(options.config);
    const { client } = armConnection(settings, USER_AGENT);
    const mappings = await listMappings(client, ref, inputs.apiVersion, options.onPage);
    return mappings.map((m, index) => listedMapping(m, index, inputs.registrationId, settings.locale));
}

/**
 * One mapping of ARM's answer as the listing gives it. Its ids are stored by callers (export writes them into
 * the stack config) and printed (reports, issues), so anything but a GUID refuses the whole listing: no
 * half-read registration looks complete. Exported for tests.
 */
export function listedMapping(
    resource: CustomerSubscriptionResource,
    index: number,
    registrationId: string,
    locale?: Locale,
): ListedMapping {
    const guid = (value: unknown, what: string) => armGuid(value, what, { position: index + 1, registrationId }, locale);
    const customerSubscriptionId = guid(customerSubscriptionIdOf(resource), "customer subscription id");
    return {
        id: mappingResourceId(registrationId, customerSubscriptionId),
        customerSubscriptionId,
        tenantId: guid(resource.properties?.tenantId, "tenantId").toLowerCase(),
        etag: resource.etag ?? null,
    };
}

function armGuid(value: unknown, what: string, where: { position: number; registrationId: string }, locale?: Locale): string {
    if (typeof value === "string" && GUID.test(value)) return value;
    const shown = typeof value === "string" ? JSON.stringify(value.slice(0, 80)) : String(value);
    throw refusalError("InvalidArmResponse", { ...where, what, shown }, { locale });
}
