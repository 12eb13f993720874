/**
 * The plugin's functions (invokes) and their part of the package schema: `listCustomerSubscriptionMappings`,
 * the same listing TypeScript programs import (list.ts), for YAML's `fn::invoke` and Python's
 * `list_customer_subscription_mappings`.
 */
import { listCustomerSubscriptionMappings, type RegistrationSelector } from "../list";
import { MAPPING_PROPERTIES, type ApiVersion } from "../mapping/schema";
import { PACKAGE_NAME, propertyOf, type PackageSchemaParts } from "../packageSchema";
import { sessionConfig } from "../session";

export const LIST_TOKEN = `${PACKAGE_NAME}:index:listCustomerSubscriptionMappings`;
const LISTED_MAPPING_TOKEN = `${PACKAGE_NAME}:index:ListedMapping`;
const SELECTOR_INPUTS = ["registrationId", "registrationSubscriptionId", "resourceGroup", "registrationName", "apiVersion"] as const;

type Invoke = (args: Record<string, unknown>) => Promise<{ outputs: Record<string, unknown> }>;

export const FUNCTIONS: Readonly<Record<string, Invoke>> = {
    [LIST_TOKEN]: async (args) => {
        const mappings = await listCustomerSubscriptionMappings(args as unknown as RegistrationSelector, {
            apiVersion: args.apiVersion as ApiVersion | undefined,
            config: sessionConfig(),
        });
        return { outputs: { mappings } };
    },
};

/** The functions and the types they return, for packageSchema(). */
export function functionSchemas(): Required<Pick<PackageSchemaParts, "functions" | "types">> {
    const text = (description: string) => ({ type: "string", description });
    return {
        functions: {
            [LIST_TOKEN]: {
                description:
                    "All mappings of a registration, following ARM's nextLink. Name the registration by registrationId or by " +
                    "registrationSubscriptionId, resourceGroup and registrationName.",
                inputs: {
                    type: "object",
                    properties: Object.fromEntries(SELECTOR_INPUTS.map((name) => [name, propertyOf(MAPPING_PROPERTIES[name])])),
                },
                outputs: {
                    type: "object",
                    properties: {
                        mappings: { type: "array", items: { $ref: `#/types/${LISTED_MAPPING_TOKEN}` }, description: "The mappings." },
                    },
                    required: ["mappings"],
                },
            },
        },
        types: {
            [LISTED_MAPPING_TOKEN]: {
                type: "object",
                description: "One mapping of a registration.",
                properties: {
                    id: text("The mapping's ARM id."),
                    customerSubscriptionId: text(MAPPING_PROPERTIES.customerSubscriptionId.doc),
                    tenantId: text(MAPPING_PROPERTIES.tenantId.doc),
                    etag: text(MAPPING_PROPERTIES.etag.doc),
                },
                required: ["id", "customerSubscriptionId", "tenantId"],
            },
        },
    };
}
