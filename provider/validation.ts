/**
 * Offline input validation and normalisation: the first half of `check`. Pure functions, no I/O.
 *
 * Everything that ends up in a URL path is validated here against a strict ASCII allow-list, so bad
 * input is refused with a message naming the property and the fix before any request is sent.
 */
import { mappingIdNames, mappingResourceId, REGISTRATION_ID, registrationResourceId } from "./arm/ids";

/** The value Pulumi passes for inputs that are not known yet during preview (any depth, any type). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const API_VERSIONS = ["2017-06-01", "2020-06-01-preview", "2022-03-01", "2022-06-01"] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];
export const DEFAULT_API_VERSION: ApiVersion = "2017-06-01";

/** The inputs after `check`: always this shape, whichever way the user named the registration. */
export interface MappingInputs {
    registrationId: string;
    registrationSubscriptionId: string;
    resourceGroup: string;
    registrationName: string;
    customerSubscriptionId: string;
    tenantId: string;
    apiVersion: string;
    allowTenantReassignment: boolean;
    /** Absent unless the user set it: the provider setting of the same name decides then (default true). */
    adoptExisting?: boolean;
}

export interface InputFailure {
    property: string;
    reason: string;
}

export interface ValidationResult {
    inputs: MappingInputs;
    failures: InputFailure[];
}

const USER_PROPERTIES = [
    "registrationId",
    "registrationSubscriptionId",
    "resourceGroup",
    "registrationName",
    "customerSubscriptionId",
    "tenantId",
    "apiVersion",
    "allowTenantReassignment",
    "adoptExisting",
] as const;

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

/** Validates raw inputs (as Pulumi passes them to `check`) and returns them in canonical form. */
export function validateInputs(raw: Record<string, unknown>): ValidationResult {
    const failures: InputFailure[] = [];
    const fail = (property: string, reason: string) => failures.push({ property, reason });

    for (const key of Object.keys(raw)) {
        if (key.startsWith("__") || (USER_PROPERTIES as readonly string[]).includes(key)) continue;
        const suggestion = USER_PROPERTIES.find((p) => p.toLowerCase() === key.toLowerCase());
        fail(
            key,
            `'${key}' is not an input of CustomerSubscriptionMapping` +
                (suggestion ? `; did you mean '${suggestion}'?` : `; the inputs are ${USER_PROPERTIES.join(", ")}.`),
        );
    }

    const coordinates = registrationCoordinates(raw, fail);
    const customerSubscriptionId = guidInput(raw, "customerSubscriptionId", fail, "preserve");
    const tenantId = guidInput(raw, "tenantId", fail, "lower");

    let apiVersion: string = DEFAULT_API_VERSION;
    if (raw.apiVersion !== undefined && raw.apiVersion !== null) {
        if (isUnknown(raw.apiVersion)) apiVersion = UNKNOWN;
        else if (typeof raw.apiVersion !== "string" || !(API_VERSIONS as readonly string[]).includes(raw.apiVersion)) {
            fail(
                "apiVersion",
                `apiVersion must be one of ${API_VERSIONS.join(", ")} (default ${DEFAULT_API_VERSION}); ` +
                    `got ${describe(raw.apiVersion)}.`,
            );
        } else apiVersion = raw.apiVersion;
    }

    const allowTenantReassignment = booleanInput(raw, "allowTenantReassignment", fail);
    const adoptExisting = optionalBooleanInput(raw, "adoptExisting", fail);

    return {
        inputs: {
            ...coordinates,
            customerSubscriptionId,
            tenantId,
            apiVersion,
            allowTenantReassignment,
            ...(adoptExisting === undefined ? {} : { adoptExisting }),
        },
        failures,
    };
}

/**
 * Checks a mapping read back from state (read, update, delete) as `check` checks inputs. State is a file anyone
 * with backend access can edit, and its values become URL path segments: a `customerSubscriptionId` of ".."
 * would make delete address the registration itself. `id` is the resource's ARM id, which must name the same
 * mapping. Returns the failures; none means every value is what check would have produced.
 */
