/**
 * ARM itself, around the Microsoft.AzureStack resource provider: which route a path is (the registration
 * API's, or one of ARM's own resources), the api-versions each accepts, and ARM's own read-only resources
 * that standard clients read before they touch the API: tenants and subscriptions (`az login` lists them),
 * resource groups (`az resource create` takes the group's location) and the Microsoft.AzureStack provider
 * (every `az resource` command without --api-version reads the resource types' api-versions), in the
 * shapes ARM answers.
 */
import { ArmError } from "./errors.js";
import type { Reply } from "./https.js";
import type { StateStore } from "./state.js";

export const API_VERSIONS = ["2017-06-01", "2020-06-01-preview", "2022-03-01", "2022-06-01"] as const;
export const NAMESPACE = "Microsoft.AzureStack";

// ---- the registration API's routes ----

export type ArmRoute =
    | { type: "registrations"; subscriptionId: string; resourceGroup: string }
    | { type: "registration"; subscriptionId: string; resourceGroup: string; name: string }
    | { type: "customerSubscriptions"; subscriptionId: string; resourceGroup: string; name: string }
    | { type: "customerSubscription"; subscriptionId: string; resourceGroup: string; name: string; customerSubscriptionId: string };

/** The subscription id of any /subscriptions/{id}/... path (throttling is per subscription). */
export function subscriptionOf(path: string): string | undefined {
    const m = /^\/subscriptions\/([^/]+)/i.exec(path);
    return m ? safeDecode(m[1]!) : undefined;
}

/** Parses the path of one of the emulated routes (keywords and namespace compared case-insensitively). */
export function parseArmPath(path: string): ArmRoute | ArmError {
    const parts = path.replace(/\/+$/, "").split("/").slice(1).map(safeDecode);
    const is = (i: number, word: string) => parts[i]?.toLowerCase() === word.toLowerCase();
    if (!(is(0, "subscriptions") && parts[1] && is(2, "resourceGroups") && parts[3] && is(4, "providers") && parts[5])) {
        return new ArmError("NotFound", `No HTTP resource was found that matches the request URI '${path}'.`);
    }
    if (!is(5, NAMESPACE)) {
        return new ArmError("InvalidResourceType", `The emulator serves only the '${NAMESPACE}' namespace, not '${parts[5]}'.`);
    }
    const base = { subscriptionId: parts[1]!, resourceGroup: parts[3]! };
    if (!is(6, "registrations")) {
        return new ArmError(
            "InvalidResourceType",
            `The resource type '${parts[6] ?? ""}' could not be found in the namespace '${NAMESPACE}'.`,
        );
    }
    if (parts.length === 7) return { type: "registrations", ...base };
    const name = parts[7]!;
    if (parts.length === 8) return { type: "registration", ...base, name };
    if (!is(8, "customerSubscriptions")) {
        return new ArmError(
            "InvalidResourceType",
            `The resource type 'registrations/${parts[8]}' could not be found in the namespace '${NAMESPACE}'.`,
        );
    }
    if (parts.length === 9) return { type: "customerSubscriptions", ...base, name };
    if (parts.length === 10 && parts[9]) return { type: "customerSubscription", ...base, name, customerSubscriptionId: parts[9] };
    return new ArmError("NotFound", `No HTTP resource was found that matches the request URI '${path}'.`);
}

/** Checks api-version: missing or unsupported ⇒ ARM's 400 errors, listing the supported versions. */
export function checkApiVersion(query: URLSearchParams, route: ArmRoute): string {
    const apiVersion = query.get("api-version");
    const resourceType =
        route.type === "registration" || route.type === "registrations" ? "registrations" : "registrations/customerSubscriptions";
    const supported = API_VERSIONS.join(", ");
    if (!apiVersion) {
        throw new ArmError(
            "MissingApiVersionParameter",
            `The api-version query parameter (?api-version=) is required for all requests. Supported api-versions for resource type '${resourceType}' in namespace '${NAMESPACE}' are '${supported}'.`,
        );
    }
    if (!(API_VERSIONS as readonly string[]).includes(apiVersion)) {
        throw new ArmError(
            "InvalidApiVersionParameter",
            `The api-version '${apiVersion}' is invalid. The supported versions for resource type '${resourceType}' in namespace '${NAMESPACE}' are '${supported}'.`,
        );
    }
    return apiVersion;
}

