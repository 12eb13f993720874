/**
 * Applies a set's plan (set/diff.ts) entry by entry through the one mapping lifecycle (lifecycle.ts: adoption
 * without a write, create-only PUT, PUT with If-Match, DELETE with If-Match), at most SET_PARALLELISM entries at a
 * time; the ARM client's gate (arm/throttle.ts) paces them further by ARM's write quota and Retry-After. Every entry's
 * outcome is kept: what was applied, and each failure, so that state records exactly what happened.
 */
import { mappingResourceId } from "../arm/ids";
import type { CustomerSubscriptionResource } from "../arm/registrations";
import { create as createMapping, deleteMappingResource, update as updateMapping } from "../lifecycle";
import type { MappingOutputs } from "../mapping/schema";
import { PartialWriteError } from "../errors";
import type { SetPlan } from "./diff";
import type { SetEntry, SetInputs, SetOutputs } from "./schema";
import { entryInputs, entryState, withTenant } from "./state";

/** Entries written at once by one set. With ten sets in a stack, enough to spend ARM's write burst in seconds. */
export const SET_PARALLELISM = 16;

export interface Applied {
    /** The managed entries after applying, as Azure holds them. */
    mappings: Record<string, SetEntry>;
    etags: Record<string, string | null>;
    /** Each entry (or undeclared mapping) that failed, with its error. */
    failed: Map<string, unknown>;
    /** Entries adopted without a write. */
    adopted: number;
    /** Keys this apply deleted (entries and undeclared mappings). */
    deleted: Set<string>;
}

/**
 * Runs `work` on each item, at most `limit` at a time, and settles every one (a failure does not stop the others).
 * Hand-written: a dozen lines, where a dependency would bring a second scheduler for the same loop.
 */
export async function eachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<Map<T, unknown>> {
    const failed = new Map<T, unknown>();
    let next = 0;
    const lane = async () => {
        while (next < items.length) {
            const item = items[next++]!;
            await work(item).catch((error: unknown) => void failed.set(item, error));
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
    return failed;
}

/**
 * Deletes first what ARM would confuse with a created key (letter case), then creates, re-points and re-sets options,
 * then deletes the rest and the undeclared mappings `removals` names (their listed resources, for If-Match).
 */
export async function applySet(
    news: SetInputs,
    current: SetOutputs,
    plan: SetPlan,
    removals: Map<string, CustomerSubscriptionResource>,
): Promise<Applied> {
    const applied: Applied = {
        mappings: { ...current.mappings },
        etags: { ...current.etags },
        failed: new Map(),
        adopted: 0,
        deleted: new Set(),
    };
    const record = (key: string, entry: SetEntry, outs: MappingOutputs) => {
        applied.mappings[key] = withTenant(entry, outs.tenantId);
        applied.etags[key] = outs.etag;
    };
    const run = async (keys: readonly string[], work: (key: string) => Promise<void>) => {
        for (const [key, error] of await eachBounded(keys, SET_PARALLELISM, work)) {
            // Written, but its answer could not be read back: the mapping exists, state keeps it as sent.
            if (error instanceof PartialWriteError) record(key, news.mappings[key]!, error.properties as MappingOutputs);
            applied.failed.set(key, error);
        }
    };
    const removeEntry = async (key: string) => {
        const { id, state } = entryState(current, key);
        await deleteMappingResource(id, state as unknown as Record<string, unknown>);
        delete applied.mappings[key];
        delete applied.etags[key];
        applied.deleted.add(key);
    };
    const onAdopted = () => void applied.adopted++;

    await run(plan.removeFirst, removeEntry);
    const removedFirst = new Set(plan.removeFirst);
    await run(plan.create, async (key) => {
        const entry = news.mappings[key]!;
        record(key, entry, (await createMapping(entryInputs(news, key, entry), { onAdopted })).outs);
    });
    await run([...plan.retarget, ...plan.options], async (key) => {
        const entry = news.mappings[key]!;
        const { id, state } = entryState(current, key);
        record(key, entry, (await updateMapping(id, state as unknown as Record<string, unknown>, entryInputs(news, key, entry))).outs);
    });
    await run(
        plan.remove.filter((key) => !removedFirst.has(key)),
        removeEntry,
    );
    await run([...removals.keys()], async (subscription) => {
        const listed = removals.get(subscription)!;
        const state = {
            ...entryInputs(news, subscription, listed.properties?.tenantId?.toLowerCase() ?? ""),
            etag: listed.etag ?? null,
        };
        await deleteMappingResource(mappingResourceId(news.registrationId, subscription), state);
        applied.deleted.add(subscription);
    });
    return applied;
}
