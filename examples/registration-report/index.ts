/**
 * Reads every mapping of a registration (following nextLink) and reports the ones this stack does not
 * manage: a starting point for adopting mappings made by hand into the root stack's data.
 *
 *   pulumi config set registrationId /subscriptions/<guid>/resourceGroups/azurestack/providers/Microsoft.AzureStack/registrations/<name>
 *   pulumi config set --path 'managedSubscriptions[0]' <guid>
 */
import * as pulumi from "@pulumi/pulumi";
import { listCustomerSubscriptionMappings } from "@azurestack-csp/tenant-mappings";

async function registrationReport() {
    const config = new pulumi.Config();
    const registrationId = config.require("registrationId");
    const managed = new Set((config.getObject<string[]>("managedSubscriptions") ?? []).map((s) => s.toLowerCase()));
    const mappings = await listCustomerSubscriptionMappings({ registrationId });
    const unmanaged = mappings.filter((m) => !managed.has(m.customerSubscriptionId.toLowerCase()));
    return {
        total: mappings.length,
        tenants: mappings.map((m) => m.tenantId).sort(),
        notManagedHere: unmanaged.map((m) => ({ customerSubscriptionId: m.customerSubscriptionId, tenantId: m.tenantId })),
    };
}

// The Pulumi Node.js runtime calls an exported function and makes its result the stack outputs.
export = registrationReport;
