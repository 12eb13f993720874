/**
 * The online half of `check`: what can be known about a new or changed mapping before anything is
 * written. One snapshot per registration per process (GET registration + list its mappings, kept in the
 * process cache), shared by every resource on that registration; its listing also serves adoption at create
 * (listing.ts).
 */
import { AzureStackRegistrationError } from "./errors";
import { customerSubscriptionIdOf } from "./arm/ids";
import { getRegistration, listMappings, type CustomerSubscriptionResource } from "./arm/registrations";
import { LISTING_LIFETIME_MS, rememberListing, writesNoted } from "./listing";
import { slot } from "./processCache";
import type { RegistrationEntry, RegistrationScope } from "./scope";

/** What the decisions over a registration (conflicts.ts) need of it. */
export interface RegistrationSnapshot {
    billingModel?: string;
    /** tenant id (lower case) -> customer subscription ids mapped to it. */
    subscriptionsByTenant: Map<string, string[]>;
    /** customer subscription id, exactly as Azure lists it -> tenant id (lower case). */
    tenantBySubscription: Map<string, string>;
}

/** A snapshot as the preflight takes it. */
export interface TakenSnapshot extends RegistrationSnapshot {
    /** When its listing's first page was asked for. */
    takenAt: number;
    /** This process's writes to the registration (listing.ts) when it was taken. */
    writesBefore: number;
    /** customer subscription id, exactly as Azure lists it -> the listed mapping (a set's read takes etags from it). */
    resources: Map<string, CustomerSubscriptionResource>;
}

interface Snapshots {
    pending?: Promise<TakenSnapshot>;
    /** The snapshot once it has arrived, for lookups that must not wait or send a request. */
    settled?: TakenSnapshot;
}
const SNAPSHOT = slot<Snapshots>("preflight snapshot", () => ({}));

/**
 * Reads the registration and its mappings once per process. Fails with RegistrationNotFound,
 * CustomerSubscriptionsNotAllowed (Capacity billing) or UnauthorizedCspRegistration (the list call).
 */
export function registrationSnapshot(scope: RegistrationScope, apiVersion: string): Promise<TakenSnapshot> {
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

/**
 * A snapshot that holds what the registration holds now: this process's snapshot while it is younger than a listing's
 * lifetime and this process has written nothing to the registration since; otherwise a new one (a set's read).
 */
export function currentSnapshot(scope: RegistrationScope, apiVersion: string): Promise<TakenSnapshot> {
    const held = scope.cache.get(SNAPSHOT);
    const settled = held.settled;
    if (settled && Date.now() - settled.takenAt <= LISTING_LIFETIME_MS && settled.writesBefore === writesNoted(scope)) {
        return Promise.resolve(settled);
    }
    if (settled) [held.settled, held.pending] = [undefined, undefined];
    return registrationSnapshot(scope, apiVersion);
}

/** This process's snapshot of the registration, if one has arrived: no request. */
export function settledSnapshot(scope: RegistrationEntry): TakenSnapshot | undefined {
    return scope.cache.get(SNAPSHOT).settled;
}

async function takeSnapshot(scope: RegistrationScope, apiVersion: string): Promise<TakenSnapshot> {
    const { client, registration: ref } = scope;
    // Both requests go out together; when the registration is missing or refused, its own error wins.
    const takenAt = Date.now();
    const writesBefore = writesNoted(scope);
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
    const resources = new Map<string, CustomerSubscriptionResource>();
    for (const mapping of mappings.value) {
        const subscription = customerSubscriptionIdOf(mapping);
        const tenant = mapping.properties?.tenantId?.toLowerCase();
        if (!subscription || !tenant) continue;
        resources.set(subscription, mapping);
        tenantBySubscription.set(subscription, tenant);
        subscriptionsByTenant.set(tenant, [...(subscriptionsByTenant.get(tenant) ?? []), subscription]);
    }
    return { takenAt, writesBefore, billingModel, resources, subscriptionsByTenant, tenantBySubscription };
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
