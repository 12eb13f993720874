/**
 * Tenant mappings on a registration that azure-native looks up (or manages): the registration's `id`
 * feeds `registrationId`, so nothing is typed twice. Needs the azure-native provider plugin, so the test
 * suite type-checks this example but does not deploy it.
 *
 *   pulumi config set azure-native:subscriptionId <registration subscription>
 *   pulumi config set registrationName azurestack-<CloudID>
 */
import * as pulumi from "@pulumi/pulumi";
import * as azurestack from "@pulumi/azure-native/azurestack";
import { CustomerSubscriptionMapping } from "azurestack-tenant-mappings";

const config = new pulumi.Config();
const registration = azurestack.getRegistrationOutput({
    resourceGroup: config.get("resourceGroup") ?? "azurestack",
    registrationName: config.require("registrationName"),
});

const customers: Record<string, { tenantId: string; customerSubscriptionId: string }> =
    config.requireObject("customers");

export const mappings = Object.entries(customers).map(([name, customer]) =>
    new CustomerSubscriptionMapping(name, {
        registrationId: registration.id,
        customerSubscriptionId: customer.customerSubscriptionId,
        tenantId: customer.tenantId,
        // azure-native's own default API version for this resource type; ours defaults to the seeds' 2017-06-01.
        apiVersion: "2022-06-01",
    }).id);

export const billingModel = registration.billingModel;
