/**
 * Mappings a registration holds that its set does not declare (made by hand, by another tool or stack), and what the
 * set's `undeclared` mode makes of them: nothing (`ignore`), a warning on the set's row (`warn`), a failure of the
 * preview (`fail`), or their deletion at the next `up` (`remove`), each worded in the user's language.
 */
import { refusalReason } from "../errors";
import type { InputFailure } from "../mapping/failures";
import { MESSAGE_TABLES, type Locale } from "../messages";
import type { TakenSnapshot } from "../preflight";
import { processCache, slot } from "../processCache";
import { notify, urnOf } from "../session";
import type { SetEntry, SetInputs, UndeclaredMode } from "./schema";

/** What each set's read found in this process: a drift check reads every set before it checks any. */
interface Found {
    registrationName: string;
    mode: UndeclaredMode;
    mappings: Record<string, string>;
}
const FOUND = slot<Map<string, Found>>("undeclared mappings read", () => new Map());
const found = () => processCache.entry("process").get(FOUND);

/** A set's read records the undeclared mappings it found (by the set's id). */
export function rememberUndeclared(id: string, registrationName: string, mode: UndeclaredMode, mappings: Record<string, string>): void {
    found().set(id.toLowerCase(), { registrationName, mode, mappings });
}

/** At most this many are listed in one message; the set's `undeclaredMappings` output lists them all. */
const LISTED = 100;

/**
 * customer subscription id (as listed) → tenant id, for each listed mapping that no key of `mappings` names. Letter
 * case aside: a key spelled otherwise than its listed mapping is that entry's own refusal (conflicts.ts).
 */
export function undeclaredIn(snapshot: TakenSnapshot, mappings: Record<string, SetEntry>): Record<string, string> {
    const declared = new Set(Object.keys(mappings).map((key) => key.toLowerCase()));
    const undeclared: Record<string, string> = {};
    for (const [subscription, tenant] of snapshot.tenantBySubscription) {
        if (!declared.has(subscription.toLowerCase())) undeclared[subscription] = tenant;
    }
    return undeclared;
}

/** One line per mapping, written as the entry of `mappings` that would declare it. */
export function entryLines(mappings: Record<string, string>): string {
    const entries = Object.entries(mappings);
    const lines = entries.slice(0, LISTED).map(([subscription, tenant]) => `  "${subscription}": "${tenant}"`);
    if (entries.length > LISTED) lines.push(`  … +${entries.length - LISTED}`);
    return lines.join("\n");
}

/**
 * What the mode makes of the undeclared mappings at check: a failure (`fail`), or a line on the set's row (`warn`;
 * `remove` says what `up` deletes). Returns the failures.
 */
export async function judgeUndeclared(
    set: SetInputs,
    id: string,
    undeclared: Record<string, string>,
    locale: Locale,
): Promise<InputFailure[]> {
    const count = Object.keys(undeclared).length;
    if (count === 0 || set.undeclared === "ignore") return [];
    const mappings = entryLines(undeclared);
    const registrationName = set.registrationName;
    if (set.undeclared === "fail") {
        // The engine stops a preview at the first check that fails: the other `fail` sets this run has read (a drift
        // check reads every set first) are named in the same error, so one run lists every mapping nobody declared.
        const others = [...found()]
            .filter(([other, f]) => other !== id.toLowerCase() && f.mode === "fail" && Object.keys(f.mappings).length > 0)
            .map(([, f]) => f);
        return [{ registrationName, mappings: undeclared }, ...others].map((f) => ({
            property: "undeclared",
            reason: refusalReason(
                "UndeclaredMappings",
                { registrationName: f.registrationName, count: Object.keys(f.mappings).length, mappings: entryLines(f.mappings) },
                locale,
            ),
        }));
    }
    const notices = (MESSAGE_TABLES[locale] ?? MESSAGE_TABLES.en).notices;
    const facts = { registrationName, count, mappings, id };
    if (set.undeclared === "warn") await notify(notices.undeclared(facts), urnOf(id), "warning");
    else await notify(notices.willRemove(facts), urnOf(id), "warning");
    return [];
}
