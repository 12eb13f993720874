/**
 * The online half of `check`: what can be known about a new or changed mapping before anything is
 * written. One snapshot per registration per process (GET registration + list its mappings, kept in the
 * process cache), shared by every resource on that registration; its listing also serves adoption at create
 * (listing.ts).
 */
import { AzureStackRegistrationError } from "./errors";
import { customerSubscriptionIdOf } from "./arm/ids";
import { getRegistration, listMappings } from "./arm/registrations";
import { rememberListing } from "./listing";
import { slot } from "./processCache";
import type { RegistrationScope } from "./scope";

export interface RegistrationSnapshot {
    billingModel?: string;
    /** tenant id (lower case) -> customer subscription ids mapped to it. */
    subscriptionsByTenant: Map<string, string[]>;
    /** customer subscription id, exactly as Azure lists it -> tenant id (lower case). */
    tenantBySubscription: Map<string, string>;
}

interface Snapshots {
    pending?: Promise<RegistrationSnapshot>;
    /** The snapshot once it has arrived, for lookups that must not wait or send a request. */
    settled?: RegistrationSnapshot;
}
const SNAPSHOT = slot<Snapshots>("preflight snapshot", () => ({}));

/**
 * Reads the registration and its mappings once per process. Fails with RegistrationNotFound,
 * CustomerSubscriptionsNotAllowed (Capacity billing) or UnauthorizedCspRegistration (the list call).
 */
export function registrationSnapshot(scope: RegistrationScope, apiVersion: string): Promise<RegistrationSnapshot> {
    const held = scope.cache.get(SNAPSHOT);
    if (!held.pending) {
        held.pending = takeSnapshot(scope, apiVersion);
        held.pending.then(
            (taken) => (held.settled = taken),
            () => undefined,
        );
    }
    return held.pending;
}

async function takeSnapshot(scope: RegistrationScope, apiVersion: string): Promise<RegistrationSnapshot> {
    const { client, registration: ref } = scope;
    // Both requests go out together; when the registration is missing or refused, its own error wins.
    const takenAt = Date.now();
    const [registration, mappings] = await Promise.allSettled([
        getRegistration(client, ref, apiVersion),
        listMappings(client, ref, apiVersion),
    ]);
    if (registration.status === "rejected") throw registration.reason;
    const billingModel = registration.value.properties?.billingModel;
    if (billingModel && billingModel.toLowerCase() === "capacity") {
        throw new AzureStackRegistrationError({
            code: "CustomerSubscriptionsNotAllowed",
            azureMessage: `the registration's billingModel is '${billingModel}'`,
            locale: client.locale,
            context: { registrationSubscriptionId: ref.subscriptionId, resourceGroup: ref.resourceGroup, registrationName: ref.name },
        });
    }
    if (mappings.status === "rejected") throw mappings.reason;
    // The same listing confirms adoptions in this process while it is fresh (listing.ts): no GET per mapping.
    rememberListing(scope, mappings.value, takenAt);

    const subscriptionsByTenant = new Map<string, string[]>();
    const tenantBySubscription = new Map<string, string>();
    for (const mapping of mappings.value) {
        const subscription = customerSubscriptionIdOf(mapping);
        const tenant = mapping.properties?.tenantId?.toLowerCase();
        if (!subscription || !tenant) continue;
        tenantBySubscription.set(subscription, tenant);
        subscriptionsByTenant.set(tenant, [...(subscriptionsByTenant.get(tenant) ?? []), subscription]);
    }
    return { billingModel, subscriptionsByTenant, tenantBySubscription };
}

/**
 * What this process's snapshot of the registration says the subscription maps to, without a request:
 * undefined when there is no snapshot (preflight off, not taken yet) or it did not list the subscription.
 */
export function knownTenantOf(scope: RegistrationScope, customerSubscriptionId: string): string | undefined {
    return scope.cache.get(SNAPSHOT).settled?.tenantBySubscription.get(customerSubscriptionId);
}

/** Subscription ids are GUIDs: the same subscription whatever the letter case (ARM routes them so too). */
export function sameSubscription(a: string, b: string): boolean {
    return a.toLowerCase() === b.toLowerCase();
}
