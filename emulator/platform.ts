/**
 * ARM's own resources around the registration API, which standard clients read before they touch it:
 * tenants and subscriptions (`az login` lists them), resource groups (`az resource create` takes the
 * group's location) and the Microsoft.AzureStack provider (every `az resource` command without
 * --api-version reads the resource types' api-versions). Read-only, in the shapes ARM answers.
 */
import { ArmError } from "./errors.js";
import { API_VERSIONS, NAMESPACE, safeDecode, type Reply } from "./arm.js";
import type { StateStore } from "./state.js";

/** Where AzureStack-Tools' Set-AzsRegistration creates the registration's resource group by default. */
export const RESOURCE_GROUP_LOCATION = "westcentralus";
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
