/**
 * One paged listing of a registration instead of a GET per mapping, when one provider process reads many
 * mappings of that registration: a refresh or drift check (`read`), and adoption at the first `up` after
 * `azs-mappings export` (`create` of mappings that already exist). ARM's read budget is per subscription
 * (250 burst, 25 a second): 5,000 GETs wait on it for over three minutes; 10 stamps of 500 list in 50 pages.
 *
 * The engine tells a provider nothing about how many reads will come, and the listing's size is unknown
 * until it is followed, so the rule is one that cannot cost much more than the GETs it replaces:
 * - The first GETS_BEFORE_LISTING reads of a registration in this process send their GET: a stack that
 *   manages a couple of a registration's many mappings keeps its GETs and never lists.
 * - The next read lists the registration, and the reads that arrive meanwhile wait for the listing. It is
 *   followed while its pages number at most the reads of the registration asked so far, or
 *   PAGES_ALWAYS_ALLOWED (the engine's parallelism keeps at most 8 to 64 reads waiting at a time, so "pages
 *   ≤ reads" alone would drop every large listing at its start). Past that it is dropped: the waiting reads
 *   send their GET, and the registration is listed again only once its reads outnumber twice the pages
 *   already spent. A stack with k of a registration's many mappings so pays at most
 *   k + PAGES_ALWAYS_ALLOWED + 2k requests; a stack with all of them pays the pages plus two.
 * - A listing answers for LISTING_LIFETIME_MS after its first page was asked for, and only in this process.
 *   The dynamic-provider host lives for one engine operation, so nothing is ever served across runs: drift
 *   made after a listing is seen by the next refresh, which lists (or GETs) again. Within a run a listing is
 *   as current as a GET made when it was taken; the lifetime bounds that for long runs.
 * - A listing answers for each mapping once: a refresh reads each mapping once, and a mapping read again
 *   in the same process may have changed since, so that read goes to ARM.
 * - This process's own writes update the listing (PUT) or remove the entry (DELETE), and a later read of
 *   that mapping in the same run goes to ARM.
 * - A mapping the listing holds with exactly the asked spelling is answered from it, one it does not hold is
 *   gone (the listing is whole); one it holds with another letter case is left to a GET, so that ARM's own
 *   routing of names decides, as it would without the listing.
 * - Any error while listing (refused, not found, throttled past the retries) drops the listing and the
 *   reads send their GET, which reports the error exactly as before.
 */
import { customerSubscriptionIdOf } from "./arm/ids";
import { listMappingsWhile, type CustomerSubscriptionResource } from "./arm/registrations";
import { slot } from "./processCache";
import type { RegistrationScope } from "./scope";

export const GETS_BEFORE_LISTING = 2;
export const PAGES_ALWAYS_ALLOWED = 10;
export const LISTING_LIFETIME_MS = 60_000;

/** What a listing says about one mapping: the resource, absent (gone), or "ask ARM" (no usable listing). */
export type ListedAnswer = { listed: true; resource: CustomerSubscriptionResource | undefined } | { listed: false };

interface Listing {
    takenAt: number;
    /** customer subscription id exactly as Azure lists it -> the listed resource. */
    bySubscription: Map<string, CustomerSubscriptionResource>;
    /** lower-case id -> listed spellings, to notice another letter case. */
    spellings: Map<string, string[]>;
    /** Mappings this listing has answered for: a second read of one goes to ARM again. */
    answered: Set<string>;
}

interface RegistrationReads {
    /** Reads of the registration asked in this process (including those the listing answered). */
    reads: number;
    /** Writes (PUT, DELETE) this process made to the registration. */
    writes: number;
    /** Listing pages requested so far, in every attempt. */
    pagesSpent: number;
    /** Pages at which the last attempt was dropped, if one was. */
    droppedAtPages?: number;
    pending?: Promise<Listing | undefined>;
    listing?: Listing;
}

const READS = slot<RegistrationReads>("listing", () => ({ reads: 0, writes: 0, pagesSpent: 0 }));

function fresh(listing: Listing | undefined, now = Date.now()): Listing | undefined {
    return listing && now - listing.takenAt <= LISTING_LIFETIME_MS ? listing : undefined;
}

function answerFrom(listing: Listing, customerSubscriptionId: string): ListedAnswer {
    // A refresh reads each mapping once; a mapping read again in the same process (a test, a later step of
    // one command) may have changed since the listing, so that read asks ARM.
    if (listing.answered.has(customerSubscriptionId)) return { listed: false };
    listing.answered.add(customerSubscriptionId);
    const resource = listing.bySubscription.get(customerSubscriptionId);
    if (resource) return { listed: true, resource };
    // Listed with another letter case: whether that is this mapping is ARM's routing to decide (a GET).
    if (listing.spellings.has(customerSubscriptionId.toLowerCase())) return { listed: false };
    return { listed: true, resource: undefined };
}

