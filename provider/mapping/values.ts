/**
 * The checks of single values, by format: what is wrong with a value, as facts a locale's messages word
 * (messages/<locale>.ts, `validation`). Pure; no I/O. Everything that ends up in a URL path is checked
 * here against a strict ASCII allow-list.
 */
import type { GuidProblem, NameProblem, NotedChar, ShownValue } from "../messages/validationTypes";

/** The value Pulumi passes for inputs that are not known yet during preview (any depth, any type). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A GUID in its 8-4-4-4-12 form, either letter case: how ARM names subscriptions and tenants. */
export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// ARM allows Unicode letters in resource group names; we accept ASCII only, because a look-alike letter
// (Cyrillic 'а' for 'a') silently names a different resource group. AzureStack-Tools creates ASCII names.
const RESOURCE_GROUP = /^[A-Za-z0-9_().-]{1,90}$/;
// Registration names have no documented rule; AzureStack-Tools makes 'azurestack-<CloudID>'. We accept the
// characters ARM resource names commonly allow and nothing that could change a URL's meaning.
const REGISTRATION_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

export function isUnknown(value: unknown): boolean {
    if (value === UNKNOWN) return true;
    if (Array.isArray(value)) return value.some(isUnknown);
    if (value !== null && typeof value === "object") return Object.values(value).some(isUnknown);
    return false;
}

export type Checked<P> = { value: string } | { problem: P };

/** A GUID, lower-cased or kept as written. */
export function checkGuid(value: unknown, letterCase: "lowerCase" | "exact"): Checked<GuidProblem> {
    if (typeof value !== "string") return { problem: { kind: "notString", got: shown(value) } };
    if (GUID.test(value)) return { value: letterCase === "lowerCase" ? value.toLowerCase() : value };
    return { problem: diagnoseGuid(value) };
}

/** Says what is wrong with a string that should have been a bare GUID. */
function diagnoseGuid(value: string): GuidProblem {
    if (value.length === 0) return { kind: "empty" };
    const invisible = findInvisible(value);
    if (invisible) return { kind: "invisible", char: invisible };
    if (value.trim() !== value) return { kind: "whitespace" };
    if (/^\{.*\}$/.test(value) || /^\(.*\)$/.test(value)) return { kind: "wrapped" };
    if (/^urn:uuid:/i.test(value)) return { kind: "urnPrefix" };
    if (value.includes("%")) return { kind: "percentEncoded" };
    const nonAscii = findNonAscii(value);
    if (nonAscii) return { kind: "lookAlike", char: nonAscii };
    if (/^[0-9a-fA-F]{32}$/.test(value)) return { kind: "noHyphens" };
    return { kind: "other", got: shown(value) };
}

export function checkResourceGroup(value: unknown): Checked<NameProblem> {
    const problem =
        nameProblem(value, RESOURCE_GROUP, 90, "resourceGroup") ?? (String(value).endsWith(".") ? { kind: "trailingDot" } : undefined);
    return problem ? { problem } : { value: value as string };
}

export function checkRegistrationName(value: unknown): Checked<NameProblem> {
    // A trailing '.' is refused as ARM refuses it in resource names; a name of '.' would be a URL dot segment
    // (https://…/registrations/./customerSubscriptions is …/registrations/customerSubscriptions).
    const problem =
        nameProblem(value, REGISTRATION_NAME, 128, "registrationName") ??
        (String(value).endsWith(".") ? { kind: "trailingDot" } : undefined);
    return problem ? { problem } : { value: value as string };
}

/** Why `value` is not an acceptable path segment, or undefined when it is. */
function nameProblem(
    value: unknown,
    pattern: RegExp,
    maxLength: number,
    allowed: "resourceGroup" | "registrationName",
): NameProblem | undefined {
    if (typeof value !== "string") return { kind: "notString", got: shown(value) };
    if (value.length === 0) return { kind: "empty" };
    if (value.length > maxLength) return { kind: "tooLong", length: value.length, max: maxLength };
    if (value.includes("..")) return { kind: "dotDot" };
    const invisible = findInvisible(value);
    if (invisible) return { kind: "invisible", char: invisible };
    const forbidden = [...value].find((ch) => "/\\?#%&:<>*\"'".includes(ch) || /\s/.test(ch));
    if (forbidden) return { kind: "forbidden", char: JSON.stringify(forbidden) };
    const nonAscii = findNonAscii(value);
    if (nonAscii) return { kind: "lookAlike", char: nonAscii, allowed };
    if (!pattern.test(value)) return { kind: "notAllowed", allowed, got: shown(value) };
    return undefined;
}

function findInvisible(value: string): NotedChar | undefined {
    for (const ch of value) {
        const cp = ch.codePointAt(0)!;
        if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0)) return { kind: "control", codePoint: codePoint(cp) };
        if ((cp >= 0x200b && cp <= 0x200f) || cp === 0x2060 || cp === 0xfeff || cp === 0x00ad || (cp >= 0x202a && cp <= 0x202e)) {
            return { kind: "invisible", codePoint: codePoint(cp) };
        }
    }
    return undefined;
}

function findNonAscii(value: string): NotedChar | undefined {
    const ch = [...value].find((c) => c.codePointAt(0)! > 0x7e);
    return ch ? { kind: "nonAscii", char: ch, codePoint: codePoint(ch.codePointAt(0)!) } : undefined;
}

const codePoint = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;

/** A bad value as messages show it: never more than 80 characters of text. */
export function shown(value: unknown): ShownValue {
    if (value === null) return { kind: "null" };
    if (Array.isArray(value)) return { kind: "array" };
    if (typeof value === "object") return { kind: "object" };
    if (typeof value === "string") {
        const text = JSON.stringify(value);
        return text.length > 80 ? { kind: "longText", text: `${text.slice(0, 77)}..."`, length: value.length } : { kind: "text", text };
    }
    return { kind: "other", type: typeof value, text: String(value) };
}

/** The resource type an ARM id names, when it names one (for "that is a … id"). */
export function resourceTypeOf(id: string): string | undefined {
    const providers = /\/providers\/([^/]+)\/([^/]+)(?:\/[^/]+\/([^/]+))?/i.exec(id);
    if (!providers) return undefined;
    return providers[3] ? `${providers[1]}/${providers[2]}/${providers[3]}` : `${providers[1]}/${providers[2]}`;
}
