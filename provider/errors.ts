/**
 * The error types the rest of the code throws, and their messages: what happened and what to do (from the
 * catalog, catalog/), Azure's own words and the ids support asks for. The eight documented registration
 * codes and the product's own refusals (refusalReason, refusalError) are explained in the error's locale
 * (messages/<locale>.ts); every other code in English.
 */
import {
    DEFAULT_LOCALE,
    MESSAGE_TABLES,
    REGISTRATION_ERROR_CODES,
    type ErrorContext,
    type Locale,
    type LocalizedText,
    type MessageTable,
    type RegistrationErrorCode,
} from "./messages";
import type { RefusalTexts } from "./messages/table";
import { ERROR_CATALOG, type CatalogEntry } from "./catalog";

export { ERROR_CATALOG, REGISTRATION_ERROR_CODES, type CatalogEntry, type ErrorContext, type RegistrationErrorCode };

/** Everything a failure carries so support can find it and the user can act on it. */
export interface RegistrationErrorDetails {
    code: string;
    statusCode?: number;
    requestId?: string;
    correlationId?: string;
    clientRequestId?: string;
    /** The message Azure sent, if any; kept verbatim for support cases. */
    azureMessage?: string;
    context?: ErrorContext;
    /**
     * The language the user asked for (settings.locale). The eight documented codes are explained in it; the
     * others in English. @default "en"
     */
    locale?: Locale;
    attempts?: number;
    /**
     * Attempts that got no definitive answer (no response, a timeout, a 5xx): a write among them may have
     * been applied. A 429 or another 4xx answer says it was not.
     */
    ambiguousAttempts?: number;
    /** For the product's own refusals: the whole line after the code (messages' RefusalTexts), instead of the catalog's texts. */
    explanation?: string;
}

/**
 * The one error type of this package. `message` is written for people: what happened, what to do, and
 * the ids Azure support asks for. The fields are for programs.
 */
export class AzureStackRegistrationError extends Error {
    readonly code: string;
    readonly statusCode?: number;
    readonly requestId?: string;
    readonly correlationId?: string;
    readonly clientRequestId?: string;
    readonly azureMessage?: string;
    readonly context: ErrorContext;
    /** The locale asked for; errors made from this one pass it on. The message may still be English (see above). */
    readonly locale: Locale;
    readonly attempts?: number;
    readonly ambiguousAttempts?: number;
    readonly retryable: boolean;
    readonly #details: RegistrationErrorDetails;

    constructor(details: RegistrationErrorDetails) {
        super(composeMessage(details));
        this.#details = details;
        this.name = "AzureStackRegistrationError";
        this.code = details.code;
        this.statusCode = details.statusCode;
        this.requestId = details.requestId;
        this.correlationId = details.correlationId;
        this.clientRequestId = details.clientRequestId;
        this.azureMessage = details.azureMessage;
        this.context = details.context ?? {};
        this.locale = details.locale ?? DEFAULT_LOCALE;
        this.attempts = details.attempts;
        this.ambiguousAttempts = details.ambiguousAttempts;
        this.retryable = catalogEntry(details.code)?.retryable ?? false;
    }

    /** True for the eight codes the Azure Stack Hub documentation lists. */
    get isDocumentedRegistrationError(): boolean {
        return isRegistrationErrorCode(this.code);
    }

