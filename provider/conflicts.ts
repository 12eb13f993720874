/**
 * When a declared mapping conflicts with what the registration holds or what the program declares, and when an
 * existing mapping may be adopted: pure decisions over a registration snapshot, worded by the error catalog.
 */
import { customerSubscriptionIdOf, equalIgnoringCase } from "./arm/ids";
import type { CustomerSubscriptionResource } from "./arm/registrations";
import { AzureStackRegistrationError, refusalError, refusalReason } from "./errors";
import type { Declarer } from "./claims";
import type { Locale } from "./messages";
import { sameSubscription, type RegistrationSnapshot } from "./preflight";
import type { InputFailure } from "./mapping/failures";
import type { MappingInputs } from "./mapping/schema";
import { UNKNOWN } from "./mapping/values";

/** Codes that say the registration itself cannot take tenants: reported as input failures at preview. */
const REGISTRATION_LEVEL_CODES = new Set(["RegistrationNotFound", "CustomerSubscriptionsNotAllowed", "UnauthorizedCspRegistration"]);

/** The preflight's failure to read the registration as an input failure on `property`, if it is about the registration. */
export function registrationFailure(error: unknown, property: string): InputFailure | undefined {
    if (error instanceof AzureStackRegistrationError && REGISTRATION_LEVEL_CODES.has(error.code)) {
        return { property, reason: error.message };
    }
    return undefined;
}

/** The mapping's own adoptExisting, else the provider setting (true by default). */
export function adoptionAllowed(inputs: MappingInputs, adoptExistingSetting: boolean): boolean {
    return inputs.adoptExisting ?? adoptExistingSetting;
}

/** Another mapping of the program (`inSet`: another entry of this set) maps this tenant to `rivalSubscription` on the same registration. */
export function programConflict(
    inputs: MappingInputs,
    rivalSubscription: string | undefined,
    locale?: Locale,
    inSet = false,
): InputFailure[] {
    if (rivalSubscription === undefined) return [];
    return [
        {
            property: "tenantId",
            reason: refusalReason(
                "TenantMappedTwiceInProgram",
                { tenantId: inputs.tenantId, rivalSubscription, registrationName: inputs.registrationName, inSet },
                locale,
            ),
        },
    ];
}

/**
 * A set shares its registration with another resource of the program (claims.ts, claimRegistration): `declarer` is
 * this resource, `sharing` the other, `alsoDeclaredBy` the resource that declares this very subscription too.
 */
export function registrationConflict(
    inputs: MappingInputs,
    declarer: Declarer,
    sharing: Declarer | undefined,
    alsoDeclaredBy: string | undefined,
    property: string,
    locale?: Locale,
): InputFailure[] {
    if (!sharing) return [];
    // The set named as the registration's is the one the program declared first.
    const [set, other] = sharing.kind === "set" ? [sharing, declarer] : [declarer, sharing];
    const facts = {
        registrationName: inputs.registrationName,
        set: resourceName(set.owner),
        other: resourceName(other.owner),
        otherIsSet: other.kind === "set",
        customerSubscriptionId: alsoDeclaredBy === sharing.owner ? inputs.customerSubscriptionId : undefined,
    };
    return [{ property, reason: refusalReason("RegistrationDeclaredTwice", facts, locale) }];
}

/** A resource's name from its URN (the last part), or the owner as given when it is not one. */
export function resourceName(owner: string): string {
    return owner.startsWith("urn:pulumi:") ? (owner.split("::").pop() ?? owner) : owner;
}

export interface SnapshotDecision {
    failures: InputFailure[];
    /** The declared mapping exists exactly so: `pulumi up` adopts it without a write. */
    adopts: boolean;
}

export interface Circumstances {
    /** This resource's inputs before the change, if it existed. */
    previous: MappingInputs | undefined;
    /** A subscription another resource of this program is moving away from (claims.ts). */
    released: (subscription: string) => boolean;
    adoptExistingSetting: boolean;
    locale?: Locale;
}

