/**
 * What the Pulumi engine asks of a registration set (CustomerSubscriptionMappingSet), method by method. Each entry
 * goes through the one mapping lifecycle: at check mappingCheck.ts (validation, the program's claims, the preflight
 * snapshot shared by every entry), at up lifecycle.ts's create, update and delete (set/apply.ts). What only a set does
 * lives beside: the per-entry plan (set/diff.ts), undeclared mappings (set/undeclared.ts), the deletion bound, partial
 * failure, and a read of the whole registration by one paged listing.
 *
 * diff leaves `changes` undecided when the engine's own comparison of old and new inputs shows exactly what changes,
 * so `pulumi preview --diff` prints the entries added, re-pointed or removed and not the thousands that stay.
 */
import type * as pulumi from "@pulumi/pulumi";
import { armConnection } from "../arm/connection";
import type { CustomerSubscriptionResource } from "../arm/registrations";
import { isDeclared, releaseSubscription } from "../claims";
import { registrationFailure } from "../conflicts";
import { AzureStackRegistrationError, PartialWriteError, refusalError } from "../errors";
import { deleteMappingResource } from "../lifecycle";
import { checkMapping } from "../mappingCheck";
import type { InputFailure } from "../mapping/failures";
import { refOf } from "../mapping/state";
import { UNKNOWN } from "../mapping/values";
import { MESSAGE_TABLES } from "../messages";
import { currentSnapshot, registrationSnapshot, settledSnapshot, type TakenSnapshot } from "../preflight";
import { registrationScope, type RegistrationScope } from "../scope";
import { currentSettings, notify, rememberUrn, urnOf } from "../session";
import type { ProviderSettings } from "../settings";
import { applySet, eachBounded, SET_PARALLELISM, type Applied } from "./apply";
import { hasWork, planPaths, planSet, type SetPlan } from "./diff";
import { REMOVALS, SET_REGISTRATION_INPUTS, type SetInputs, type SetOutputs } from "./schema";
import { entryInputs, entryState, inputsDigest, previousSetInputs, setId, storedSet, withTenant } from "./state";
import { judgeUndeclared, rememberUndeclared, undeclaredIn } from "./undeclared";
import { entryProperty, validateSet } from "./validation";

export { configure } from "../lifecycle";
export type { SetInputs, SetOutputs } from "./schema";

type Props = Record<string, unknown>;
const REGISTRATION_INPUTS: readonly string[] = SET_REGISTRATION_INPUTS;

function scopeOf(set: SetInputs | SetOutputs, current: ProviderSettings): RegistrationScope {
    return registrationScope(armConnection(current), refOf(set as never));
}

