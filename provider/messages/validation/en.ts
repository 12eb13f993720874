/** English: why an input (or a value read back from state) is refused, and how to fix it. */
import type { GuidProblem, InputReason, NameProblem, NotedChar, ShownValue, ValidationTexts, Where } from "../validationTypes";

const EXAMPLE_GUID = "01234567-89ab-cdef-0123-456789abcdef";
const ID_SHAPE = "/subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.AzureStack/registrations/<name>";

export const show = (v: ShownValue): string => {
    switch (v.kind) {
        case "text":
            return v.text;
        case "longText":
            return `${v.text} (${v.length} characters)`;
        case "null":
            return "null";
        case "array":
            return "an array";
        case "object":
            return "an object";
        case "other":
            return `${v.type} ${v.text}`;
    }
};

const char = (c: NotedChar) =>
    c.kind === "nonAscii"
        ? `the non-ASCII character '${c.char}' (${c.codePoint})`
        : `the ${c.kind === "control" ? "control" : "invisible"} character ${c.codePoint}`;

const SEGMENTS = {
    subscription: "its subscription segment",
    resourceGroup: "its resource group segment",
    registrationName: "its registration name segment",
};
const where = (w: Where) => (w.segment ? `${w.property} (${SEGMENTS[w.segment]})` : w.property);

const ALLOWED = {
    resourceGroup: "letters A-Z/a-z, digits, '_', '(', ')', '-' and '.'",
    registrationName: "letters A-Z/a-z, digits, '_', '-' and '.'",
};

function guidProblem(p: GuidProblem): string {
    switch (p.kind) {
        case "notString":
            return `got ${show(p.got)}.`;
        case "empty":
            return "it is empty.";
        case "invisible":
            return `it contains ${char(p.char)}; retype or paste it again without it.`;
        case "whitespace":
            return "it has leading or trailing whitespace; remove it.";
        case "wrapped":
            return "it is wrapped in braces or parentheses; remove them.";
        case "urnPrefix":
            return "it has a 'urn:uuid:' prefix; use the bare GUID.";
        case "percentEncoded":
            return "it contains '%' (percent-encoding); use the plain GUID.";
        case "lookAlike":
            return `it contains ${char(p.char)}, which only looks like a GUID character; retype it in plain ASCII.`;
        case "noHyphens":
            return "it has no hyphens; write it as 8-4-4-4-12 hex digits.";
        case "other":
            return `got ${show(p.got)}.`;
    }
}

function nameProblem(p: NameProblem): string {
    switch (p.kind) {
        case "notString":
            return `got ${show(p.got)}, expected a string.`;
        case "empty":
            return "it is empty.";
        case "tooLong":
            return `it is ${p.length} characters long (at most ${p.max}).`;
        case "dotDot":
            return "it contains '..', which would change the URL path; remove it.";
        case "invisible":
            return `it contains ${char(p.char)}; remove it.`;
        case "forbidden":
            return `it contains ${p.char}, which is not allowed in an ARM name or URL path segment; remove it.`;
        case "lookAlike":
            return `it contains ${char(p.char)}; only ${ALLOWED[p.allowed]} are accepted (look-alike letters name a different resource).`;
        case "notAllowed":
            return `only ${ALLOWED[p.allowed]} are accepted; got ${show(p.got)}.`;
        case "trailingDot":
            return "it ends with '.'; remove the trailing period.";
    }
}

const ROLES = { customerSubscriptionId: "customer's Azure (CSP) subscription id", tenantId: "customer's Microsoft Entra tenant id" };

export const enValidation: ValidationTexts = (r: InputReason): string => {
    switch (r.kind) {
        case "notAnInput":
            return (
                `'${r.key}' is not an input of ${r.resource}` +
                (r.suggestion ? `; did you mean '${r.suggestion}'?` : `; the inputs are ${r.inputs.join(", ")}.`)
            );
        case "registrationTwice":
            return (
                "name the registration one way only: either registrationId, or registrationSubscriptionId + resourceGroup + " +
                `registrationName; both were given (${r.given.join(", ")}). Remove one of them.`
            );
        case "registrationMissing":
            return (
                "the registration is missing: set registrationId (the registration's ARM id, e.g. an azure-native Registration's id) " +
                "or registrationSubscriptionId + resourceGroup + registrationName."
            );
        case "registrationIdNotString":
            return `registrationId must be a string ARM id; got ${show(r.got)}.`;
        case "registrationIdShape":
            return (
                `registrationId must be the ARM id of a Microsoft.AzureStack/registrations resource, '${ID_SHAPE}'; got ` +
                `${show(r.got)}${r.resourceType ? ` (that is a ${r.resourceType} id)` : ""}.`
            );
        case "partMissing":
            return `${r.property} is required when the registration is named by its fields (or use registrationId instead).`;
        case "required":
            return `${r.property} is required: the ${ROLES[r.property]} as a GUID.`;
        case "guid":
            return r.problem.kind === "notString"
                ? `${r.code ? `${r.code}: ` : ""}${where(r.where)} must be a GUID string such as ${EXAMPLE_GUID}; ${guidProblem(r.problem)}`
                : `${r.code ? `${r.code}: ` : ""}${where(r.where)} must be a GUID such as ${EXAMPLE_GUID}; ${guidProblem(r.problem)}`;
        case "resourceGroup":
            return (
                `${where(r.where)} must be an Azure resource group name (1-90 ASCII letters, digits, '_', '(', ')', '-', '.', ` +
                `not ending in '.'), usually 'azurestack'; ${nameProblem(r.problem)}`
            );
        case "registrationName":
            return (
                `${where(r.where)} must be the registration's name, usually 'azurestack-<CloudID>' (1-128 ASCII letters, ` +
                `digits, '_', '-', '.', not ending in '.'); ${nameProblem(r.problem)}`
            );
        case "apiVersion":
            return `apiVersion must be one of ${r.versions.join(", ")} (default ${r.defaultVersion}); got ${show(r.got)}.`;
        case "boolean":
            return `${r.property} must be true or false; got ${show(r.got)}.`;
        case "unknownInState":
            return `${r.property} is an unknown value, which state never holds.`;
        case "idMismatch":
            return `the resource id ${show(r.id)} does not name the mapping its properties describe (${show(r.described)}).`;
        case "setMappings":
            return (
                "mappings must be a map from each customer subscription id to its tenant id, e.g. " +
                `{ "${EXAMPLE_GUID}": "<tenant id>" }${r.got ? `; got ${show(r.got)}` : " (it is required)"}.`
            );
        case "setEntry":
            return (
                "an entry of mappings must be the tenant id, or an object with tenantId and optionally " +
                `${r.options.join(", ")}; got ${show(r.got)}.`
            );
        case "oneOf":
            return `${r.property} must be one of ${r.values.join(", ")} (default ${r.defaultValue}); got ${show(r.got)}.`;
        case "wholeNumber":
            return `${r.property} must be a whole number, 0 or more; got ${show(r.got)}.`;
        case "idSpelling":
            return (
                `the resource id ${show(r.id)} spells the customer subscription differently from its customerSubscriptionId ` +
                `${show(r.customerSubscriptionId)}.`
            );
    }
};
