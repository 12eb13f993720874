/**
 * Tenant mappings on a registration taken from @pulumi/azure-native: the registration's `id` feeds each
 * mapping's `registrationId`, so the registration is named once and every mapping depends on it.
 *
 *   pulumi config set azure-native:subscriptionId <the subscription the stamp is registered with>
 *   pulumi config set registrationName azurestack-<CloudID>
 *   pulumi config set --path 'customers.contoso.tenantId' <guid>                 # one entry per customer
 *   pulumi config set --path 'customers.contoso.customerSubscriptionId' <guid>
 *
 * A stamp registered by Set-AzsRegistration is looked up and left alone. To have this stack register a new
 * stamp instead, also set the token that Get-AzsRegistrationToken prints on the stamp:
 *
 *   pulumi config set --secret registrationToken <token>
 *
 * Needs the azure-native provider plugin, so the test suite type-checks this example but does not deploy it.
 */
import * as pulumi from "@pulumi/pulumi";
import * as azurestack from "@pulumi/azure-native/azurestack";
import { CustomerSubscriptionMapping } from "@azurestack-csp/tenant-mappings";

interface Customer {
    tenantId: string;
    customerSubscriptionId: string;
}

const config = new pulumi.Config();
const resourceGroup = config.get("resourceGroup") ?? "azurestack";
const registrationName = config.require("registrationName");
const registrationToken = config.getSecret("registrationToken");

const registration =
    registrationToken === undefined
        ? azurestack.getRegistrationOutput({ resourceGroup, registrationName })
        : // Deleting a registration unregisters the stamp: protected, so `pulumi destroy` stops short of it.
          new azurestack.Registration(
              "registration",
              {
                  resourceGroup,
                  registrationName,
                  registrationToken,
                  location: azurestack.Location.Global,
              },
              { protect: true },
          );

const customers = config.requireObject<Record<string, Customer>>("customers");

export const mappings = Object.fromEntries(
    Object.entries(customers).map(([name, customer]) => {
        const mapping = new CustomerSubscriptionMapping(name, {
            // Unknown at preview while a new registration is being created: the preview then checks only the
            // inputs, and `pulumi up` checks the registration once it exists.
            registrationId: registration.id,
            customerSubscriptionId: customer.customerSubscriptionId,
            tenantId: customer.tenantId,
            // azure-native's API version for this resource type; this package's default is 2017-06-01.
            apiVersion: "2022-06-01",
        });
        return [name, mapping.id];
    }),
);

export const billingModel = registration.billingModel;
