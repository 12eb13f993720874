/**
 * What the mappings of the program being previewed or applied intend, recorded as the engine checks them.
 * The provider host serves one deployment, so this is "the program": which subscription each resource maps
 * a tenant to, and which subscriptions resources are moving away from. Offline; no request is made here.
 *
 * Two uses: two resources of one program giving a tenant two subscriptions on a registration would
 * overwrite each other (one subscription per tenant, as Microsoft's "Register tenants for usage tracking in
 * Azure Stack Hub" page says); and when the engine replaces a resource it checks the replacement again with
 * no old inputs, so the mapping being replaced must still count as ours.
 */
import { sameSubscription } from "./preflight";
import { slot } from "./processCache";
import type { RegistrationEntry } from "./scope";

interface Claims {
    /** tenant (lower case) -> the customer subscription a resource of this program maps it to. */
    byTenant: Map<string, string>;
    /** Customer subscriptions (lower case) a resource of this program is moving away from. */
    released: Set<string>;
    /** The resources that declare mappings on the registration: a set must be the only one. */
    declarers: Map<string, Declarer>;
    /** customer subscription (lower case) -> the resource that declares it. */
    bySubscription: Map<string, string>;
}
const CLAIMS = slot<Claims>("claims", () => ({
    byTenant: new Map(),
    released: new Set(),
    declarers: new Map(),
    bySubscription: new Map(),
}));

/** A resource of the program that declares mappings: `owner` is its URN (or, without one, the mapping's id). */
export interface Declarer {
    owner: string;
    kind: "mapping" | "set";
}

/**
 * Records that `declarer` declares mappings on the registration (a set: all of them). A set manages a registration
 * alone: it reports, and in `remove` mode deletes, every mapping it does not declare, so a single mapping or a
 * second set on the same registration would fight it. Returns the first rival when the registration already has a
 * set and `declarer` is another resource, or `declarer` is a set and another resource declares mappings there.
 */
export function claimRegistration(scope: RegistrationEntry, declarer: Declarer): Declarer | undefined {
    const { declarers } = scope.cache.get(CLAIMS);
    declarers.set(declarer.owner, declarer);
    const others = [...declarers.values()].filter((other) => other.owner !== declarer.owner);
    return others.find((other) => other.kind === "set") ?? (declarer.kind === "set" ? others[0] : undefined);
}

/**
 * Records that `owner` declares `customerSubscriptionId`; returns the other resource that declares it too, if one does
 * (named in the refusal of a set that shares its registration).
 */
export function claimSubscription(scope: RegistrationEntry, customerSubscriptionId: string, owner: string): string | undefined {
    const { bySubscription } = scope.cache.get(CLAIMS);
    const key = customerSubscriptionId.toLowerCase();
    const existing = bySubscription.get(key);
    if (existing !== undefined && existing !== owner) return existing;
    bySubscription.set(key, owner);
    return undefined;
}

/**
 * Records that a resource maps `tenantId` to `customerSubscriptionId`. Returns the other subscription when
 * another resource already claimed the tenant for a different one.
 */
export function claimTenant(scope: RegistrationEntry, tenantId: string, customerSubscriptionId: string): string | undefined {
    const { byTenant } = scope.cache.get(CLAIMS);
    const tenant = tenantId.toLowerCase();
    const existing = byTenant.get(tenant);
    if (existing !== undefined && !sameSubscription(existing, customerSubscriptionId)) return existing;
    byTenant.set(tenant, customerSubscriptionId);
    return undefined;
}

/** Records that a resource of this program is replacing its mapping of `customerSubscriptionId`. */
export function releaseSubscription(scope: RegistrationEntry, customerSubscriptionId: string): void {
    scope.cache.get(CLAIMS).released.add(customerSubscriptionId.toLowerCase());
}

export function isReleased(scope: RegistrationEntry, customerSubscriptionId: string): boolean {
    return scope.cache.get(CLAIMS).released.has(customerSubscriptionId.toLowerCase());
}

/**
 * True when a resource of this program maps exactly this subscription (same spelling) on the registration,
 * and no resource is moving away from it: the mapping is still declared, e.g. by a renamed resource.
 */
export function isDeclared(scope: RegistrationEntry, customerSubscriptionId: string): boolean {
    if (isReleased(scope, customerSubscriptionId)) return false;
    return [...scope.cache.get(CLAIMS).byTenant.values()].includes(customerSubscriptionId);
}