/** A path segment decoded, or as it is when it is not valid percent-encoding. */
function safeDecode(segment: string): string {
    try {
        return decodeURIComponent(segment);
    } catch {
        return segment;
    }
}

// ---- ARM's own resources ----

/** Where AzureStack-Tools' Set-AzsRegistration creates the registration's resource group by default. */
const RESOURCE_GROUP_LOCATION = "westcentralus";
/** ARM's api-versions are dates; the platform routes accept any (clients of every age send their own). */
const API_VERSION_FORMAT = /^\d{4}-\d{2}-\d{2}(-[a-z]+)?$/i;
const RESOURCE_TYPES = ["registrations", "registrations/customerSubscriptions"];

export type PlatformRoute =
    | { type: "tenants" }
    | { type: "subscriptions" }
    | { type: "subscription"; subscriptionId: string }
    | { type: "resourceGroups"; subscriptionId: string }
    | { type: "resourceGroup"; subscriptionId: string; resourceGroup: string }
    | { type: "providers"; subscriptionId?: string }
    | { type: "provider"; subscriptionId?: string; namespace: string };

/** The platform route of a path, or undefined for anything else (the registration API under a resource group's providers). */
export function parsePlatformPath(path: string): PlatformRoute | undefined {
    const parts = path.replace(/\/+$/, "").split("/").slice(1).map(safeDecode);
    const is = (i: number, word: string) => parts[i]?.toLowerCase() === word.toLowerCase();
    const n = parts.length;
    if (n === 1 && is(0, "tenants")) return { type: "tenants" };
    if (is(0, "providers")) {
        if (n === 1) return { type: "providers" };
        if (n === 2) return { type: "provider", namespace: parts[1]! };
        return undefined;
    }
    if (!is(0, "subscriptions")) return undefined;
    if (n === 1) return { type: "subscriptions" };
    const subscriptionId = parts[1]!;
    if (n === 2) return { type: "subscription", subscriptionId };
    if (is(2, "providers")) {
        if (n === 3) return { type: "providers", subscriptionId };
        if (n === 4) return { type: "provider", subscriptionId, namespace: parts[3]! };
        return undefined;
    }
    if (is(2, "resourceGroups")) {
        if (n === 3) return { type: "resourceGroups", subscriptionId };
        if (n === 4) return { type: "resourceGroup", subscriptionId, resourceGroup: parts[3]! };
    }
    return undefined;
}

