/**
 * Reading a registration's mappings from a Pulumi program (or any Node program): for reports, for
 * adopting mappings made elsewhere, or for checks in CI.
 */
import { armConnection } from "./arm/connection";
import { customerSubscriptionIdOf, mappingResourceId } from "./arm/ids";
import { listMappings, type CustomerSubscriptionResource } from "./arm/registrations";
import { refusalError } from "./errors";
import { parseRegistration } from "./mapping/registration";
import { API_VERSIONS, DEFAULT_API_VERSION, type ApiVersion } from "./mapping/schema";
import { Failures } from "./mapping/failures";
import { GUID, shown } from "./mapping/values";
import type { Locale } from "./messages";
import { resolveSettings, type ConfigSource } from "./settings";

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
    const settings = resolveSettings(options.config);
    const { registration: ref, failures } = parseRegistration(registration, settings.locale);
    const apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
    if (!(API_VERSIONS as readonly string[]).includes(apiVersion)) {
        const refused = new Failures(settings.locale);
        refused.add("apiVersion", {
            kind: "apiVersion",
            versions: API_VERSIONS,
            defaultVersion: DEFAULT_API_VERSION,
            got: shown(apiVersion),
        });
        failures.push(...refused.list);
    }
    if (failures.length > 0 || !ref) {
        throw refusalError(
            "InvalidRegistrationSelector",
            { failures: failures.map((f) => `${f.property}: ${f.reason}`).join("; ") },
            { locale: settings.locale },
        );
    }
    const { client } = armConnection(settings);
    const mappings = await listMappings(client, ref, apiVersion, options.onPage);
    return mappings.map((m, index) => listedMapping(m, index, ref.id, settings.locale));
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
