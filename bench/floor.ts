/**
 * The floor: the root stack's shape made of no-op dynamic resources. Same configuration, same planning
 * (program/declarations.ts), same resource names, inputs and declared outputs, and the same state: check
 * fills in the normalised inputs ours records (registrationId, apiVersion, the two flags), create returns
 * the same outputs, so the engine stores, sends and checkpoints the same data. Same engine and parallelism,
 * a provider about as small as ours (seven methods that capture nothing), but no validation, no credential
 * and no HTTP. What the engine and the dynamic-provider host cost by themselves; CustomerSubscriptionMapping
 * is measured against it.
 */
import * as pulumi from "@pulumi/pulumi";
import { tenantMappingsStack } from "../program/stack";

type Props = Record<string, unknown>;

/**
 * Serialized into state for every resource, like ours: seven methods that capture nothing, about the same
 * size once serialized (the benchmark reports both sizes).
 */
export const floorProvider: pulumi.dynamic.ResourceProvider = {
    configure: async () => undefined,
    check: async (_olds: Props, news: Props) => ({
        inputs: {
            ...news,
            registrationId:
                `/subscriptions/${news.registrationSubscriptionId}` +
                `/resourceGroups/${news.resourceGroup}/providers/Microsoft.AzureStack/registrations/${news.registrationName}`,
            apiVersion: news.apiVersion ?? "2017-06-01",
            allowTenantReassignment: news.allowTenantReassignment ?? false,
            adoptExisting: news.adoptExisting ?? false,
        },
    }),
    diff: async (_id: string, olds: Props, news: Props) => ({
        changes: ["registrationSubscriptionId", "resourceGroup", "registrationName", "customerSubscriptionId", "tenantId"].some(
            (k) => olds[k] !== news[k],
        ),
    }),
    create: async (inputs: Props) => ({
        id: `${inputs.registrationId}/customerSubscriptions/${inputs.customerSubscriptionId}`,
        outs: {
            ...inputs,
            name: inputs.customerSubscriptionId,
            type: "Microsoft.AzureStack/registrations/customerSubscriptions",
            etag: `"${inputs.customerSubscriptionId}"`,
        },
    }),
    read: async (id: string, props?: Props) => ({ id, props: props ?? {}, inputs: props ?? {} }),
    update: async (_id: string, olds: Props, news: Props) => ({ outs: { ...olds, ...news } }),
    delete: async () => undefined,
};

interface FloorArgs {
    registrationSubscriptionId?: string;
    resourceGroup?: string;
    registrationName?: string;
    customerSubscriptionId: string;
    tenantId: string;
}

export class FloorMapping extends pulumi.dynamic.Resource {
    declare readonly registrationId: pulumi.Output<string>;
    declare readonly customerSubscriptionId: pulumi.Output<string>;
    declare readonly tenantId: pulumi.Output<string>;

    constructor(name: string, args: FloorArgs) {
        super(
            floorProvider,
            name,
            {
                registrationId: undefined,
                registrationSubscriptionId: args.registrationSubscriptionId,
                resourceGroup: args.resourceGroup,
                registrationName: args.registrationName,
                customerSubscriptionId: args.customerSubscriptionId,
                tenantId: args.tenantId,
                apiVersion: undefined,
                allowTenantReassignment: undefined,
                adoptExisting: undefined,
                name: undefined,
                type: undefined,
                etag: undefined,
            },
            undefined,
            "bench",
            "FloorMapping",
        );
    }
}

/** The root stack's program itself, with FloorMapping in place of CustomerSubscriptionMapping. */
export function floorStack(): Promise<Record<string, unknown>> {
    return tenantMappingsStack((name, args) => new FloorMapping(name, args as FloorArgs));
}
