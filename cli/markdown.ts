/**
 * Values from outside (Azure's answers, state, a preview's diagnostics) in the Markdown reports that go to
 * job summaries and GitHub issues. GitHub renders HTML, links, autolinks, @mentions and #references in
 * text, but none of them inside a code span, so a value that is not plainly inert is put in one.
 */
import { GUID } from "../provider/core";
import { printableLine } from "./terminal";

/** GUIDs and names such as `contoso@east`: no character GitHub's Markdown gives a meaning to in this position. */
const INERT = /^[A-Za-z0-9-]+(@[A-Za-z0-9-]+)?$/;

/**
 * The value as inline Markdown that renders as exactly its text (control characters and escape sequences
 * replaced, on one line). In a table cell (`table`), pipes are escaped too: GFM splits cells on them even
 * inside code spans.
 */
export function mdValue(value: string, where: "text" | "table" = "text"): string {
    const text = printableLine(value);
    if (text === "" || INERT.test(text)) return text;
    // A code span ends at a backtick run as long as its opening one: open with a longer run than any inside.
    const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
    const fence = "`".repeat(longestRun + 1);
    // One space either side is stripped from a span's content; pad when the text needs its own kept.
    const pad = text.startsWith("`") || text.endsWith("`") || (text.startsWith(" ") && text.endsWith(" ")) ? " " : "";
    const span = `${fence}${pad}${text}${pad}${fence}`;
    return where === "table" ? span.replace(/\|/g, "\\|") : span;
}

/** A value that must be a GUID (a tenant or subscription id): as it is if it is one, flagged if it is not. */
export function mdGuid(value: string, where: "text" | "table" = "text"): string {
    return GUID.test(value) ? value : `not a GUID: ${mdValue(value, where)}`;
}