export function validateStoredMapping(
    stored: MappingInputs,
    id: string | undefined,
    options: { tenantKnown: boolean } = { tenantKnown: true },
): InputFailure[] {
    const { failures } = validateInputs({
        registrationSubscriptionId: stored.registrationSubscriptionId,
        resourceGroup: stored.resourceGroup,
        registrationName: stored.registrationName,
        customerSubscriptionId: stored.customerSubscriptionId,
        // A lookup by id alone (`CustomerSubscriptionMapping.get`) reads the tenant from Azure.
        tenantId: !options.tenantKnown && stored.tenantId === "" ? "00000000-0000-0000-0000-000000000000" : stored.tenantId,
        apiVersion: stored.apiVersion,
    });
    const unknown = Object.entries(stored)
        .filter(([, value]) => isUnknown(value))
        .map(([key]) => key);
    for (const key of unknown) failures.push({ property: key, reason: `${key} is an unknown value, which state never holds.` });
    if (id !== undefined && id !== "" && id.toLowerCase() !== mappingIdOf(stored).toLowerCase()) {
        failures.push({
            property: "id",
            reason:
                `the resource id ${describe(id)} does not name the mapping its properties ` +
                `describe (${describe(mappingIdOf(stored))}).`,
        });
    } else if (id !== undefined && id !== "" && !mappingIdNames(id, stored.customerSubscriptionId)) {
        failures.push({
            property: "id",
            reason:
                `the resource id ${describe(id)} spells the customer subscription ` +
                `differently from its customerSubscriptionId ${describe(stored.customerSubscriptionId)}.`,
        });
    }
    return failures;
}

function mappingIdOf(stored: MappingInputs): string {
    return mappingResourceId(
        registrationResourceId(stored.registrationSubscriptionId, stored.resourceGroup, stored.registrationName),
        stored.customerSubscriptionId,
    );
}

/** An optional boolean, false by default; an unknown value counts as false (the safe choice) until known. */
function booleanInput(raw: Record<string, unknown>, property: string, fail: Fail): boolean {
    return optionalBooleanInput(raw, property, fail) ?? false;
}

/** An optional boolean, undefined when absent or not known yet. */
function optionalBooleanInput(raw: Record<string, unknown>, property: string, fail: Fail): boolean | undefined {
    const value = raw[property];
    if (value === undefined || value === null || isUnknown(value)) return undefined;
    if (typeof value === "boolean") return value;
    fail(property, `${property} must be true or false; got ${describe(value)}.`);
    return undefined;
}

type Fail = (property: string, reason: string) => void;

function registrationCoordinates(raw: Record<string, unknown>, fail: Fail) {
    const fieldsGiven = (["registrationSubscriptionId", "resourceGroup", "registrationName"] as const).filter(
        (p) => raw[p] !== undefined && raw[p] !== null,
    );
    const idGiven = raw.registrationId !== undefined && raw.registrationId !== null;

    if (idGiven && fieldsGiven.length > 0) {
        fail(
            "registrationId",
            `name the registration one way only: either registrationId, or ` +
                `registrationSubscriptionId + resourceGroup + registrationName; both were given (${fieldsGiven.join(", ")}). ` +
                `Remove one of them.`,
        );
    }
    if (!idGiven && fieldsGiven.length === 0) {
        fail(
            "registrationId",
            "the registration is missing: set registrationId (the registration's ARM id, e.g. an " +
                "azure-native Registration's id) or registrationSubscriptionId + resourceGroup + registrationName.",
        );
    }

    let sub = "",
        rg = "",
        name = "";
    if (idGiven && fieldsGiven.length === 0) {
        const id = raw.registrationId;
        if (isUnknown(id)) {
            sub = rg = name = UNKNOWN;
        } else if (typeof id !== "string") {
            fail("registrationId", `registrationId must be a string ARM id; got ${describe(id)}.`);
        } else {
            const match = REGISTRATION_ID.exec(id);
            if (!match) {
                fail(
                    "registrationId",
                    `registrationId must be the ARM id of a Microsoft.AzureStack/registrations ` +
                        `resource, '/subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.AzureStack/registrations/` +
                        `<name>'; got ${describe(id)}${describeResourceType(id)}.`,
                );
            } else {
                sub = guidValue("registrationId", match[1], fail, "lower", "its subscription segment");
                rg = resourceGroupValue("registrationId", match[2], fail, "its resource group segment");
                name = registrationNameValue("registrationId", match[3], fail, "its registration name segment");
            }
        }
    } else if (!idGiven && fieldsGiven.length > 0) {
        const missing = (["registrationSubscriptionId", "resourceGroup", "registrationName"] as const).filter(
            (p) => !fieldsGiven.includes(p),
        );
        for (const p of missing) {
            fail(p, `${p} is required when the registration is named by its fields (or use registrationId instead).`);
        }
        sub = guidInput(raw, "registrationSubscriptionId", fail, "lower");
        if (raw.resourceGroup !== undefined && raw.resourceGroup !== null) {
            rg = isUnknown(raw.resourceGroup) ? UNKNOWN : resourceGroupValue("resourceGroup", raw.resourceGroup, fail);
        }
        if (raw.registrationName !== undefined && raw.registrationName !== null) {
            name = isUnknown(raw.registrationName) ? UNKNOWN : registrationNameValue("registrationName", raw.registrationName, fail);
        }
    }

    const known = [sub, rg, name].every((v) => v !== "" && v !== UNKNOWN);
    return {
        registrationId: known ? registrationResourceId(sub, rg, name) : UNKNOWN,
        registrationSubscriptionId: sub,
        resourceGroup: rg,
        registrationName: name,
    };
}