/** What the registration's mappings say about declaring `inputs`: conflicts to refuse, or a mapping to adopt. */
export function snapshotConflicts(snapshot: RegistrationSnapshot, inputs: MappingInputs, circumstances: Circumstances): SnapshotDecision {
    const subscription = inputs.customerSubscriptionId;
    const tenant = inputs.tenantId;
    if (subscription === UNKNOWN || tenant === UNKNOWN || inputs.allowTenantReassignment) return { failures: [], adopts: false };
    const { previous, released, locale } = circumstances;
    const registrationName = inputs.registrationName;

    // Mappings this program manages and is changing: the resource's own previous subscription, and (when the
    // engine re-checks a replacement without old inputs) any subscription a resource here is moving away from.
    const ours = (s: string) =>
        (previous !== undefined &&
            equalIgnoringCase(previous.registrationId, inputs.registrationId) &&
            sameSubscription(s, previous.customerSubscriptionId)) ||
        released(s);
    const failures: InputFailure[] = [];

    const mappedToTenant = (snapshot.subscriptionsByTenant.get(tenant) ?? []).filter((s) => !sameSubscription(s, subscription) && !ours(s));
    if (mappedToTenant.length > 0) {
        failures.push({
            property: "tenantId",
            reason: refusalReason(
                "TenantAlreadyMapped",
                {
                    tenantId: tenant,
                    mappedSubscriptions: mappedToTenant.join(", "),
                    registrationName,
                    customerSubscriptionId: subscription,
                },
                locale,
            ),
        });
    }
    const [listedAs, currentTenant] = [...snapshot.tenantBySubscription.entries()].find(([s]) => sameSubscription(s, subscription)) ?? [];
    if (listedAs === undefined || currentTenant === undefined || ours(subscription)) return { failures, adopts: false };

    const onSubscription = (reason: string) => ({ failures: [...failures, { property: "customerSubscriptionId", reason }], adopts: false });
    if (currentTenant !== tenant) {
        return onSubscription(
            refusalReason(
                "SubscriptionAlreadyMapped",
                { customerSubscriptionId: subscription, mappedTenant: currentTenant, registrationName, tenantId: tenant, atCreate: false },
                locale,
            ),
        );
    }
    if (listedAs !== subscription) {
        return onSubscription(
            refusalReason(
                "MappingSpelledOtherwise",
                { listedAs, declared: subscription, tenantId: tenant, registrationName, atCreate: false },
                locale,
            ),
        );
    }
    if (!adoptionAllowed(inputs, circumstances.adoptExistingSetting)) {
        return onSubscription(
            refusalReason(
                "MappingAlreadyExists",
                {
                    customerSubscriptionId: subscription,
                    tenantId: tenant,
                    registrationName,
                    offForThisMapping: inputs.adoptExisting === false,
                },
                locale,
            ),
        );
    }
    return { failures, adopts: true };
}

/**
 * Why an existing mapping found at create (since the preview) is not adopted, or undefined when it maps this
 * tenant under this exact id and becomes this resource's, unchanged.
 */
export function adoptionRefusal(
    inputs: MappingInputs,
    existing: CustomerSubscriptionResource,
    locale?: Locale,
): AzureStackRegistrationError | undefined {
    const tenant = existing.properties?.tenantId?.toLowerCase();
    const listedAs = customerSubscriptionIdOf(existing);
    const registrationName = inputs.registrationName;
    if (listedAs && listedAs !== inputs.customerSubscriptionId) {
        return refusalError(
            "MappingSpelledOtherwise",
            { listedAs, declared: inputs.customerSubscriptionId, tenantId: tenant ?? "(none)", registrationName, atCreate: true },
            { locale },
        );
    }
    if (tenant !== inputs.tenantId) {
        return refusalError(
            "SubscriptionAlreadyMapped",
            {
                customerSubscriptionId: inputs.customerSubscriptionId,
                mappedTenant: tenant ?? "(none)",
                registrationName,
                tenantId: inputs.tenantId,
                atCreate: true,
            },
            { locale },
        );
    }
    return undefined;
}
