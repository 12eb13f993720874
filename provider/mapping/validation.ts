/**
 * Offline input validation and normalisation, the first half of `check`, driven by the schema: each input is
 * checked by its format and stored by its letter-case rule. Pure; no I/O. Failures name the property and
 * the fix, in the user's language, before any request is sent.
 */
import { mappingIdNames, mappingResourceId, registrationResourceId } from "../arm/ids";
import type { Locale } from "../messages";
import { Failures, type InputFailure } from "./failures";
import { parseRegistration } from "./registration";
import {
    API_VERSIONS,
    DEFAULT_API_VERSION,
    INPUT_NAMES,
    MAPPING_PROPERTIES,
    REGISTRATION_PARTS,
    type InputName,
    type MappingInputs,
    type PropertySpec,
} from "./schema";
import { checkGuid, isUnknown, shown, UNKNOWN } from "./values";

export interface ValidationResult {
    inputs: MappingInputs;
    failures: InputFailure[];
}

export interface ValidationOptions {
    locale?: Locale;
    /** The resource the inputs are for, named in "'x' is not an input of …". */
    resource?: string;
}

const given = (value: unknown) => value !== undefined && value !== null;

/** Validates raw inputs (as Pulumi passes them to `check`) and returns them in canonical form. */
export function validateInputs(raw: Record<string, unknown>, options: ValidationOptions = {}): ValidationResult {
    const failures = new Failures(options.locale);
    refuseUnknownKeys(raw, INPUT_NAMES, options.resource ?? "CustomerSubscriptionMapping", failures);
    const values = checkInputs(raw, INPUT_NAMES, failures);
    return { inputs: values as unknown as MappingInputs, failures: failures.list };
}

/** Refuses every key of `raw` that is not one of `known` (keys starting with "__" belong to the engine), suggesting the closest. */
export function refuseUnknownKeys(raw: Record<string, unknown>, known: readonly string[], resource: string, failures: Failures): void {
    for (const key of Object.keys(raw)) {
        if (key.startsWith("__") || known.includes(key)) continue;
        const suggestion = known.find((p) => p.toLowerCase() === key.toLowerCase());
        failures.add(key, { kind: "notAnInput", key, resource, suggestion, inputs: known });
    }
}

/**
 * The canonical values of the inputs `names` (a subset of the schema's, e.g. one level: inputsAtLevel), checked in the
 * schema's order; the registration, when named, by the registration parser.
 */
export function checkInputs(raw: Record<string, unknown>, names: readonly InputName[], failures: Failures): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    if (names.includes("registrationId")) {
        const registration = parseRegistration(raw, failures.locale);
        failures.list.push(...registration.failures);
        Object.assign(values, registration.fields);
    }
    for (const name of INPUT_NAMES) {
        if (!names.includes(name) || name === "registrationId" || (REGISTRATION_PARTS as readonly string[]).includes(name)) continue;
        const value = checkedValue(name, MAPPING_PROPERTIES[name], raw[name], failures);
        if (value !== undefined) values[name] = value;
    }
    return values;
}

/** One input's canonical value: its default when absent, UNKNOWN while not known, undefined when refused or unset. */
function checkedValue(name: string, spec: PropertySpec, value: unknown, failures: Failures): unknown {
    if (!given(value)) {
        if (spec.input === "required") {
            failures.add(name, { kind: "required", property: name as "customerSubscriptionId" | "tenantId" });
            return "";
        }
        return spec.default;
    }
    if (isUnknown(value)) return spec.format === "boolean" ? spec.default : UNKNOWN;
    switch (spec.format) {
        case "guid": {
            const checked = checkGuid(value, spec.letterCase === "exact" ? "exact" : "lowerCase");
            if ("value" in checked) return checked.value;
            failures.add(name, { kind: "guid", where: { property: name }, problem: checked.problem, code: spec.azureCode });
            return "";
        }
        case "apiVersion":
            if (typeof value === "string" && (API_VERSIONS as readonly string[]).includes(value)) return value;
            failures.add(name, { kind: "apiVersion", versions: API_VERSIONS, defaultVersion: DEFAULT_API_VERSION, got: shown(value) });
            return DEFAULT_API_VERSION;
        case "boolean":
            if (typeof value === "boolean") return value;
            failures.add(name, { kind: "boolean", property: name, got: shown(value) });
            return spec.default;
        default:
            throw new Error(`no check for the ${spec.format} format of ${name}`);
    }
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
        // A lookup by id alone (`CustomerSubscriptionMapping.get`, `pulumi import`) reads the tenant from Azure.
        tenantId: !options.tenantKnown && stored.tenantId === "" ? "00000000-0000-0000-0000-000000000000" : stored.tenantId,
        apiVersion: stored.apiVersion,
    });
    const reasons = new Failures();
    for (const [key, value] of Object.entries(stored)) {
        if (isUnknown(value)) reasons.add(key, { kind: "unknownInState", property: key });
    }
    const described = mappingResourceId(
        registrationResourceId(stored.registrationSubscriptionId, stored.resourceGroup, stored.registrationName),
        stored.customerSubscriptionId,
    );
    if (id !== undefined && id !== "" && id.toLowerCase() !== described.toLowerCase()) {
        reasons.add("id", { kind: "idMismatch", id: shown(id), described: shown(described) });
    } else if (id !== undefined && id !== "" && !mappingIdNames(id, stored.customerSubscriptionId)) {
        reasons.add("id", { kind: "idSpelling", id: shown(id), customerSubscriptionId: shown(stored.customerSubscriptionId) });
    }
    return [...failures, ...reasons.list];
}