function guidInput(raw: Record<string, unknown>, property: string, fail: Fail, casing: "lower" | "preserve"): string {
    const value = raw[property];
    if (value === undefined || value === null) {
        if (property !== "registrationSubscriptionId") fail(property, `${property} is required: the ${GUID_ROLE[property]} as a GUID.`);
        return "";
    }
    if (isUnknown(value)) return UNKNOWN;
    return guidValue(property, value, fail, casing);
}

const GUID_ROLE: Record<string, string> = {
    customerSubscriptionId: "customer's Azure (CSP) subscription id",
    tenantId: "customer's Microsoft Entra tenant id",
    registrationSubscriptionId: "Azure subscription that holds the registration",
};

function guidValue(property: string, value: unknown, fail: Fail, casing: "lower" | "preserve", part?: string): string {
    const where = part ? `${property} (${part})` : property;
    // Azure's own code for a malformed customer subscription id, so the preview names it as Azure would.
    const code = property === "customerSubscriptionId" ? "InvalidCustomerSubscriptionId: " : "";
    if (typeof value !== "string") {
        fail(property, `${code}${where} must be a GUID string such as 01234567-89ab-cdef-0123-456789abcdef; got ${describe(value)}.`);
        return "";
    }
    if (GUID.test(value)) return casing === "lower" ? value.toLowerCase() : value;
    fail(property, `${code}${where} must be a GUID such as 01234567-89ab-cdef-0123-456789abcdef; ${diagnoseGuid(value)}`);
    return "";
}

/** Says what is wrong with a string that should have been a bare GUID, and how to fix it. */
function diagnoseGuid(value: string): string {
    if (value.length === 0) return "it is empty.";
    const invisible = findInvisible(value);
    if (invisible) return `it contains ${invisible}; retype or paste it again without it.`;
    if (value.trim() !== value) return "it has leading or trailing whitespace; remove it.";
    if (/^\{.*\}$/.test(value) || /^\(.*\)$/.test(value)) return "it is wrapped in braces or parentheses; remove them.";
    if (/^urn:uuid:/i.test(value)) return "it has a 'urn:uuid:' prefix; use the bare GUID.";
    if (value.includes("%")) return "it contains '%' (percent-encoding); use the plain GUID.";
    const nonAscii = findNonAscii(value);
    if (nonAscii) return `it contains ${nonAscii}, which only looks like a GUID character; retype it in plain ASCII.`;
    if (/^[0-9a-fA-F]{32}$/.test(value)) return "it has no hyphens; write it as 8-4-4-4-12 hex digits.";
    return `got ${describe(value)}.`;
}