export async function check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult<SetInputs>> {
    const current = currentSettings();
    const { inputs, failures } = validateSet(news, current.locale);
    if (failures.length > 0 || inputs.registrationId === UNKNOWN)
        return { inputs: failures.length > 0 ? (news as never) : inputs, failures };
    const id = setId(inputs.registrationId);
    rememberUrn(id, news.__urn);
    if ((inputs.mappings as unknown) === UNKNOWN) return { inputs, failures: [] };
    const scope = scopeOf(inputs, current);
    const previous = previousSetInputs(olds);
    for (const key of Object.keys(previous?.mappings ?? {})) if (!Object.hasOwn(inputs.mappings, key)) releaseSubscription(scope, key);

    const options = {
        current,
        declarer: { owner: typeof news.__urn === "string" ? news.__urn : id, kind: "set" as const },
        registrationProperty: news.registrationId !== undefined ? "registrationId" : "registrationName",
        announce: false,
    };
    const sameRegistration = previous && previous.registrationId?.toLowerCase() === inputs.registrationId.toLowerCase();
    const checks = await Promise.all(
        Object.entries(inputs.mappings).map(async ([key, entry]) => {
            const before = sameRegistration && Object.hasOwn(previous.mappings, key) ? previous.mappings[key] : undefined;
            const prior = before === undefined ? undefined : entryInputs(previous!, key, before);
            return { key, ...(await checkMapping(entryInputs(inputs, key, entry), prior, options)) };
        }),
    );
    const own = setFailures(checks);
    if (own.length > 0) return { inputs, failures: own };
    const adopting = checks.filter((c) => c.adopts).length;
    const notices = (MESSAGE_TABLES[current.locale] ?? MESSAGE_TABLES.en).notices;
    if (adopting > 0) await notify(notices.setWillAdopt({ registrationName: inputs.registrationName, count: adopting, id }), urnOf(id));

    // fail and remove list the registration at every preview; warn uses a listing this run already has.
    const listed = inputs.undeclared === "fail" || inputs.undeclared === "remove";
    let snapshot: TakenSnapshot | undefined;
    try {
        snapshot = listed ? await currentSnapshot(scope, inputs.apiVersion) : settledSnapshot(scope);
    } catch (error) {
        const failure = registrationFailure(error, options.registrationProperty);
        if (failure) return { inputs, failures: [failure] };
        throw error;
    }
    // Keys the set managed and no longer declares are its own to delete (within the bound), not undeclared.
    const undeclared =
        snapshot && inputs.undeclared !== "ignore" ? undeclaredIn(snapshot, { ...previous?.mappings, ...inputs.mappings }) : {};
    if (inputs.undeclared === "remove" && Object.keys(undeclared).length > 0) inputs[REMOVALS] = undeclared;
    const removedKeys = Object.keys(previous?.mappings ?? {}).filter((key) => !Object.hasOwn(inputs.mappings, key));
    const bound = deletionBound(inputs, [...removedKeys, ...Object.keys(inputs[REMOVALS] ?? {})], false);
    // What this program declares now decides the set's mode, over what its read found in state.
    if (snapshot && inputs.undeclared !== "ignore") rememberUndeclared(id, inputs.registrationName, inputs.undeclared, undeclared);
    const judged = await judgeUndeclared(inputs, id, undeclared, current.locale);
    return { inputs, failures: [...judged, ...(bound ? [{ property: "maxDeletions", reason: bound.message }] : [])] };
}

/**
 * Entry failures under `mappings["<key>"]`; a failure about the registration once, on the set's own input (the one that
 * names an entry, e.g. a subscription another resource declares too, when there is one).
 */
function setFailures(checks: { key: string; failures: InputFailure[] }[]): InputFailure[] {
    const failures: InputFailure[] = [];
    const registrationLevel = new Map<string, InputFailure>();
    for (const { key, failures: own } of checks) {
        for (const failure of own) {
            if (!REGISTRATION_INPUTS.includes(failure.property))
                failures.push({ ...failure, property: entryProperty(key, failure.property) });
            else if (!registrationLevel.has(failure.property) || failure.reason.includes(key))
                registrationLevel.set(failure.property, failure);
        }
    }
    return [...registrationLevel.values(), ...failures];
}

/** The refusal when deleting `keys` would pass the set's maxDeletions; undefined within the bound. */
function deletionBound(set: SetInputs | SetOutputs, keys: string[], whole: boolean): AzureStackRegistrationError | undefined {
    if (keys.length <= set.maxDeletions) return undefined;
    const subscriptions = keys.slice(0, 5).join(", ") + (keys.length > 5 ? ", …" : "");
    const facts = { registrationName: set.registrationName, count: keys.length, maxDeletions: set.maxDeletions, subscriptions, whole };
    return refusalError("TooManyDeletions", facts, { locale: currentSettings().locale });
}

export async function diff(_id: string, olds: Props, news: SetInputs): Promise<pulumi.dynamic.DiffResult> {
    const { plan, removals, work } = changeOf(olds, news);
    if (plan.replaces.length > 0) return { changes: true, replaces: plan.replaces, deleteBeforeReplace: false };
    if (!work) return { changes: false };
    // Undecided: the engine compares old and new inputs and prints only what changed; when they are equal (after a
    // partial failure, or removals found again) it would see nothing, so the change is said here.
    return olds.inputsDigest === inputsDigest(news as unknown as Props) ? { changes: true } : {};
}

/** The same decision as a provider plugin's detailed diff: each changed entry by its path (set/diff.ts, planPaths). */
export async function detailedDiff(olds: Props, news: SetInputs) {
    const { plan, removals, work } = changeOf(olds, news);
    return { changes: work, replaces: plan.replaces, deleteBeforeReplace: false, detailedDiff: planPaths(plan, [...removals.keys()]) };
}

