/**
 * Strings from outside (Azure's answers and error messages, a preview's diagnostics) made safe to print to a
 * terminal: no escape sequence can recolour, retitle, hide lines, write to the clipboard (OSC 52) or move the
 * cursor, and no bidirectional override can make the text read differently from what it is.
 */
import { stripVTControlCharacters } from "node:util";

/**
 * C0 controls but tab and newline, DEL, C1 controls (U+009B is a one-byte CSI), the Unicode line and
 * paragraph separators, and the bidirectional embeddings, overrides and isolates.
 */
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The text without terminal escape sequences (Node's own parser of them), line ends as \\n, other controls replaced by '?'. */
export function printable(text: string): string {
    return stripVTControlCharacters(text).replace(/\r\n?/g, "\n").replace(UNPRINTABLE, "?");
}

/** As printable, on one line: newlines and tabs become spaces. */
export function printableLine(text: string): string {
    return printable(text).replace(/[\n\t]/g, " ");
}

/**
 * JSON.stringify's text with the characters it leaves raw but a terminal may act on (DEL, C1 controls, line
 * separators, bidirectional controls) written as \u escapes: the same JSON to a parser, inert on a screen.
 */
export function printableJson(value: unknown, indent?: number): string {
    return JSON.stringify(value, null, indent).replace(
        /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
}
