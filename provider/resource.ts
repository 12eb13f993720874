/**
 * CustomerSubscriptionMapping: one Azure Stack Hub tenant mapping
 * (Microsoft.AzureStack/registrations/{registration}/customerSubscriptions/{customerSubscriptionId}), as a
 * Pulumi dynamic resource. Its inputs and outputs are the mapping schema's (mapping/schema.ts, and the
 * README's inputs table generated from it).
 */
import * as pulumi from "@pulumi/pulumi";
import { customerSubscriptionMappingProvider } from "./provider";
import { AZURE_OUTPUT_NAMES, INPUT_NAMES, type ApiVersion, type MappingArgs, type MappingOutputs } from "./mapping/schema";

export type RegistrationApiVersion = ApiVersion;

/** The mapping's inputs (README, "Inputs"), each a value or an Output of one. */
export type CustomerSubscriptionMappingArgs = { [K in keyof MappingArgs]: pulumi.Input<NonNullable<MappingArgs[K]>> };

/** The engine's type token of the dynamic resource: its URN names it. */
const TYPE = "pulumi-nodejs:dynamic/azurestack:CustomerSubscriptionMapping";

export interface CustomerSubscriptionMapping extends Readonly<{ [K in keyof MappingOutputs]-?: pulumi.Output<MappingOutputs[K]> }> {}

export class CustomerSubscriptionMapping extends pulumi.dynamic.Resource {
    constructor(name: string, args: CustomerSubscriptionMappingArgs, opts?: pulumi.CustomResourceOptions) {
        const props: Record<string, unknown> = {};
        for (const input of INPUT_NAMES) props[input] = args[input];
        for (const output of AZURE_OUTPUT_NAMES) props[output] = undefined;
        // Not stored: check drops it. The provider host hands providers no URN, and this one lets the provider
        // print its notices under this resource (engineLog.ts).
        props.__urn = pulumi.createUrn(name, TYPE, opts?.parent);
        super(customerSubscriptionMappingProvider, name, props, opts, "azurestack", "CustomerSubscriptionMapping");
    }
}