    /** The same failure (status, request ids, attempts, locale) under another code, or told with other details. */
    withCode(code: string, changes: Omit<RegistrationErrorDetails, "code"> = {}): AzureStackRegistrationError {
        return new AzureStackRegistrationError({ ...this.#details, explanation: undefined, code, ...changes });
    }
}

export type RefusalKind = keyof RefusalTexts;
type RefusalFacts<K extends RefusalKind> = Parameters<RefusalTexts[K]>[0];

/** The code each refusal is reported under: a declared id spelled otherwise is a mapping that already exists. */
export const REFUSAL_CODES: { [K in RefusalKind]: string } = {
    TenantAlreadyMapped: "TenantAlreadyMapped",
    SubscriptionAlreadyMapped: "SubscriptionAlreadyMapped",
    TenantMappedTwiceInProgram: "TenantMappedTwiceInProgram",
    RegistrationDeclaredTwice: "RegistrationDeclaredTwice",
    TooManyDeletions: "TooManyDeletions",
    UndeclaredMappings: "UndeclaredMappings",
    SetEntriesFailed: "SetEntriesFailed",
    MappingAlreadyExists: "MappingAlreadyExists",
    MappingSpelledOtherwise: "MappingAlreadyExists",
    InvalidArmResponse: "InvalidArmResponse",
    InvalidStoredState: "InvalidStoredState",
    InvalidRegistrationSelector: "InvalidRegistrationSelector",
};

function refusalExplanation<K extends RefusalKind>(kind: K, facts: RefusalFacts<K>, locale: Locale): string {
    const texts = (MESSAGE_TABLES[locale] ?? MESSAGE_TABLES.en).refusals; // a JavaScript caller may pass any string
    return (texts[kind] as (f: RefusalFacts<K>) => string)(facts);
}

/** A refusal as check reports it: `Code: explanation`, on one line. */
export function refusalReason<K extends RefusalKind>(kind: K, facts: RefusalFacts<K>, locale: Locale = DEFAULT_LOCALE): string {
    return `${REFUSAL_CODES[kind]}: ${refusalExplanation(kind, facts, locale)}`;
}

/** A refusal as an error to throw: the same line as refusalReason, with whatever request details are known. */
export function refusalError<K extends RefusalKind>(
    kind: K,
    facts: RefusalFacts<K>,
    details: Omit<RegistrationErrorDetails, "code" | "explanation"> = {},
): AzureStackRegistrationError {
    const locale = details.locale ?? DEFAULT_LOCALE;
    return new AzureStackRegistrationError({ ...details, code: REFUSAL_CODES[kind], explanation: refusalExplanation(kind, facts, locale) });
}

/**
 * A write that went through but whose outcome could not be read back. The dynamic-provider host turns an error
 * carrying `id`, `properties` and `reasons` into ErrorResourceInitFailed, so the engine keeps the resource in state.
 */
export class PartialWriteError extends Error {
    readonly reasons: string[];

    constructor(
        readonly id: string,
        readonly properties: object,
        reason: string,
    ) {
        super(reason);
        this.name = "PartialWriteError";
        this.reasons = [reason];
    }
}

export function isRegistrationErrorCode(code: string): code is RegistrationErrorCode {
    return (REGISTRATION_ERROR_CODES as readonly string[]).includes(code);
}

/** The catalog's entry for a code Azure sent; own keys only, so a code like "constructor" is just unknown. */
export function catalogEntry(code: string): CatalogEntry | undefined {
    return Object.hasOwn(ERROR_CATALOG, code) ? ERROR_CATALOG[code] : undefined;
}

/** The texts an error is explained with: the locale's for the eight documented codes, English otherwise. */
export function errorTexts(code: string, locale: Locale = DEFAULT_LOCALE): (LocalizedText & { table: MessageTable }) | undefined {
    if (isRegistrationErrorCode(code)) {
        const table = MESSAGE_TABLES[locale] ?? MESSAGE_TABLES.en; // a JavaScript caller may pass any string
        return { ...table.registrationErrors[code], table };
    }
    const entry = catalogEntry(code);
    return entry ? { summary: entry.summary, remediation: entry.remediation, table: MESSAGE_TABLES.en } : undefined;
}

function composeMessage(d: RegistrationErrorDetails): string {
    const ctx = d.context ?? {};
    const entry = errorTexts(d.code, d.locale);
    const table = entry?.table ?? MESSAGE_TABLES.en;
    const lines: string[] = [];
    const what = ctx.operation ? `${ctx.operation} failed` : "Request failed";
    if (d.explanation !== undefined) {
        lines.push(`${d.code}: ${d.explanation}`);
    } else if (entry) {
        lines.push(`${d.code}: ${entry.summary(ctx)}`);
        lines.push(`${table.fixLabel}${entry.remediation(ctx)}`);
    } else {
        lines.push(`${d.code}: ${what}${d.statusCode ? ` with HTTP ${d.statusCode}` : ""}.`);
    }
    if (d.azureMessage) lines.push(`${table.azureSaidLabel}${d.azureMessage}`);
    const ids = [
        d.statusCode ? `HTTP ${d.statusCode}` : undefined,
        d.requestId ? `x-ms-request-id ${d.requestId}` : undefined,
        d.correlationId ? `x-ms-correlation-request-id ${d.correlationId}` : undefined,
        d.clientRequestId ? `x-ms-client-request-id ${d.clientRequestId}` : undefined,
        d.attempts && d.attempts > 1 ? table.afterAttempts(d.attempts) : undefined,
    ].filter(Boolean);
    if (ids.length) lines.push(`(${ids.join(", ")})`);
    return lines.join("\n");
}
