/**
 * CustomerSubscriptionMapping: one Azure Stack Hub tenant mapping
 * (Microsoft.AzureStack/registrations/{registration}/customerSubscriptions/{customerSubscriptionId}).
 */
import * as pulumi from "@pulumi/pulumi";
import { customerSubscriptionMappingProvider } from "./provider";

export type RegistrationApiVersion = "2017-06-01" | "2020-06-01-preview" | "2022-03-01" | "2022-06-01";

export interface CustomerSubscriptionMappingArgs {
    /**
     * The registration's full ARM id, e.g. an azure-native `azurestack.Registration`'s `id`:
     * `/subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.AzureStack/registrations/<name>`.
     * Use this or the three registration fields below, not both.
     */
    registrationId?: pulumi.Input<string>;
    /** The Azure subscription used to register the Azure Stack Hub (a GUID). */
    registrationSubscriptionId?: pulumi.Input<string>;
    /** The resource group holding the registration, usually `azurestack`. */
    resourceGroup?: pulumi.Input<string>;
    /** The registration's name, usually `azurestack-<CloudID>`. */
    registrationName?: pulumi.Input<string>;
    /**
     * The customer's Azure subscription, created in the CSP offer in Partner Center (a GUID).
     * Case sensitive: changing only its letter case replaces the mapping (delete first, then create).
     */
    customerSubscriptionId: pulumi.Input<string>;
    /** The customer's Microsoft Entra tenant (a GUID). Changing it updates the mapping in place. */
    tenantId: pulumi.Input<string>;
    /** @default "2017-06-01" */
    apiVersion?: pulumi.Input<RegistrationApiVersion>;
    /**
     * Allow this mapping to take over a tenant or subscription that is already mapped elsewhere on the
     * registration (outside this resource). Azure keeps one subscription per tenant, so the other mapping
     * is overwritten.
     * @default false
     */
    allowTenantReassignment?: pulumi.Input<boolean>;
    /**
     * Take over a mapping of this customer subscription to this tenant that already exists (made by hand,
     * or by a stack you are migrating from) without writing to Azure; the adoption is logged. false: creating
     * a mapping that exists fails at preview (MappingAlreadyExists), for stacks that must never share one.
     * An existing mapping to another tenant is never adopted (see allowTenantReassignment).
     * @default the provider setting `azurestack-tenant-mappings:adoptExisting`, itself true by default
     */
    adoptExisting?: pulumi.Input<boolean>;
}

export class CustomerSubscriptionMapping extends pulumi.dynamic.Resource {
    /** The registration's ARM id, normalised. */
    declare readonly registrationId: pulumi.Output<string>;
    declare readonly registrationSubscriptionId: pulumi.Output<string>;
    declare readonly resourceGroup: pulumi.Output<string>;
    declare readonly registrationName: pulumi.Output<string>;
    declare readonly customerSubscriptionId: pulumi.Output<string>;
    /** The tenant Azure has for this mapping (lower case). */
    declare readonly tenantId: pulumi.Output<string>;
    declare readonly apiVersion: pulumi.Output<string>;
    declare readonly allowTenantReassignment: pulumi.Output<boolean>;
    declare readonly adoptExisting: pulumi.Output<boolean | undefined>;
    /** The mapping's ARM name: the customer subscription id. */
    declare readonly name: pulumi.Output<string>;
    /** `Microsoft.AzureStack/registrations/customerSubscriptions`. */
    declare readonly type: pulumi.Output<string>;
    /** The mapping's etag, or null when Azure did not return one (201 Created with an empty body). */
    declare readonly etag: pulumi.Output<string | null>;

    constructor(name: string, args: CustomerSubscriptionMappingArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            customerSubscriptionMappingProvider,
            name,
            {
                registrationId: args.registrationId,
                registrationSubscriptionId: args.registrationSubscriptionId,
                resourceGroup: args.resourceGroup,
                registrationName: args.registrationName,
                customerSubscriptionId: args.customerSubscriptionId,
                tenantId: args.tenantId,
                apiVersion: args.apiVersion,
                allowTenantReassignment: args.allowTenantReassignment,
                adoptExisting: args.adoptExisting,
                name: undefined,
                type: undefined,
                etag: undefined,
            },
            opts,
            "azurestack",
            "CustomerSubscriptionMapping",
        );
    }
}
