/**
 * CustomerSubscriptionMappingSet: all of one registration's tenant mappings as one Pulumi dynamic resource
 * (docs/sets.md: when to choose it over one CustomerSubscriptionMapping per mapping). Its inputs derive from the
 * mapping schema (set/schema.ts): the registration as for a mapping, and `mappings`, each entry a mapping.
 */
import * as pulumi from "@pulumi/pulumi";
import type { InputAtLevel, MappingArgs } from "./mapping/schema";
import { SET_INPUT_NAMES, SET_OUTPUT_NAMES, type SetEntry, type SetOutputs, type UndeclaredMode } from "./set/schema";
import { customerSubscriptionMappingSetProvider } from "./setProvider";

export type { SetEntry as CustomerSubscriptionMappingSetEntry, UndeclaredMode } from "./set/schema";

type RegistrationArgs = { [K in InputAtLevel<"registration">]?: pulumi.Input<NonNullable<MappingArgs[K]>> };

/** The set's inputs (docs/sets.md, "Inputs"), each a value or an Output of one. */
export type CustomerSubscriptionMappingSetArgs = RegistrationArgs & {
    /** Customer subscription id → tenant id, or → { tenantId, allowTenantReassignment?, adoptExisting? }. */
    mappings: pulumi.Input<Record<string, pulumi.Input<SetEntry>>>;
    /** Mappings in Azure the set does not declare: "ignore", "warn" (default), "fail" or "remove". */
    undeclared?: pulumi.Input<UndeclaredMode>;
    /** At most this many mappings deleted by one `up` (default 10). */
    maxDeletions?: pulumi.Input<number>;
};

/** The engine's type token of the dynamic resource: its URN names it. */
const TYPE = "pulumi-nodejs:dynamic/azurestack:CustomerSubscriptionMappingSet";

export interface CustomerSubscriptionMappingSet extends Readonly<{ [K in keyof SetOutputs]-?: pulumi.Output<SetOutputs[K]> }> {}

export class CustomerSubscriptionMappingSet extends pulumi.dynamic.Resource {
    constructor(name: string, args: CustomerSubscriptionMappingSetArgs, opts?: pulumi.CustomResourceOptions) {
        const props: Record<string, unknown> = {};
        for (const input of SET_INPUT_NAMES) props[input] = (args as Record<string, unknown>)[input];
        for (const output of SET_OUTPUT_NAMES) props[output] = undefined;
        // Not stored: check drops it. Lets the provider put its notices on this resource's row (engineLog.ts).
        props.__urn = pulumi.createUrn(name, TYPE, opts?.parent);
        super(customerSubscriptionMappingSetProvider, name, props, opts, "azurestack", "CustomerSubscriptionMappingSet");
    }
}
