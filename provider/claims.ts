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
import type { RegistrationRef } from "./arm/ids";
import { registrationKey, sameSubscription } from "./preflight";

/** registration key -> tenant (lower case) -> the customer subscription a resource of this program maps it to. */
const claimed = new Map<string, Map<string, string>>();
/** registration key -> customer subscriptions (lower case) a resource of this program is moving away from. */
const released = new Map<string, Set<string>>();

/**
 * Records that a resource maps `tenantId` to `customerSubscriptionId`. Returns the other subscription when
 * another resource already claimed the tenant for a different one.
 */
export function claimTenant(ref: RegistrationRef, tenantId: string, customerSubscriptionId: string): string | undefined {
    const key = registrationKey(ref);
    const byTenant = claimed.get(key) ?? new Map<string, string>();
    claimed.set(key, byTenant);
    const tenant = tenantId.toLowerCase();
    const existing = byTenant.get(tenant);
    if (existing !== undefined && !sameSubscription(existing, customerSubscriptionId)) return existing;
    byTenant.set(tenant, customerSubscriptionId);
    return undefined;
}

/** Records that a resource of this program is replacing its mapping of `customerSubscriptionId`. */
export function releaseSubscription(ref: RegistrationRef, customerSubscriptionId: string): void {
    const key = registrationKey(ref);
    const set = released.get(key) ?? new Set<string>();
    set.add(customerSubscriptionId.toLowerCase());
    released.set(key, set);
}

export function isReleased(ref: RegistrationRef, customerSubscriptionId: string): boolean {
    return released.get(registrationKey(ref))?.has(customerSubscriptionId.toLowerCase()) ?? false;
}

/**
 * True when a resource of this program maps exactly this subscription (same spelling) on the registration,
 * and no resource is moving away from it: the mapping is still declared, e.g. by a renamed resource.
 */
export function isDeclared(ref: RegistrationRef, customerSubscriptionId: string): boolean {
    if (isReleased(ref, customerSubscriptionId)) return false;
    return [...(claimed.get(registrationKey(ref))?.values() ?? [])].includes(customerSubscriptionId);
}

/** For tests: forget everything recorded. */
export function resetClaims(): void {
    claimed.clear();
    released.clear();
}
