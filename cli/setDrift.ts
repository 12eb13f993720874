/**
 * `drift-report` for registration sets: a CustomerSubscriptionMappingSet's entries listed like single mappings, from
 * the same preview JSON. A set's refresh step carries the state before the refresh; its plan step (when the preview
 * plans anything) carries the refreshed state (oldState) and the declaration (newState), entry by entry. Mappings in
 * Azure that a set does not declare come from the set's warning (undeclared: warn, or what remove deletes): one line
 * per mapping, written as the entry that would declare it, `"<subscription>": "<tenant>"`, whatever the language.
 */
import type { DriftedMapping, PreviewDigest } from "./previewDigest";

const SET_TYPE_SUFFIX = ":CustomerSubscriptionMappingSet";
const ENTRY_LINE = /^\s*"([0-9A-Fa-f-]{36})": "([0-9A-Fa-f-]{36})"\s*$/gm;

type Entry = string | { tenantId?: string };
type State = { id?: string; type?: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> } | null | undefined;

export function isSetUrn(urn: string): boolean {
    return (urn.split("::")[2] ?? "").endsWith(SET_TYPE_SUFFIX);
}

/** The sets' entries that differ from their declaration, and the mappings the sets found undeclared. */
export function setDrift(preview: PreviewDigest): { checked: number; drifted: DriftedMapping[] } {
    const steps = (preview.steps ?? []).filter((step) => isSetUrn(step.urn));
    const recorded = new Map(steps.filter((s) => s.op === "refresh").map((s) => [s.urn, s.oldState]));
    const planned = new Map(
        steps.filter((s) => s.op !== "refresh" && !s.op.endsWith("-replaced") && s.op !== "create-replacement").map((s) => [s.urn, s]),
    );
    const drifted: DriftedMapping[] = [];
    let checked = 0;
    for (const urn of new Set([...recorded.keys(), ...planned.keys()])) {
        const before = recorded.get(urn);
        checked += Object.keys(mappingsOf(before?.outputs)).length;
        const step = planned.get(urn);
        if (step) drifted.push(...entryDrift(urn, step.op, before, step.oldState, step.newState));
    }
    for (const diagnostic of preview.diagnostics ?? []) {
        if (diagnostic.severity !== "warning" || !diagnostic.urn || !isSetUrn(diagnostic.urn)) continue;
        const removing = mappingsOf(planned.get(diagnostic.urn)?.newState?.inputs, "removeUndeclared");
        const registrationName = registrationOf(planned.get(diagnostic.urn)?.newState ?? recorded.get(diagnostic.urn));
        for (const [, subscription, tenant] of (diagnostic.message ?? "").matchAll(ENTRY_LINE)) {
            drifted.push({
                name: `${nameOf(diagnostic.urn)}[${subscription}]`,
                kind: "undeclared",
                customerSubscriptionId: subscription,
                registrationName,
                azureTenantId: tenant!.toLowerCase(),
                otherDifferences: [],
                plannedOperation: Object.hasOwn(removing, subscription!) ? "delete" : "none",
            });
        }
    }
    return { checked, drifted };
}

/** Each entry whose refreshed state (`now`) differs from its declaration (`declared`); `before` says who changed it. */
function entryDrift(urn: string, op: string, before: State, now: State, declaredState: State): DriftedMapping[] {
    const recorded = mappingsOf(before?.outputs);
    const inAzure = op === "create" ? {} : mappingsOf(now?.outputs);
    const declared = op === "delete" ? {} : mappingsOf(declaredState?.inputs);
    const registrationName = registrationOf(declaredState ?? now ?? before);
    const rows: DriftedMapping[] = [];
    for (const key of new Set([...Object.keys(recorded), ...Object.keys(inAzure), ...Object.keys(declared)])) {
        const [was, is, wanted] = [tenantOf(recorded[key]), tenantOf(inAzure[key]), tenantOf(declared[key])];
        if (is !== undefined && wanted !== undefined && is.toLowerCase() === wanted.toLowerCase()) continue;
        const row = {
            name: `${nameOf(urn)}[${key}]`,
            customerSubscriptionId: key,
            registrationName,
            declaredTenantId: wanted,
            azureTenantId: is,
            recordedTenantId: was,
            otherDifferences: [],
        };
        if (is === undefined) {
            if (wanted === undefined) continue; // removed from the set and already gone
            rows.push({
                ...row,
                kind: was !== undefined ? "deleted-outside-pulumi" : "declared-but-not-created",
                plannedOperation: "create",
            });
        } else if (wanted === undefined) rows.push({ ...row, kind: "no-longer-declared", plannedOperation: "delete" });
        else {
            const repointed = was !== undefined && was.toLowerCase() !== is.toLowerCase();
            rows.push({
                ...row,
                kind: repointed ? "tenant-repointed-outside-pulumi" : "declared-change-not-applied",
                plannedOperation: "update",
            });
        }
    }
    return rows;
}

function mappingsOf(values: Record<string, unknown> | undefined, key = "mappings"): Record<string, Entry> {
    const mappings = values?.[key];
    return mappings && typeof mappings === "object" && !Array.isArray(mappings) ? (mappings as Record<string, Entry>) : {};
}

function tenantOf(entry: Entry | undefined): string | undefined {
    const tenant = typeof entry === "string" ? entry : entry?.tenantId;
    return typeof tenant === "string" ? tenant : undefined;
}

function registrationOf(state: State): string | undefined {
    const values = state?.outputs ?? state?.inputs;
    const name = values?.registrationName;
    return typeof name === "string" ? name : undefined;
}

function nameOf(urn: string): string {
    return urn.split("::").pop() ?? urn;
}
