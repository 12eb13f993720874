/**
 * The Microsoft.AzureStack registration operations this product uses, typed, on top of ArmClient.
 * Their paths are built in ids.ts.
 */
import { AzureStackRegistrationError, type ErrorContext } from "../errors";
import type { ArmClient } from "./client";
import { mappingPath, mappingsPath, registrationPath, type RegistrationRef } from "./ids";

export interface RegistrationResource {
    id?: string;
    name?: string;
    type?: string;
    location?: string;
    etag?: string;
    properties?: { objectId?: string; cloudId?: string; billingModel?: string };
}

export interface CustomerSubscriptionResource {
    id?: string;
    name?: string;
    type?: string;
    etag?: string;
    properties?: { tenantId?: string };
}

export interface PutMappingResult {
    status: number;
    /**
     * Present when Azure answered 200 with the resource (the REST spec); absent for 201 with an empty body, as
     * Microsoft's "Register tenants for usage tracking in Azure Stack Hub" page shows.
     */
    resource?: CustomerSubscriptionResource;
    etag?: string;
}

export const MAPPING_TYPE = "Microsoft.AzureStack/registrations/customerSubscriptions";

const NOT_FOUND_CODES = new Set(["NotFound", "ResourceNotFound", "ResourceGroupNotFound", "SubscriptionNotFound"]);

function context(ref: RegistrationRef, operation: string, extra: ErrorContext = {}): ErrorContext {
    return {
        registrationSubscriptionId: ref.subscriptionId,
        resourceGroup: ref.resourceGroup,
        registrationName: ref.name,
        operation,
        ...extra,
    };
}

export async function getRegistration(client: ArmClient, ref: RegistrationRef, apiVersion: string): Promise<RegistrationResource> {
    const ctx = context(ref, `GET registration ${ref.name}`);
    try {
        return (
            (await client.send<RegistrationResource>({ method: "GET", path: registrationPath(ref), apiVersion, context: ctx })).data ?? {}
        );
    } catch (error) {
        // ARM answers a missing registration (or its group or subscription) with generic not-found codes.
        if (error instanceof AzureStackRegistrationError && error.statusCode === 404 && NOT_FOUND_CODES.has(error.code)) {
            throw error.withCode("RegistrationNotFound", { context: ctx });
        }
        throw error;
    }
}

/**
 * At most this many pages per listing: ARM pages hold up to 1,000 mappings, so even one mapping a page covers
 * ten thousand; a server whose links never end is stopped with an error instead of followed forever.
 */
export const MAX_LIST_PAGES = 10_000;

/** Every mapping of a registration, following nextLink until the list ends. */
export async function listMappings(
    client: ArmClient,
    ref: RegistrationRef,
    apiVersion: string,
    onPage?: (mappingsSoFar: number, pages: number) => void,
): Promise<CustomerSubscriptionResource[]> {
    return (await listMappingsWhile(client, ref, apiVersion, () => true, onPage))!;
}

/**
 * As listMappings, asking `mayFetchPage` before each page request; undefined when it said no (the listing
 * was given up, incomplete).
 */
export async function listMappingsWhile(
    client: ArmClient,
    ref: RegistrationRef,
    apiVersion: string,
    mayFetchPage: () => boolean,
    onPage?: (mappingsSoFar: number, pages: number) => void,
): Promise<CustomerSubscriptionResource[] | undefined> {
    const ctx = context(ref, `list customer subscriptions of ${ref.name}`);
    const all: CustomerSubscriptionResource[] = [];
    let next: string | undefined = mappingsPath(ref);
    const seen = new Set<string>();
    while (next) {
        if (seen.has(next)) break; // a server that repeats a nextLink must not loop us forever
        if (seen.size >= MAX_LIST_PAGES) {
            throw new AzureStackRegistrationError({
                code: "TooManyPages",
                context: ctx,
                locale: client.locale,
                azureMessage:
                    `the listing went on past ${MAX_LIST_PAGES} pages (${all.length} mappings so far); it was not ` + "followed further",
            });
        }
        if (!mayFetchPage()) return undefined;
        seen.add(next);
        const page: { data?: { value?: CustomerSubscriptionResource[]; nextLink?: string | null } } = await client.send({
            method: "GET",
            path: next,
            apiVersion,
            context: ctx,
        });
        all.push(...(page.data?.value ?? []));
        next = page.data?.nextLink ?? undefined;
        onPage?.(all.length, seen.size);
    }
    return all;
}

export async function getMapping(
    client: ArmClient,
    ref: RegistrationRef,
    customerSubscriptionId: string,
    apiVersion: string,
): Promise<CustomerSubscriptionResource | undefined> {
    const ctx = context(ref, `GET customer subscription ${customerSubscriptionId}`, { customerSubscriptionId });
    try {
        const response = await client.send<CustomerSubscriptionResource>({
            method: "GET",
            path: mappingPath(ref, customerSubscriptionId),
            apiVersion,
            context: ctx,
        });
        const resource = response.data ?? {};
        return { ...resource, etag: resource.etag ?? response.headers.etag };
    } catch (error) {
        if (
            error instanceof AzureStackRegistrationError &&
            (error.code === "CustomerSubscriptionNotFound" || (error.statusCode === 404 && NOT_FOUND_CODES.has(error.code)))
        ) {
            return undefined;
        }
        throw error;
    }
}

export interface WriteConditions {
    /** Only if the mapping still has this etag. */
    ifMatch?: string;
    /** "*": only if the mapping does not exist yet. */
    ifNoneMatch?: "*";
}

export async function putMapping(
    client: ArmClient,
    ref: RegistrationRef,
    customerSubscriptionId: string,
    tenantId: string,
    apiVersion: string,
    conditions: WriteConditions = {},
): Promise<PutMappingResult> {
    const ctx = context(ref, `PUT customer subscription ${customerSubscriptionId}`, { customerSubscriptionId, tenantId });
    const response = await client.send<CustomerSubscriptionResource | undefined>({
        method: "PUT",
        path: mappingPath(ref, customerSubscriptionId),
        apiVersion,
        body: { properties: { tenantId } },
        headers: {
            ...(conditions.ifMatch ? { "If-Match": conditions.ifMatch } : {}),
            ...(conditions.ifNoneMatch ? { "If-None-Match": conditions.ifNoneMatch } : {}),
        },
        context: ctx,
    });
    const resource = response.data && typeof response.data === "object" ? response.data : undefined;
    return { status: response.status, resource, etag: resource?.etag ?? response.headers.etag };
}

/** DELETE. 200, 204 and not-found all mean "gone" (ARM answers 204 for ids it does not know, too). */
export async function deleteMapping(
    client: ArmClient,
    ref: RegistrationRef,
    customerSubscriptionId: string,
    apiVersion: string,
    ifMatch?: string,
): Promise<void> {
    const ctx = context(ref, `DELETE customer subscription ${customerSubscriptionId}`, { customerSubscriptionId });
    try {
        await client.send({
            method: "DELETE",
            path: mappingPath(ref, customerSubscriptionId),
            apiVersion,
            headers: ifMatch ? { "If-Match": ifMatch } : undefined,
            context: ctx,
        });
    } catch (error) {
        if (
            error instanceof AzureStackRegistrationError &&
            (error.code === "CustomerSubscriptionNotFound" ||
                error.code === "RegistrationNotFound" ||
                (error.statusCode === 404 && NOT_FOUND_CODES.has(error.code)))
        ) {
            return;
        }
        throw error;
    }
}
