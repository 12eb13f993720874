/**
 * Mappings a registration holds that its set does not declare (made by hand, by another tool or stack), and what the
 * set's `undeclared` mode makes of them: nothing (`ignore`), a warning on the set's row (`warn`), a failure of the
 * preview (`fail`), or their deletion at the next `up` (`remove`), each worded in the user's language.
 */
import { refusalReason } from "../errors";
import type { InputFailure } from "../mapping/failures";
import { MESSAGE_TABLES, type Locale } from "../messages";
import type { TakenSnapshot } from "../preflight";
import { notify, urnOf } from "../session";
import type { SetEntry, SetInputs } from "./schema";

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
        return [{ property: "undeclared", reason: refusalReason("UndeclaredMappings", { registrationName, count, mappings }, locale) }];
    }
    const notices = (MESSAGE_TABLES[locale] ?? MESSAGE_TABLES.en).notices;
    const facts = { registrationName, count, mappings, id };
    if (set.undeclared === "warn") await notify(notices.undeclared(facts), urnOf(id), "warning");
    else await notify(notices.willRemove(facts), urnOf(id), "warning");
    return [];
}
