/**
 * A mapping's diff as the engine's detailed diff: each changed input with its kind (add, delete, update, each
 * "replace" when the change makes it another ARM resource), so `pulumi preview` names what changes and why a
 * mapping is replaced. The decision is diffMapping's (mapping/diff.ts), the same the dynamic resource makes;
 * this only says it in the engine's terms.
 */
import type { MappingDiff } from "../mapping/diff";

export type PropertyDiffKind = "add" | "addReplace" | "delete" | "deleteReplace" | "update" | "updateReplace";

export interface DetailedDiff extends MappingDiff {
    detailedDiff: Record<string, PropertyDiffKind>;
}

const present = (value: unknown) => value !== undefined && value !== null;

export function detailedDiff(diff: MappingDiff, olds: Record<string, unknown>, news: Record<string, unknown>): DetailedDiff {
    const kinds: Record<string, PropertyDiffKind> = {};
    const kindOf = (name: string, replace: boolean): PropertyDiffKind => {
        const kind = !present(olds[name]) ? "add" : !present(news[name]) ? "delete" : "update";
        return replace ? `${kind}Replace` : kind;
    };
    for (const name of diff.replaces) kinds[name] = kindOf(name, true);
    for (const name of diff.updates) kinds[name] = kindOf(name, false);
    return { ...diff, detailedDiff: kinds };
}