function changeOf(olds: Props, news: SetInputs) {
    const old = { mappings: {}, etags: {}, ...olds } as SetOutputs;
    const plan = planSet(old, news);
    const removals = pendingRemovals(news, old.mappings);
    return { plan, removals, work: hasWork(plan) || removals.size > 0 };
}

/**
 * The undeclared mappings a `remove` set deletes, by the listing this process holds, with their listed resources; not
 * the keys it managed (`managed`), which it deletes as removed entries.
 */
function pendingRemovals(set: SetInputs, managed: SetOutputs["mappings"]): Map<string, CustomerSubscriptionResource> {
    if (set.undeclared !== "remove" || set.registrationId === UNKNOWN || (set.mappings as unknown) === UNKNOWN) return new Map();
    const snapshot = settledSnapshot(scopeOf(set, currentSettings()));
    if (!snapshot) return new Map();
    const undeclared = Object.keys(undeclaredIn(snapshot, { ...managed, ...set.mappings }));
    return new Map(undeclared.map((s) => [s, snapshot.resources.get(s)!]));
}

export async function create(inputs: SetInputs & Props): Promise<{ id: string; outs: SetOutputs }> {
    const id = setId(inputs.registrationId);
    const none: SetOutputs = { ...inputs, mappings: {}, etags: {}, undeclaredMappings: {}, inputsDigest: "" };
    return { id, outs: await apply(id, inputs, none, planSet(none, inputs), false) };
}

export async function update(id: string, olds: Props, news: SetInputs & Props): Promise<{ outs: SetOutputs }> {
    const old = storedSet(olds, id, "update");
    return { outs: await apply(id, news, old, planSet(old, news), true) };
}

/**
 * The plan applied within the deletion bound; the outputs, or, when entries failed, an error carrying the id and what
 * was applied (and `__provider`), which the engine keeps in state.
 */
async function apply(id: string, news: SetInputs & Props, old: SetOutputs, plan: SetPlan, existed: boolean): Promise<SetOutputs> {
    const current = currentSettings();
    const scope = scopeOf(news, current);
    const wanted = Object.keys(news[REMOVALS] ?? {});
    if (wanted.length > 0 && !settledSnapshot(scope)) await registrationSnapshot(scope, news.apiVersion);
    const listed = pendingRemovals(news, old.mappings);
    const removals = new Map(wanted.filter((s) => listed.has(s)).map((s) => [s, listed.get(s)!]));
    const bound = deletionBound(news, [...plan.remove, ...removals.keys()], false);
    if (bound) throw bound;

    const applied = await applySet(news, old, plan, removals);
    const outs = outputsOf(news, applied, settledSnapshot(scope), old);
    const notices = (MESSAGE_TABLES[current.locale] ?? MESSAGE_TABLES.en).notices;
    if (applied.adopted > 0) {
        await notify(notices.setAdopted({ registrationName: news.registrationName, count: applied.adopted, id }), urnOf(id));
    }
    if (applied.failed.size === 0) return outs;
    const lines = [...applied.failed].map(([key, error]) => `- ${key}: ${firstLine(error)}`);
    const facts = {
        registrationName: news.registrationName,
        failed: applied.failed.size,
        total: Object.keys(news.mappings).length,
        entries: lines.join("\n"),
    };
    const failure = refusalError("SetEntriesFailed", facts, { locale: current.locale });
    const changedAnything = existed || Object.keys(outs.mappings).length > 0 || applied.deleted.size > 0;
    if (!changedAnything) throw failure;
    outs.failedEntries = Object.fromEntries([...applied.failed].map(([key, error]) => [key, codeOf(error)]));
    // The engine prints a partial failure's reasons, not its message: the one reason is the whole explanation. The
    // dynamic host does not add `__provider` to a partial failure's state: it is kept here (a plugin has none).
    const provider = news.__provider !== undefined ? { __provider: news.__provider } : {};
    throw new PartialWriteError(id, { ...outs, ...provider }, failure.message);
}

