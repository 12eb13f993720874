/**
 * The check of one validated mapping, after validation: what the program declares (claims.ts, offline), then, for a
 * new or changed mapping, what the registration holds (the preflight snapshot, preflight.ts), judged by
 * conflicts.ts. The dynamic resource's `check` (lifecycle.ts) runs it for its mapping; a set runs it for each of its
 * entries, sharing the one snapshot of the registration.
 */
import { armConnection } from "./arm/connection";
import { claimRegistration, claimSubscription, claimTenant, isReleased, releaseSubscription, type Declarer } from "./claims";
import { programConflict, registrationConflict, registrationFailure, snapshotConflicts } from "./conflicts";
import type { InputFailure } from "./mapping/failures";
import { sameValue, type MappingInputs } from "./mapping/schema";
import { refOf } from "./mapping/state";
import { UNKNOWN } from "./mapping/values";
import { notice } from "./notices";
import { registrationSnapshot } from "./preflight";
import { registrationEntry, registrationScope, type RegistrationScope } from "./scope";
import type { ProviderSettings } from "./settings";

export function scopeOf(inputs: MappingInputs, current: ProviderSettings): RegistrationScope {
    return registrationScope(armConnection(current), refOf(inputs));
}

export interface MappingCheckOptions {
    current: ProviderSettings;
    /** The resource that declares the mapping (its URN, or the mapping's id) and whether it is a set. */
    declarer: Declarer;
    /** The input a failure about the registration itself is reported on (registrationId or registrationName). */
    registrationProperty: string;
    /** Say at preview that an existing identical mapping will be adopted (a set says it once for all its entries). */
    announce: boolean;
}

export interface MappingCheck {
    failures: InputFailure[];
    /** The mapping exists exactly as declared: `pulumi up` adopts it without a write. */
    adopts: boolean;
}

export async function checkMapping(
    inputs: MappingInputs,
    previous: MappingInputs | undefined,
    options: MappingCheckOptions,
): Promise<MappingCheck> {
    const { current } = options;
    const programFailures = recordIntent(previous, inputs, options);
    const unchanged = previous !== undefined && sameDeclaration(previous, inputs);
    if (unchanged || !current.preflight || inputs.registrationId === UNKNOWN) return { failures: programFailures, adopts: false };
    const { failures, adopts } = await preflightFailures(inputs, previous, options);
    return { failures: [...programFailures, ...failures], adopts };
}

/**
 * Offline: records what this resource maps (claims.ts) and fails when another resource of the program maps the same
 * tenant to another subscription on the same registration, or when a set shares the registration with another resource.
 */
function recordIntent(previous: MappingInputs | undefined, inputs: MappingInputs, options: MappingCheckOptions): InputFailure[] {
    const { current, declarer } = options;
    if (
        previous &&
        (previous.customerSubscriptionId !== inputs.customerSubscriptionId ||
            !sameValue("registrationId", previous.registrationId, inputs.registrationId))
    ) {
        releaseSubscription(registrationEntry(current, refOf(previous)), previous.customerSubscriptionId);
    }
    if ([inputs.registrationId, inputs.tenantId, inputs.customerSubscriptionId].includes(UNKNOWN)) return [];
    const scope = registrationEntry(current, refOf(inputs));
    const twice = claimSubscription(scope, inputs.customerSubscriptionId, declarer.owner);
    const sharing = claimRegistration(scope, declarer);
    const rival = claimTenant(scope, inputs.tenantId, inputs.customerSubscriptionId);
    return [
        ...registrationConflict(inputs, declarer, sharing, twice, options.registrationProperty, current.locale),
        ...programConflict(inputs, rival, current.locale, declarer.kind === "set"),
    ];
}

/** Online: what the registration already holds (preflight.ts), judged by conflicts.ts. */
async function preflightFailures(
    inputs: MappingInputs,
    previous: MappingInputs | undefined,
    options: MappingCheckOptions,
): Promise<MappingCheck> {
    const { current } = options;
    const scope = scopeOf(inputs, current);
    let snapshot;
    try {
        snapshot = await registrationSnapshot(scope, inputs.apiVersion);
    } catch (error) {
        const failure = registrationFailure(error, options.registrationProperty);
        if (failure) return { failures: [failure], adopts: false };
        throw error;
    }
    const decision = snapshotConflicts(snapshot, inputs, {
        previous,
        released: (subscription) => isReleased(scope, subscription),
        adoptExistingSetting: current.adoptExisting,
        locale: current.locale,
    });
    if (decision.adopts && options.announce) await notice("willAdopt", inputs, current);
    return decision;
}

/** Same mapping as declared before: no request is needed to preview it. */
function sameDeclaration(a: MappingInputs, b: MappingInputs): boolean {
    return (
        sameValue("registrationId", a.registrationId, b.registrationId) &&
        a.customerSubscriptionId === b.customerSubscriptionId &&
        a.tenantId === b.tenantId
    );
}
