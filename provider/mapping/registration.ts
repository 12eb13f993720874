/**
 * The registration parser: the two ways a program names a registration (its ARM id, or subscription +
 * resource group + name) turned into one value, or failures worded in the user's language. The resource's
 * check, `listCustomerSubscriptionMappings`, the CLI's arguments and the set resource all parse with this.
 */
import { REGISTRATION_ID, registrationResourceId, type RegistrationRef } from "../arm/ids";
import type { Locale } from "../messages";
import type { InputReason, Where } from "../messages/validationTypes";
import { Failures, type InputFailure } from "./failures";
import { REGISTRATION_PARTS } from "./schema";
import { checkGuid, checkRegistrationName, checkResourceGroup, isUnknown, resourceTypeOf, shown, UNKNOWN } from "./values";

/** A registration named one way or the other, checked. */
export interface Registration extends RegistrationRef {
    /** Its ARM id, built from the checked parts (subscription lower case, names as written). */
    id: string;
    /** The same registration whatever the letter case of its names: the key of the process cache. */
    key: string;
}

/** What check stores of the registration: each part, "" when missing or refused, UNKNOWN when not known yet. */
export interface RegistrationFields {
    registrationId: string;
    registrationSubscriptionId: string;
    resourceGroup: string;
    registrationName: string;
}

export interface ParsedRegistration {
    fields: RegistrationFields;
    /** Undefined when a part is not known yet (preview) or anything was refused. */
    registration?: Registration;
    failures: InputFailure[];
}

type Named = Partial<Record<"registrationId" | (typeof REGISTRATION_PARTS)[number], unknown>>;

const given = (value: unknown) => value !== undefined && value !== null;

export function parseRegistration(raw: Named, locale?: Locale): ParsedRegistration {
    const failures = new Failures(locale);
    const refused = (where: Where, reason: (where: Where) => InputReason) => {
        failures.add(where.property, reason(where));
        return "";
    };
    const checkers = {
        subscription: (value: unknown, where: Where) => {
            const checked = checkGuid(value, "lowerCase");
            return "value" in checked ? checked.value : refused(where, (w) => ({ kind: "guid", where: w, problem: checked.problem }));
        },
        resourceGroup: (value: unknown, where: Where) => {
            const checked = checkResourceGroup(value);
            return "value" in checked
                ? checked.value
                : refused(where, (w) => ({ kind: "resourceGroup", where: w, problem: checked.problem }));
        },
        registrationName: (value: unknown, where: Where) => {
            const checked = checkRegistrationName(value);
            return "value" in checked
                ? checked.value
                : refused(where, (w) => ({ kind: "registrationName", where: w, problem: checked.problem }));
        },
    };
    const parts = REGISTRATION_PARTS.filter((p) => given(raw[p]));
    const idGiven = given(raw.registrationId);
    let [subscriptionId, resourceGroup, name] = ["", "", ""];

    if (idGiven && parts.length > 0) failures.add("registrationId", { kind: "registrationTwice", given: parts });
    if (!idGiven && parts.length === 0) failures.add("registrationId", { kind: "registrationMissing" });

    if (idGiven && parts.length === 0) {
        const id = raw.registrationId;
        const match = typeof id === "string" ? REGISTRATION_ID.exec(id) : null;
        if (isUnknown(id)) subscriptionId = resourceGroup = name = UNKNOWN;
        else if (typeof id !== "string") failures.add("registrationId", { kind: "registrationIdNotString", got: shown(id) });
        else if (!match) failures.add("registrationId", { kind: "registrationIdShape", got: shown(id), resourceType: resourceTypeOf(id) });
        else {
            const at = (segment: Where["segment"]): Where => ({ property: "registrationId", segment });
            subscriptionId = checkers.subscription(match[1], at("subscription"));
            resourceGroup = checkers.resourceGroup(match[2], at("resourceGroup"));
            name = checkers.registrationName(match[3], at("registrationName"));
        }
    } else if (!idGiven && parts.length > 0) {
        for (const missing of REGISTRATION_PARTS.filter((p) => !parts.includes(p))) {
            failures.add(missing, { kind: "partMissing", property: missing });
        }
        const field = (property: (typeof REGISTRATION_PARTS)[number], check: (value: unknown, where: Where) => string) => {
            const value = raw[property];
            if (!given(value)) return "";
            return isUnknown(value) ? UNKNOWN : check(value, { property });
        };
        subscriptionId = field("registrationSubscriptionId", checkers.subscription);
        resourceGroup = field("resourceGroup", checkers.resourceGroup);
        name = field("registrationName", checkers.registrationName);
    }

    const known = [subscriptionId, resourceGroup, name].every((v) => v !== "" && v !== UNKNOWN);
    return {
        fields: {
            registrationId: known ? registrationResourceId(subscriptionId, resourceGroup, name) : UNKNOWN,
            registrationSubscriptionId: subscriptionId,
            resourceGroup,
            registrationName: name,
        },
        registration: known && failures.empty ? registrationOf({ subscriptionId, resourceGroup, name }) : undefined,
        failures: failures.list,
    };
}

/** A registration from parts already checked (state, a parsed id). */
export function registrationOf(ref: RegistrationRef): Registration {
    return {
        subscriptionId: ref.subscriptionId,
        resourceGroup: ref.resourceGroup,
        name: ref.name,
        id: registrationResourceId(ref.subscriptionId, ref.resourceGroup, ref.name),
        key: registrationKey(ref),
    };
}

/** ARM compares ids and names without regard to letter case: so does every cache of a registration. */
export function registrationKey(ref: RegistrationRef): string {
    return `${ref.subscriptionId}/${ref.resourceGroup}/${ref.name}`.toLowerCase();
}
