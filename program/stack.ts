/**
 * The root stack: a CSP's tenant mappings declared as data in `Pulumi.<stack>.yaml`.
 *
 *   csp-tenant-mappings:registrations:   # one entry per Azure Stack Hub stamp
 *     west: { registrationSubscriptionId: ..., resourceGroup: azurestack, registrationName: azurestack-<CloudID> }
 *     east: { registrationId: /subscriptions/.../providers/Microsoft.AzureStack/registrations/... }
 *   csp-tenant-mappings:tenants:
 *     contoso: { tenantId: ..., customerSubscriptionId: ..., stamps: [west, east] }
 *
 * One CustomerSubscriptionMapping per (tenant, stamp), named `<tenant>@<stamp>`. Runs under the Pulumi CLI
 * (`main` in Pulumi.yaml) and as an Automation API inline program (scripts/, tests, benchmark).
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomerSubscriptionMapping, type CustomerSubscriptionMappingArgs, type RegistrationApiVersion } from "../provider";
import { CONFIG_NAMESPACE, planMappings } from "./declarations";

export { CONFIG_NAMESPACE };

/** What the stack needs of a mapping resource; the benchmark's floor swaps in a no-op one. */
export interface MappingResource {
    id: pulumi.Output<string>;
    registrationId: pulumi.Output<string>;
    customerSubscriptionId: pulumi.Output<string>;
    tenantId: pulumi.Output<string>;
}
export type MappingFactory = (name: string, args: CustomerSubscriptionMappingArgs) => MappingResource;

const customerSubscriptionMapping: MappingFactory = (name, args) => new CustomerSubscriptionMapping(name, args);

export async function tenantMappingsStack(makeMapping: MappingFactory = customerSubscriptionMapping): Promise<Record<string, unknown>> {
    const config = new pulumi.Config(CONFIG_NAMESPACE);
    const planned = planMappings(CONFIG_NAMESPACE, config.getObject("registrations"), config.getObject("tenants"));

    const mappings = planned.map(({ logicalName, tenant, stamp, registration, ...entry }) => ({
        plan: { logicalName, tenant, stamp },
        resource: makeMapping(logicalName, {
            ...registration,
            apiVersion: registration.apiVersion as RegistrationApiVersion | undefined,
            ...entry,
        }),
    }));

    const byStamp: Record<string, number> = {};
    for (const { plan } of mappings) byStamp[plan.stamp] = (byStamp[plan.stamp] ?? 0) + 1;
    return {
        mappingCount: mappings.length,
        mappingsPerStamp: byStamp,
        mappings: Object.fromEntries(
            mappings.map(({ plan, resource }) => [
                plan.logicalName,
                {
                    stamp: plan.stamp,
                    tenant: plan.tenant,
                    id: resource.id,
                    registrationId: resource.registrationId,
                    customerSubscriptionId: resource.customerSubscriptionId,
                    tenantId: resource.tenantId,
                },
            ]),
        ),
    };
}
