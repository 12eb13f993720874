/**
 * The minimal stack: one tenant mapping, everything from stack config.
 *
 *   pulumi config set registrationSubscriptionId <guid>     # the subscription the stamp is registered with
 *   pulumi config set registrationName azurestack-<CloudID>
 *   pulumi config set resourceGroup <name>                  # optional: azurestack by default
 *   pulumi config set customerSubscriptionId <guid>     # the customer's CSP subscription
 *   pulumi config set tenantId <guid>                   # the customer's Microsoft Entra tenant
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomerSubscriptionMapping } from "@azurestack-csp/tenant-mappings";

function singleMapping() {
    const config = new pulumi.Config();
    const mapping = new CustomerSubscriptionMapping("customer", {
        registrationSubscriptionId: config.require("registrationSubscriptionId"),
        resourceGroup: config.get("resourceGroup") ?? "azurestack",
        registrationName: config.require("registrationName"),
        customerSubscriptionId: config.require("customerSubscriptionId"),
        tenantId: config.require("tenantId"),
    });
    return { mappingId: mapping.id, tenantId: mapping.tenantId, etag: mapping.etag };
}

// The Pulumi Node.js runtime calls an exported function and makes its result the stack outputs.
export = singleMapping;
