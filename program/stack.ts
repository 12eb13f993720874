/**
 * The root stack: a CSP's tenant mappings declared as data in `Pulumi.<stack>.yaml`.
 *
 *   csp-tenant-mappings:registrations:   # one entry per Azure Stack Hub stamp
 *     west: { registrationSubscriptionId: ..., resourceGroup: azurestack, registrationName: azurestack-<CloudID> }
 *     east: { registrationId: /subscriptions/.../providers/Microsoft.AzureStack/registrations/..., set: true }
 *   csp-tenant-mappings:tenants:
 *     contoso: { tenantId: ..., customerSubscriptionId: ..., stamps: [west, east] }
 *
 * One CustomerSubscriptionMapping per (tenant, stamp), named `<tenant>@<stamp>`; or, for a registration whose config
 * says `set` (true, or the set's settings), one CustomerSubscriptionMappingSet named after the stamp holding all of
 * them (docs/sets.md). Runs under the Pulumi CLI (`main` in Pulumi.yaml) and as an Automation API inline program
 * (scripts/, tests, benchmark).
 */
import * as pulumi from "@pulumi/pulumi";
import {
    CustomerSubscriptionMapping,
    CustomerSubscriptionMappingSet,
    type CustomerSubscriptionMappingArgs,
    type CustomerSubscriptionMappingSetArgs,
    type CustomerSubscriptionMappingSetEntry,
    type RegistrationApiVersion,
    type UndeclaredMode,
} from "../provider";
import { mappingsResourceId } from "../provider/arm/ids";
import { parseRegistration } from "../provider/mapping/registration";
import { ENTRY_OPTIONS } from "../provider/set/schema";
import { CONFIG_NAMESPACE, DeclarationError, planMappings, planSets, registrationInputs, type PlannedMapping } from "./declarations";

export { CONFIG_NAMESPACE };

/** What the stack needs of a mapping resource; the benchmark's floor swaps in a no-op one. */
export interface MappingResource {
    id: pulumi.Output<string>;
    registrationId: pulumi.Output<string>;
    customerSubscriptionId: pulumi.Output<string>;
    tenantId: pulumi.Output<string>;
}
export type MappingFactory = (name: string, args: CustomerSubscriptionMappingArgs) => MappingResource;

/** What the stack needs of a set resource; the benchmark's floor swaps in a no-op one. */
export interface SetResource {
    id: pulumi.Output<string>;
    registrationId: pulumi.Output<string>;
    undeclaredMappings: pulumi.Output<Record<string, string>>;
    failedEntries: pulumi.Output<Record<string, string> | undefined>;
}
export type SetFactory = (name: string, args: CustomerSubscriptionMappingSetArgs) => SetResource;

const customerSubscriptionMapping: MappingFactory = (name, args) => new CustomerSubscriptionMapping(name, args);
const customerSubscriptionMappingSet: SetFactory = (name, args) => new CustomerSubscriptionMappingSet(name, args);

/**
 * The stack config's mappings, planned. A configuration problem stops the program as a RunError: Pulumi then
 * prints the problems (each with its config path) and no stack trace, which is noise to someone editing YAML.
 * The error carries no frames either: the SDK still formats a RunError with util.inspect (for its tracing
 * span), and on Node.js 20 and 22 that loops for about 20 s when a frame is source-mapped into the SDK's
 * sources (`node_modules/@pulumi/resource.ts`, as under ts-node), until it gives up (nodejs/node#64011).
 */
function declaredMappings(config: pulumi.Config): { planned: PlannedMapping[] } & ReturnType<typeof planSets> {
    try {
        const planned = planMappings(CONFIG_NAMESPACE, config.getObject("registrations"), config.getObject("tenants"));
        return { planned, ...planSets(CONFIG_NAMESPACE, planned) };
    } catch (error) {
        if (!(error instanceof DeclarationError)) throw error;
        const stop = new pulumi.RunError(error.message);
        stop.stack = `${stop.name}: ${stop.message}`;
        throw stop;
    }
}

export async function tenantMappingsStack(
    makeMapping: MappingFactory = customerSubscriptionMapping,
    makeSet: SetFactory = customerSubscriptionMappingSet,
): Promise<Record<string, unknown>> {
    const { planned, sets, singles } = declaredMappings(new pulumi.Config(CONFIG_NAMESPACE));

    const outputs = new Map<PlannedMapping, Record<string, unknown>>();
    for (const m of singles) {
        const { logicalName, tenant: _tenant, stamp: _stamp, registration: declared, ...entry } = m;
        const registration = registrationInputs(declared);
        const resource = makeMapping(logicalName, {
            ...registration,
            apiVersion: registration.apiVersion as RegistrationApiVersion | undefined,
            ...entry,
        });
        outputs.set(m, {
            id: resource.id,
            registrationId: resource.registrationId,
            customerSubscriptionId: resource.customerSubscriptionId,
            tenantId: resource.tenantId,
        });
    }
    const setOutputs: Record<string, unknown> = {};
    for (const s of sets) {
        const set = makeSet(s.stamp, {
            ...s.registration,
            apiVersion: s.registration.apiVersion as RegistrationApiVersion | undefined,
            mappings: Object.fromEntries(s.mappings.map((m) => [m.customerSubscriptionId, entryOf(m)])),
            undeclared: s.choice.undeclared as UndeclaredMode | undefined,
            maxDeletions: s.choice.maxDeletions,
        });
        // Each mapping's outputs are the set's declared entry under the registration's id as the set's check writes it
        // (the same parser): plain values, known at preview even for a new set, so a preview of a change to one entry
        // shows that entry. Not one Output per entry: at 5,000 entries those cost the SDK seconds in every preview
        // (docs/performance.md). `failedEntries` says what was not applied.
        const registrationId =
            parseRegistration(s.registration).registration?.id ?? set.id.apply((id) => id.replace(/\/customerSubscriptions$/, ""));
        for (const m of s.mappings) {
            outputs.set(m, {
                id:
                    typeof registrationId === "string"
                        ? `${mappingsResourceId(registrationId)}/${m.customerSubscriptionId}`
                        : pulumi.interpolate`${set.id}/${m.customerSubscriptionId}`,
                registrationId,
                customerSubscriptionId: m.customerSubscriptionId,
                tenantId: m.tenantId.toLowerCase(),
            });
        }
        setOutputs[s.stamp] = {
            id: set.id,
            mappings: s.mappings.length,
            undeclaredMappings: set.undeclaredMappings,
            failedEntries: set.failedEntries,
        };
    }

    const byStamp: Record<string, number> = {};
    for (const m of planned) byStamp[m.stamp] = (byStamp[m.stamp] ?? 0) + 1;
    return {
        mappingCount: planned.length,
        mappingsPerStamp: byStamp,
        mappings: Object.fromEntries(planned.map((m) => [m.logicalName, { stamp: m.stamp, tenant: m.tenant, ...outputs.get(m) }])),
        ...(sets.length > 0 ? { sets: setOutputs } : {}),
    };
}

/** A planned mapping as its set's entry: the tenant id, with the entry options the config sets. */
function entryOf(m: PlannedMapping): CustomerSubscriptionMappingSetEntry {
    const given = ENTRY_OPTIONS.filter((name) => m[name] !== undefined);
    return given.length === 0 ? m.tenantId : { tenantId: m.tenantId, ...Object.fromEntries(given.map((name) => [name, m[name]])) };
}