function resourceGroupValue(property: string, value: unknown, fail: Fail, part?: string): string {
    const where = part ? `${property} (${part})` : property;
    const problem = nameProblem(value, RESOURCE_GROUP, 90, "letters A-Z/a-z, digits, '_', '(', ')', '-' and '.'");
    const endsWithDot = typeof value === "string" && value.endsWith(".");
    if (problem || endsWithDot) {
        fail(
            property,
            `${where} must be an Azure resource group name (1-90 ${"ASCII letters, digits, '_', '(', ')', '-', '.'"}, ` +
                `not ending in '.'), usually 'azurestack'; ${problem ?? "it ends with '.'; remove the trailing period."}`,
        );
        return "";
    }
    return value as string;
}

function registrationNameValue(property: string, value: unknown, fail: Fail, part?: string): string {
    const where = part ? `${property} (${part})` : property;
    // A trailing '.' is refused as ARM refuses it in resource names; a name of '.' would be a URL dot segment
    // (https://…/registrations/./customerSubscriptions is …/registrations/customerSubscriptions).
    const problem =
        nameProblem(value, REGISTRATION_NAME, 128, "letters A-Z/a-z, digits, '_', '-' and '.'") ??
        (typeof value === "string" && value.endsWith(".") ? "it ends with '.'; remove the trailing period." : undefined);
    if (problem) {
        fail(
            property,
            `${where} must be the registration's name, usually 'azurestack-<CloudID>' (1-128 ASCII letters, ` +
                `digits, '_', '-', '.', not ending in '.'); ${problem}`,
        );
        return "";
    }
    return value as string;
}

/** Returns why `value` is not an acceptable path segment, or undefined when it is. */
function nameProblem(value: unknown, pattern: RegExp, maxLength: number, allowed: string): string | undefined {
    if (typeof value !== "string") return `got ${describe(value)}, expected a string.`;
    if (value.length === 0) return "it is empty.";
    if (value.length > maxLength) return `it is ${value.length} characters long (at most ${maxLength}).`;
    if (value.includes("..")) return "it contains '..', which would change the URL path; remove it.";
    const invisible = findInvisible(value);
    if (invisible) return `it contains ${invisible}; remove it.`;
    const forbidden = [...value].find((ch) => "/\\?#%&:<>*\"'".includes(ch) || /\s/.test(ch));
    if (forbidden) return `it contains ${JSON.stringify(forbidden)}, which is not allowed in an ARM name or URL path segment; remove it.`;
    const nonAscii = findNonAscii(value);
    if (nonAscii) return `it contains ${nonAscii}; only ${allowed} are accepted (look-alike letters name a different resource).`;
    if (!pattern.test(value)) return `only ${allowed} are accepted; got ${describe(value)}.`;
    return undefined;
}

function findInvisible(value: string): string | undefined {
    for (const ch of value) {
        const cp = ch.codePointAt(0)!;
        if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0)) return `the control character ${codePoint(cp)}`;
        if ((cp >= 0x200b && cp <= 0x200f) || cp === 0x2060 || cp === 0xfeff || cp === 0x00ad || (cp >= 0x202a && cp <= 0x202e)) {
            return `the invisible character ${codePoint(cp)}`;
        }
    }
    return undefined;
}

function findNonAscii(value: string): string | undefined {
    const ch = [...value].find((c) => c.codePointAt(0)! > 0x7e);
    return ch ? `the non-ASCII character '${ch}' (${codePoint(ch.codePointAt(0)!)})` : undefined;
}

const codePoint = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;

function describeResourceType(id: string): string {
    const providers = /\/providers\/([^/]+)\/([^/]+)(?:\/[^/]+\/([^/]+))?/i.exec(id);
    if (!providers) return "";
    const type = providers[3] ? `${providers[1]}/${providers[2]}/${providers[3]}` : `${providers[1]}/${providers[2]}`;
    return ` (that is a ${type} id)`;
}

/** A short, safe rendering of a bad value for messages (never more than 80 characters). */
export function describe(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "an array";
    if (typeof value === "object") return "an object";
    if (typeof value === "string") {
        const shown = JSON.stringify(value);
        return shown.length > 80 ? `${shown.slice(0, 77)}..." (${value.length} characters)` : shown;
    }
    return `${typeof value} ${String(value)}`;
}