/**
 * A read of one mapping, counted: answered from a listing of this process when one is fresh, or when this
 * read is one of many and the listing pays for itself; otherwise { listed: false } and the caller GETs.
 */
export async function readThroughListing(
    scope: RegistrationScope,
    customerSubscriptionId: string,
    apiVersion: string,
): Promise<ListedAnswer> {
    const entry = scope.cache.get(READS);
    entry.reads++;
    const current = fresh(entry.listing);
    if (current) return answerFrom(current, customerSubscriptionId);
    if (!entry.pending) {
        if (entry.reads <= GETS_BEFORE_LISTING) return { listed: false };
        if (entry.droppedAtPages !== undefined && entry.reads < 2 * entry.pagesSpent) return { listed: false };
        entry.pending = takeListing(scope, apiVersion, entry);
    }
    const listing = await entry.pending;
    return listing ? answerFrom(listing, customerSubscriptionId) : { listed: false };
}

async function takeListing(scope: RegistrationScope, apiVersion: string, entry: RegistrationReads): Promise<Listing | undefined> {
    const takenAt = Date.now();
    let pages = 0;
    try {
        const mappings = await listMappingsWhile(scope.client, scope.registration, apiVersion, () => {
            if (pages + 1 > Math.max(PAGES_ALWAYS_ALLOWED, entry.reads)) return false;
            pages++;
            entry.pagesSpent++;
            return true;
        });
        if (mappings === undefined) {
            entry.droppedAtPages = pages;
            return undefined;
        }
        return (entry.listing = listingOf(mappings, takenAt));
    } catch {
        entry.droppedAtPages = pages;
        return undefined;
    } finally {
        entry.pending = undefined;
    }
}

function listingOf(mappings: CustomerSubscriptionResource[], takenAt: number): Listing {
    const listing: Listing = { takenAt, bySubscription: new Map(), spellings: new Map(), answered: new Set() };
    for (const mapping of mappings) {
        const subscription = customerSubscriptionIdOf(mapping);
        if (subscription) record(listing, subscription, mapping);
    }
    return listing;
}

function record(listing: Listing, subscription: string, resource: CustomerSubscriptionResource): void {
    listing.bySubscription.set(subscription, resource);
    const lower = subscription.toLowerCase();
    const spellings = listing.spellings.get(lower) ?? [];
    if (!spellings.includes(subscription)) listing.spellings.set(lower, [...spellings, subscription]);
}

/**
 * The preflight's listing (taken during check), kept so that adoption in the same process needs no GET
 * per mapping while it is fresh. `takenAt` is when its first page was asked for.
 */
export function rememberListing(scope: RegistrationScope, mappings: CustomerSubscriptionResource[], takenAt: number): void {
    const entry = scope.cache.get(READS);
    if (!fresh(entry.listing) || entry.listing!.takenAt < takenAt) entry.listing = listingOf(mappings, takenAt);
}

/**
 * This process wrote the mapping (PUT answered): the listing holds what was written, and a later read of it
 * in this run goes to ARM (it may have changed since the write).
 */
export function noteWritten(scope: RegistrationScope, customerSubscriptionId: string, resource: CustomerSubscriptionResource): void {
    scope.cache.get(READS).writes++;
    const listing = scope.cache.get(READS).listing;
    if (!listing) return;
    record(listing, customerSubscriptionId, resource);
    listing.answered.add(customerSubscriptionId);
}

/** How many writes this process made to the registration: a snapshot taken before one is no longer current. */
export function writesNoted(scope: RegistrationScope): number {
    return scope.cache.get(READS).writes;
}

/** This process deleted the mapping (or found it gone): not listed any more, and a later read goes to ARM. */
export function noteDeleted(scope: RegistrationScope, customerSubscriptionId: string): void {
    scope.cache.get(READS).writes++;
    const listing = scope.cache.get(READS).listing;
    if (!listing) return;
    listing.bySubscription.delete(customerSubscriptionId);
    listing.answered.add(customerSubscriptionId);
    const lower = customerSubscriptionId.toLowerCase();
    const left = (listing.spellings.get(lower) ?? []).filter((s) => s !== customerSubscriptionId);
    if (left.length > 0) listing.spellings.set(lower, left);
    else listing.spellings.delete(lower);
}
