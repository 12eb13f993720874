/**
 * Customers mapped on several Azure Stack Hub stamps. Every stamp has a registration of its own, and a
 * stamp bills a customer's usage only if the customer's tenant is mapped on that stamp's registration: a
 * customer on two stamps needs two mappings.
 *
 * The customers, and the stamps each one uses, are code (below). Where each stamp is registered is stack
 * config, so that a test stack and the production stack run the same program:
 *
 *   pulumi config set --path 'stamps.east' /subscriptions/<guid>/resourceGroups/azurestack/providers/Microsoft.AzureStack/registrations/azurestack-<CloudID>
 *   pulumi config set --path 'stamps.west' /subscriptions/<guid>/resourceGroups/azurestack/providers/Microsoft.AzureStack/registrations/azurestack-<CloudID>
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomerSubscriptionMapping } from "@azurestack-csp/tenant-mappings";

/** The stamps' names in this program; a customer naming any other stamp does not compile. */
type Stamp = "east" | "west";

interface Customer {
    /** The customer's Microsoft Entra tenant. */
    tenantId: string;
    /** The customer's CSP subscription, exactly as Partner Center shows it: Azure treats it as case sensitive. */
    customerSubscriptionId: string;
    stamps: Stamp[];
}

// Your customers go here (these ids are placeholders).
const customers: Record<string, Customer> = {
    contoso: {
        tenantId: "7e4a0001-0000-4000-8000-000000000001",
        customerSubscriptionId: "c5b50001-0000-4000-8000-000000000001",
        stamps: ["east", "west"],
    },
    fabrikam: {
        tenantId: "7e4a0002-0000-4000-8000-000000000002",
        customerSubscriptionId: "c5b50002-0000-4000-8000-000000000002",
        stamps: ["east"],
    },
    northwind: {
        tenantId: "7e4a0003-0000-4000-8000-000000000003",
        customerSubscriptionId: "c5b50003-0000-4000-8000-000000000003",
        stamps: ["west"],
    },
};

function multipleStamps() {
    const registrationIds = new pulumi.Config().requireObject<Partial<Record<Stamp, string>>>("stamps");

    const mappings: Record<string, CustomerSubscriptionMapping> = {};
    for (const [customerName, customer] of Object.entries(customers)) {
        for (const stamp of customer.stamps) {
            const registrationId = registrationIds[stamp];
            if (registrationId === undefined) {
                // A RunError: Pulumi prints its message alone, without the program's stack trace. Its stack is
                // cut to the message too: Pulumi still formats the error for its trace, and Node.js 20 and 22
                // take about 20 s and 1.5 GB to colour a stack that runs through Pulumi's SDK (nodejs/node#64011).
                const error = new pulumi.RunError(
                    `Customer '${customerName}' uses stamp '${stamp}', which stack config 'stamps' does not have: ` +
                        `pulumi config set --path 'stamps.${stamp}' <the stamp's registration id>`,
                );
                error.stack = error.message;
                throw error;
            }
            // The resource name is the mapping's identity in state: renaming it later replaces the mapping.
            const name = `${customerName}@${stamp}`;
            mappings[name] = new CustomerSubscriptionMapping(name, {
                registrationId,
                customerSubscriptionId: customer.customerSubscriptionId,
                tenantId: customer.tenantId,
            });
        }
    }

    // What Azure holds for each mapping, for review after `pulumi up` (`pulumi stack output mappings`).
    return {
        mappings: Object.fromEntries(
            Object.entries(mappings).map(([name, mapping]) => [
                name,
                {
                    registrationId: mapping.registrationId,
                    customerSubscriptionId: mapping.customerSubscriptionId,
                    tenantId: mapping.tenantId,
                },
            ]),
        ),
    };
}

// The Pulumi Node.js runtime calls an exported function and makes its result the stack outputs.
export = multipleStamps;
