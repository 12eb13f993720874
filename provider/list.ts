/**
 * Reading a registration's mappings from a Pulumi program (or any Node program): for reports, for
 * adopting mappings made elsewhere, or for checks in CI.
 */
import { armConnection } from "./arm/connection";
import { customerSubscriptionIdOf, listMappings, type RegistrationRef } from "./arm/registrations";
import { USER_AGENT } from "./lifecycle";
import { resolveSettings, type ConfigSource } from "./settings";
import { validateInputs, type ApiVersion } from "./validation";

export type RegistrationSelector =
    | { registrationId: string }
    | { registrationSubscriptionId: string; resourceGroup: string; registrationName: string };

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
export async function listCustomerSubscriptionMappings(registration: RegistrationSelector,
    options: ListOptions = {}): Promise<ListedMapping[]> {
    const probe = { ...registration, customerSubscriptionId: "00000000-0000-0000-0000-000000000000",
        tenantId: "00000000-0000-0000-0000-000000000000", apiVersion: options.apiVersion };
    const { inputs, failures } = validateInputs(probe);
    if (failures.length > 0) {
        throw new Error(`listCustomerSubscriptionMappings: ${failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    }
    const ref: RegistrationRef = { subscriptionId: inputs.registrationSubscriptionId, resourceGroup: inputs.resourceGroup,
        name: inputs.registrationName };
    const { client } = armConnection(resolveSettings(options.config), USER_AGENT);
    const mappings = await listMappings(client, ref, inputs.apiVersion, options.onPage);
    return mappings.map((m) => {
        const customerSubscriptionId = customerSubscriptionIdOf(m) ?? "";
        return {
            id: `${inputs.registrationId}/customerSubscriptions/${customerSubscriptionId}`,
            customerSubscriptionId,
            tenantId: m.properties?.tenantId?.toLowerCase() ?? "",
            etag: m.etag ?? null,
        };
    });
}