function outputsOf(news: SetInputs, applied: Applied, snapshot: TakenSnapshot | undefined, old: SetOutputs): SetOutputs {
    const { [REMOVALS]: _removals, ...inputs } = news;
    const seen = snapshot ? undeclaredIn(snapshot, applied.mappings) : old.undeclaredMappings;
    const undeclaredMappings = Object.fromEntries(
        Object.entries(seen).filter(([s]) => !applied.deleted.has(s) && !Object.hasOwn(applied.mappings, s)),
    );
    const own = Object.fromEntries(Object.entries(inputs).filter(([key]) => !key.startsWith("__"))) as Omit<SetInputs, typeof REMOVALS>;
    return {
        ...own,
        mappings: applied.mappings,
        etags: applied.etags,
        undeclaredMappings,
        inputsDigest: inputsDigest(news as unknown as Props),
    };
}

const codeOf = (error: unknown) =>
    error instanceof AzureStackRegistrationError ? error.code : error instanceof Error ? error.name : "Error";
const firstLine = (error: unknown) => String(error instanceof Error ? error.message : error).split("\n")[0];

/** The whole registration by one paged listing (⌈M/100⌉ pages and the registration): each managed entry as Azure holds it. */
export async function read(id: string, props: Props = {}): Promise<{ id?: string; props?: SetOutputs; inputs?: SetInputs }> {
    const stored = storedSet(props, id, "read");
    let snapshot: TakenSnapshot;
    try {
        snapshot = await currentSnapshot(scopeOf(stored, currentSettings()), stored.apiVersion);
    } catch (error) {
        // A registration that no longer exists has no mappings either.
        if (error instanceof AzureStackRegistrationError && error.code === "RegistrationNotFound") return {};
        throw error;
    }
    const mappings: SetOutputs["mappings"] = {};
    const etags: SetOutputs["etags"] = {};
    // A key listed in another letter case is the same ARM resource (ARM routes names so), as a GET of it would find.
    const byLowerCase = new Map([...snapshot.resources].map(([s, resource]) => [s.toLowerCase(), resource]));
    for (const [key, entry] of Object.entries(stored.mappings)) {
        const resource = snapshot.resources.get(key) ?? byLowerCase.get(key.toLowerCase());
        if (!resource?.properties?.tenantId) continue;
        mappings[key] = withTenant(entry, resource.properties.tenantId.toLowerCase());
        etags[key] = resource.etag ?? null;
    }
    const undeclaredMappings = undeclaredIn(snapshot, mappings);
    rememberUndeclared(id, stored.registrationName, stored.undeclared, undeclaredMappings);
    const { etags: _e, undeclaredMappings: _u, failedEntries: _f, inputsDigest: _d, ...declared } = stored;
    const inputs: SetInputs = { ...declared, mappings };
    if (stored.undeclared === "remove" && Object.keys(undeclaredMappings).length > 0) inputs[REMOVALS] = undeclaredMappings;
    const outs: SetOutputs = { ...declared, mappings, etags, undeclaredMappings, inputsDigest: inputsDigest(inputs as unknown as Props) };
    return { id, props: outs, inputs };
}

/**
 * Deletes every entry the set manages, within its maxDeletions; an entry another resource of this program now declares
 * (a migration to single mappings) leaves with the set and stays in Azure.
 */
export async function deleteSet(id: string, props: Props): Promise<void> {
    const stored = storedSet(props, id, "delete");
    const scope = scopeOf(stored, currentSettings());
    const keys = Object.keys(stored.mappings);
    const bound = deletionBound(
        stored,
        keys.filter((key) => !isDeclared(scope, key)),
        true,
    );
    if (bound) throw bound;
    const failed = await eachBounded(keys, SET_PARALLELISM, async (key) => {
        const entry = entryState(stored, key);
        await deleteMappingResource(entry.id, entry.state as unknown as Props);
    });
    if (failed.size === 0) return;
    const lines = [...failed].map(([key, error]) => `- ${key}: ${firstLine(error)}`);
    throw refusalError(
        "SetEntriesFailed",
        { registrationName: stored.registrationName, failed: failed.size, total: keys.length, entries: lines.join("\n") },
        { locale: currentSettings().locale },
    );
}