/** Missing ⇒ MissingApiVersionParameter; not an ARM api-version ⇒ InvalidApiVersionParameter. */
export function checkPlatformApiVersion(query: URLSearchParams): void {
    const apiVersion = query.get("api-version");
    if (!apiVersion)
        throw new ArmError("MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
    if (!API_VERSION_FORMAT.test(apiVersion))
        throw new ArmError(
            "InvalidApiVersionParameter",
            `The api-version '${apiVersion}' is invalid. An api-version is a date like '2022-12-01', optionally with a suffix like '-preview'.`,
        );
}

export class PlatformApi {
    constructor(private readonly store: StateStore) {}

    handle(route: PlatformRoute, method: string): Reply {
        if (method === "HEAD") {
            this.get(route); // throws the GET's 404
            return { status: 204 }; // ARM's existence check (az group exists)
        }
        if (method !== "GET")
            throw new ArmError("MethodNotAllowed", `The emulator serves ARM's ${route.type} read-only; '${method}' is not supported.`);
        return this.get(route);
    }

    private get(route: PlatformRoute): Reply {
        switch (route.type) {
            case "tenants":
                return ok({ value: [this.tenant()] });
            case "subscriptions": {
                const value = this.store.subscriptions().map((s) => this.subscription(s.id));
                return ok({ count: { type: "Total", value: value.length }, value });
            }
            case "subscription":
                return ok(this.subscription(this.mustFindSubscription(route.subscriptionId)));
            case "resourceGroups": {
                const sub = this.mustFindSubscription(route.subscriptionId);
                return ok({ value: this.store.resourceGroups(sub).map((rg) => resourceGroup(sub, rg)) });
            }
            case "resourceGroup": {
                const sub = this.mustFindSubscription(route.subscriptionId);
                const rg = this.store.resourceGroups(sub).find((name) => name.toLowerCase() === route.resourceGroup.toLowerCase());
                if (!rg) throw new ArmError("ResourceGroupNotFound", `Resource group '${route.resourceGroup}' could not be found.`);
                return ok(resourceGroup(sub, rg));
            }
            case "providers": {
                const sub = route.subscriptionId === undefined ? undefined : this.mustFindSubscription(route.subscriptionId);
                return ok({ value: [provider(sub)] });
            }
            case "provider": {
                const sub = route.subscriptionId === undefined ? undefined : this.mustFindSubscription(route.subscriptionId);
                if (route.namespace.toLowerCase() !== NAMESPACE.toLowerCase()) {
                    throw new ArmError(
                        "InvalidResourceNamespace",
                        `The resource namespace '${route.namespace}' is invalid: the emulator serves only '${NAMESPACE}'.`,
                    );
                }
                return ok(provider(sub));
            }
        }
    }

    private mustFindSubscription(id: string): string {
        const found = this.store.subscriptions().find((s) => s.id.toLowerCase() === id.toLowerCase());
        if (!found) throw new ArmError("SubscriptionNotFound", `The subscription '${id}' could not be found.`);
        return found.id;
    }

    private tenant(): Record<string, unknown> {
        const tenantId = this.store.tenantId;
        return {
            id: `/tenants/${tenantId}`,
            tenantId,
            tenantCategory: "Home",
            displayName: "Azure Stack registration emulator",
            defaultDomain: "emulator.invalid",
            domains: ["emulator.invalid"],
        };
    }

    private subscription(id: string): Record<string, unknown> {
        const s = this.store.subscriptions().find((x) => x.id === id)!;
        return {
            id: `/subscriptions/${s.id}`,
            authorizationSource: "RoleBased",
            managedByTenants: [],
            subscriptionId: s.id,
            tenantId: this.store.tenantId,
            displayName: s.displayName,
            state: s.state,
            subscriptionPolicies: { locationPlacementId: "Public_2014-09-01", quotaId: "CSP_2015-05-01", spendingLimit: "Off" },
        };
    }
}

function ok(body: unknown): Reply {
    return { status: 200, body };
}

function resourceGroup(subscriptionId: string, name: string): Record<string, unknown> {
    return {
        id: `/subscriptions/${subscriptionId}/resourceGroups/${name}`,
        name,
        type: "Microsoft.Resources/resourceGroups",
        location: RESOURCE_GROUP_LOCATION,
        properties: { provisioningState: "Succeeded" },
    };
}

function provider(subscriptionId: string | undefined): Record<string, unknown> {
    const newestFirst = [...API_VERSIONS].reverse();
    return {
        id: `${subscriptionId === undefined ? "" : `/subscriptions/${subscriptionId}`}/providers/${NAMESPACE}`,
        namespace: NAMESPACE,
        registrationState: "Registered",
        registrationPolicy: "RegistrationRequired",
        resourceTypes: RESOURCE_TYPES.map((resourceType) => ({
            resourceType,
            locations: ["global"],
            apiVersions: newestFirst,
            defaultApiVersion: newestFirst.find((v) => !v.includes("preview")),
            capabilities: "None",
        })),
    };
}
