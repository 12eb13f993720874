/**
 * The online half of `check`: what can be known about a new or changed mapping before anything is
 * written. One snapshot per registration per process (GET registration + list its mappings), shared by
 * every resource on that registration; its listing also serves adoption at create (listing.ts).
 */
import { AzureStackRegistrationError } from "./errors";
import type { ArmClient } from "./arm/client";
import { customerSubscriptionIdOf, type RegistrationRef } from "./arm/ids";
import { getRegistration, listMappings } from "./arm/registrations";
import { rememberListing } from "./listing";

export interface RegistrationSnapshot {
    billingModel?: string;
    /** tenant id (lower case) -> customer subscription ids mapped to it. */
    subscriptionsByTenant: Map<string, string[]>;
    /** customer subscription id, exactly as Azure lists it -> tenant id (lower case). */
    tenantBySubscription: Map<string, string>;
}

const snapshots = new Map<string, Promise<RegistrationSnapshot>>();
/** The snapshots that have arrived, for lookups that must not wait or send a request. */
const settledSnapshots = new Map<string, RegistrationSnapshot>();

export function registrationKey(ref: RegistrationRef): string {
    return `${ref.subscriptionId}/${ref.resourceGroup}/${ref.name}`.toLowerCase();
}

/**
 * Reads the registration and its mappings once per process. Fails with RegistrationNotFound,
 * CustomerSubscriptionsNotAllowed (Capacity billing) or UnauthorizedCspRegistration (the list call).
 */
export function registrationSnapshot(client: ArmClient, ref: RegistrationRef, apiVersion: string): Promise<RegistrationSnapshot> {
    const key = registrationKey(ref);
    let snapshot = snapshots.get(key);
    if (!snapshot) {
        snapshot = takeSnapshot(client, ref, apiVersion);
        snapshots.set(key, snapshot);
        snapshot.then(
            (taken) => settledSnapshots.set(key, taken),
            () => undefined,
        );
    }
    return snapshot;
}

async function takeSnapshot(client: ArmClient, ref: RegistrationRef, apiVersion: string): Promise<RegistrationSnapshot> {
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
    rememberListing(ref, mappings.value, takenAt);

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
export function knownTenantOf(ref: RegistrationRef, customerSubscriptionId: string): string | undefined {
    return settledSnapshots.get(registrationKey(ref))?.tenantBySubscription.get(customerSubscriptionId);
}

/** Subscription ids are GUIDs: the same subscription whatever the letter case (ARM routes them so too). */
export function sameSubscription(a: string, b: string): boolean {
    return a.toLowerCase() === b.toLowerCase();
}

/** For tests: forget the snapshots. */
export function resetPreflight(): void {
    snapshots.clear();
    settledSnapshots.clear();
}
