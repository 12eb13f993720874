/**
 * The facts of an input refusal (validation.ts, values.ts), which each locale's module words. Nothing here is
 * text for the user except values quoted from the input.
 */

/** A bad value as shown in a message. `text` is the value as JSON, at most 80 characters. */
export type ShownValue =
    | { kind: "text"; text: string }
    | { kind: "longText"; text: string; length: number }
    | { kind: "null" }
    | { kind: "array" }
    | { kind: "object" }
    | { kind: "other"; type: string; text: string };

/** A character worth naming: a control or invisible one by code point, a non-ASCII one also as itself. */
export type NotedChar = { kind: "control" | "invisible"; codePoint: string } | { kind: "nonAscii"; char: string; codePoint: string };

export type GuidProblem =
    | { kind: "notString"; got: ShownValue }
    | { kind: "empty" }
    | { kind: "invisible"; char: NotedChar }
    | { kind: "whitespace" }
    | { kind: "wrapped" }
    | { kind: "urnPrefix" }
    | { kind: "percentEncoded" }
    | { kind: "lookAlike"; char: NotedChar }
    | { kind: "noHyphens" }
    | { kind: "other"; got: ShownValue };

/** `allowed` names the character set: a resource group's or a registration name's. */
export type NameProblem =
    | { kind: "notString"; got: ShownValue }
    | { kind: "empty" }
    | { kind: "tooLong"; length: number; max: number }
    | { kind: "dotDot" }
    | { kind: "invisible"; char: NotedChar }
    | { kind: "forbidden"; char: string }
    | { kind: "lookAlike"; char: NotedChar; allowed: "resourceGroup" | "registrationName" }
    | { kind: "notAllowed"; allowed: "resourceGroup" | "registrationName"; got: ShownValue }
    | { kind: "trailingDot" };

/** Which input, and for registrationId which of its segments, a problem is in. */
export interface Where {
    property: string;
    segment?: "subscription" | "resourceGroup" | "registrationName";
}

export type InputReason =
    | { kind: "notAnInput"; key: string; resource: string; suggestion?: string; inputs: readonly string[] }
    | { kind: "registrationTwice"; given: readonly string[] }
    | { kind: "registrationMissing" }
    | { kind: "registrationIdNotString"; got: ShownValue }
    | { kind: "registrationIdShape"; got: ShownValue; resourceType?: string }
    | { kind: "partMissing"; property: string }
    | { kind: "required"; property: "customerSubscriptionId" | "tenantId" }
    /** `code`: Azure's own code for the value, shown first (InvalidCustomerSubscriptionId). */
    | { kind: "guid"; where: Where; problem: GuidProblem; code?: string }
    | { kind: "resourceGroup"; where: Where; problem: NameProblem }
    | { kind: "registrationName"; where: Where; problem: NameProblem }
    | { kind: "apiVersion"; versions: readonly string[]; defaultVersion: string; got: ShownValue }
    | { kind: "boolean"; property: string; got: ShownValue }
    | { kind: "unknownInState"; property: string }
    | { kind: "idMismatch"; id: ShownValue; described: ShownValue }
    | { kind: "idSpelling"; id: ShownValue; customerSubscriptionId: ShownValue }
    /** A set's `mappings` is missing (`got` absent) or not a map. */
    | { kind: "setMappings"; got?: ShownValue }
    /** An entry of a set's `mappings` is neither a tenant id nor an object with one; `options` are the entry's options. */
    | { kind: "setEntry"; options: readonly string[]; got: ShownValue }
    | { kind: "oneOf"; property: string; values: readonly string[]; defaultValue: string; got: ShownValue }
    | { kind: "wholeNumber"; property: string; got: ShownValue };

/** Each locale words every reason; TypeScript checks that none is missing. */
export type ValidationTexts = (reason: InputReason) => string;
