/**
 * The error catalog: every error this product raises or knows how to explain, in our own words, with the
 * remediation the Azure Stack Hub documentation gives, and the error types the rest of the code throws.
 *
 * The eight registration codes come from Microsoft's "Usage and billing registration error codes for Cloud
 * Solution Providers for Azure Stack Hub" page; the generic ARM codes are the ones a CSP meets while managing
 * tenant mappings. The eight, and the product's own refusals (refusalReason, refusalError), are explained in
 * English, Chinese, French and Swedish: their texts live in messages/<locale>.ts, and composeMessage picks
 * the error's locale; everything else about an entry (when it is caught, whether it is retried) is here.
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
import { en, registrationText, subscriptionText } from "./messages/en";
import type { RefusalTexts } from "./messages/table";

export { REGISTRATION_ERROR_CODES, type ErrorContext, type RegistrationErrorCode };

/** Where in a Pulumi run a failure can surface. */
export type DetectedAt = "preview" | "up";

export interface CatalogEntry {
    /** What went wrong, in one sentence. */
    summary(ctx: ErrorContext): string;
    /** What the user should do about it. */
    remediation(ctx: ErrorContext): string;
    /** When this product reports it: at `pulumi preview` (preflight) or only when `pulumi up` sends the PUT. */
    detectedAt: DetectedAt;
    /** Why it can or cannot be caught earlier (shown in the README's error table). */
    whyThen: string;
    /** Transient: retried with backoff before it is reported. */
    retryable: boolean;
}

export const ERROR_CATALOG: Record<RegistrationErrorCode, CatalogEntry> & Record<string, CatalogEntry | undefined> = {
    RegistrationNotFound: {
        ...en.registrationErrors.RegistrationNotFound,
        detectedAt: "preview",
        whyThen: "the preflight reads the registration during preview",
        retryable: false,
    },
    BadCustomerSubscriptionId: {
        ...en.registrationErrors.BadCustomerSubscriptionId,
        detectedAt: "up",
        whyThen: "only Azure's commerce back end knows which partner owns a subscription; ARM checks it when the PUT is sent",
        retryable: false,
    },
    InvalidCustomerSubscriptionId: {
        ...en.registrationErrors.InvalidCustomerSubscriptionId,
        detectedAt: "preview",
        whyThen: "malformed ids are rejected offline by check; a well-formed id Azure still refuses surfaces at up",
        retryable: false,
    },
    CustomerSubscriptionNotFound: {
        ...en.registrationErrors.CustomerSubscriptionNotFound,
        detectedAt: "up",
        whyThen: "it is the answer to reading a mapping that is not there; refresh treats it as 'deleted outside Pulumi'",
        retryable: false,
    },
    UnauthorizedCspRegistration: {
        ...en.registrationErrors.UnauthorizedCspRegistration,
        detectedAt: "preview",
        whyThen:
            "the preflight lists the registration's customer subscriptions during preview, which Azure refuses for an unapproved registration",
        retryable: false,
    },
    CustomerSubscriptionsNotAllowed: {
        ...en.registrationErrors.CustomerSubscriptionsNotAllowed,
        detectedAt: "preview",
        whyThen: "the preflight reads the registration's billingModel during preview",
        retryable: false,
    },
    InvalidCSPSubscription: {
        ...en.registrationErrors.InvalidCSPSubscription,
        detectedAt: "up",
        whyThen: "only Azure's commerce back end knows whether a subscription is a CSP subscription; ARM checks it when the PUT is sent",
        retryable: false,
    },
    MetadataResolverBadGatewayError: {
        ...en.registrationErrors.MetadataResolverBadGatewayError,
        detectedAt: "up",
        whyThen: "a transient back-end fault, retried with backoff wherever it happens",
        retryable: true,
    },
    ScopeLocked: {
        summary: (c) =>
            `${registrationText(c)} carries a CanNotDelete lock (registrations made by AzureStack-Tools do), and its ` +
            "customer subscriptions inherit it.",
        remediation: () =>
            "Remove the lock for the change (`az lock list --resource-group <rg>` then `az lock delete ...`), run the " +
            "command again, and put the lock back afterwards. Pulumi kept the mapping in state.",
        detectedAt: "up",
        whyThen: "locks are enforced when the DELETE is sent",
        retryable: false,
    },
    MappingAlreadyExists: {
        summary: (c) => `${subscriptionText(c)} is already mapped on ${registrationText(c)}, outside this resource.`,
        remediation: () =>
            "It was made by hand or is managed by another stack. To manage it from this resource, set adoptExisting: true " +
            "(and remove it from the other stack); otherwise remove the declaration. Nothing was changed.",
        detectedAt: "preview",
        whyThen:
            "the preflight sees existing mappings; a create-only PUT (If-None-Match: *) also refuses one that appears after the preview",
        retryable: false,
    },
    TenantAlreadyMapped: {
        summary: (c) => `The tenant ${c.tenantId ?? ""} is already mapped to another subscription on ${registrationText(c)}.`,
        remediation: () =>
            "A tenant maps to one subscription per registration. Correct tenantId or customerSubscriptionId, or set " +
            "allowTenantReassignment: true to overwrite the mapping deliberately.",
        detectedAt: "preview",
        whyThen: "the preflight sees the registration's mappings",
        retryable: false,
    },
    SubscriptionAlreadyMapped: {
        summary: (c) => `${subscriptionText(c)} is already mapped to another tenant on ${registrationText(c)}.`,
        remediation: () => "Correct tenantId, or set allowTenantReassignment: true to re-point the mapping deliberately.",
        detectedAt: "preview",
        whyThen: "the preflight sees the registration's mappings; a create-only PUT also refuses one that appears after the preview",
        retryable: false,
    },
    TenantMappedTwiceInProgram: {
        summary: () => "Two mappings of this program give one tenant two subscriptions on one registration.",
        remediation: () => "Keep one of the two declarations: the second PUT would silently replace the first.",
        detectedAt: "preview",
        whyThen: "offline, from the program's own declarations",
        retryable: false,
    },
    InvalidStoredState: {
        summary: () => "The stack's state for a mapping is not a valid mapping; nothing was sent to Azure.",
        remediation: () =>
            "Restore the state from a backup (`pulumi stack export` / `import`), or remove the resource from state with " +
            "`pulumi state delete <urn>` and declare the mapping again.",
        detectedAt: "up",
        whyThen: "state is read back by refresh, update and delete",
        retryable: false,
    },
    InvalidRegistrationSelector: {
        summary: () => "listCustomerSubscriptionMappings was not given a valid registration.",
        remediation: () => "Name the registration by its ARM id, or by its subscription, resource group and name.",
        detectedAt: "preview",
        whyThen: "checked offline before any request",
        retryable: false,
    },
    PreconditionFailed: {
        summary: (c) => `${subscriptionText(c)} changed in Azure since Pulumi last read it (its etag no longer matches).`,
        remediation: () =>
            "Someone else (another stack, the portal, PowerShell) changed this mapping. Run `pulumi refresh` to see the " +
            "current value, decide which declaration wins, and make sure only one stack manages this mapping.",
        detectedAt: "up",
        whyThen: "the etag is compared by ARM when the write is sent",
        retryable: false,
    },
    InvalidAuthenticationToken: {
        summary: () => "Azure rejected the access token.",
        remediation: () =>
            "Check the credentials (AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET, ARM_* variables, azure-native:* " +
            "config, workload identity or `az login`) and that they belong to the cloud the ARM endpoint is in.",
        detectedAt: "preview",
        whyThen: "the preflight is the first authenticated request",
        retryable: false,
    },
    InvalidAuthenticationTokenAudience: {
        summary: () => "Azure rejected the access token because it was issued for another audience.",
        remediation: () =>
            "The token scope must be the ARM endpoint. Check AZURE_RESOURCE_MANAGER_ENDPOINT / the cloud setting and the " +
            "authority host belong to the same cloud.",
        detectedAt: "preview",
        whyThen: "the preflight is the first authenticated request",
        retryable: false,
    },
    AuthenticationFailed: {
        summary: () => "No access token could be obtained for Azure Resource Manager.",
        remediation: () =>
            "The identity's own explanation follows. Check the client id, tenant id and secret (or certificate, or federated " +
            "token), that the authority host (AZURE_AUTHORITY_HOST / the cloud setting) is the tenant's, and that the " +
            "credential has not expired.",
        detectedAt: "preview",
        whyThen: "the first request of the preview needs a token",
        retryable: false,
    },
    CredentialUnavailable: {
        summary: () => "No credential is configured for Azure Resource Manager.",
        remediation: () =>
            "Set one of: ARM_CLIENT_ID/ARM_CLIENT_SECRET/ARM_TENANT_ID (or azure-native:* config), AZURE_CLIENT_ID/" +
            "AZURE_CLIENT_SECRET/AZURE_TENANT_ID, workload identity (ARM_USE_OIDC or AZURE_FEDERATED_TOKEN_FILE), a managed " +
            "identity, or sign in with `az login`. See README, Credentials.",
        detectedAt: "preview",
        whyThen: "the first request of the preview needs a token",
        retryable: false,
    },
    RequestTimeout: {
        summary: () => "Azure Resource Manager did not answer in time, even after retries.",
        remediation: () =>
            "Run the command again; the operations are idempotent. If the network is slow, raise " +
            "azurestack-tenant-mappings:requestTimeoutSeconds.",
        detectedAt: "up",
        whyThen: "a transient condition, retried before it is reported",
        retryable: true,
    },
    NetworkError: {
        summary: () => "Azure Resource Manager could not be reached, even after retries.",
        remediation: () =>
            "Check the network path and the ARM endpoint (AZURE_RESOURCE_MANAGER_ENDPOINT / the cloud setting), then run " +
            "the command again; the operations are idempotent.",
        detectedAt: "up",
        whyThen: "a transient condition, retried before it is reported",
        retryable: true,
    },
    TooManyRequests: {
        summary: () => "Azure Resource Manager kept throttling the requests (HTTP 429) beyond the retry budget.",
        remediation: () =>
            "Run the command again later, or with a lower --parallel; raise azurestack-tenant-mappings:maxThrottleRetries " +
            "to wait longer. Other tools sharing the subscription's quota make this more likely.",
        detectedAt: "up",
        whyThen: "throttling depends on the moment; every 429 is retried after its Retry-After first",
        retryable: true,
    },
    UntrustedNextLink: {
        summary: () => "A list continuation (nextLink) pointed outside the ARM endpoint and was not followed.",
        remediation: () => "The bearer token is only sent to the configured ARM endpoint. Report this with the request ids.",
        detectedAt: "preview",
        whyThen: "the preflight lists the registration's mappings",
        retryable: false,
    },
    InvalidArmResponse: {
        summary: () =>
            "A listing from the ARM endpoint held a mapping whose id or tenant is not a GUID; nothing of that registration was used.",
        remediation: () =>
            "Azure names every mapping by GUIDs, so the endpoint is not answering as Azure Resource Manager does. Check " +
            "AZURE_RESOURCE_MANAGER_ENDPOINT / the cloud setting, and report it to the Azure Stack Hub operator with the request ids.",
        detectedAt: "preview",
        whyThen: "the listing is read before anything is printed or stored",
        retryable: false,
    },
    TooManyPages: {
        summary: () => `Listing the registration's mappings went on past the page limit and was stopped.`,
        remediation: () =>
            "ARM never pages a registration's mappings this far; the endpoint is probably not Azure Resource Manager or is " +
            "misbehaving. Check AZURE_RESOURCE_MANAGER_ENDPOINT / the cloud setting, and report this with the request ids.",
        detectedAt: "preview",
        whyThen: "the preflight lists the registration's mappings",
        retryable: false,
    },
    ResponseTooLarge: {
        summary: () => "An answer from the ARM endpoint was larger than any answer of this API and was not read.",
        remediation: () =>
            "Check that AZURE_RESOURCE_MANAGER_ENDPOINT / the cloud setting names Azure Resource Manager (a proxy or captive " +
            "portal answering instead of ARM can do this), then run the command again.",
        detectedAt: "preview",
        whyThen: "the preflight reads the registration and its mappings",
        retryable: false,
    },
    AuthorizationFailed: {
        summary: (c) => `The signed-in identity may not perform this operation on ${registrationText(c)}.`,
        remediation: () =>
            "Grant the identity a role on the registration's resource group that allows " +
            "Microsoft.AzureStack/registrations/customerSubscriptions/* (for example Contributor), then try again.",
        detectedAt: "preview",
        whyThen: "the preflight reads the registration with the same identity",
        retryable: false,
    },
};

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
const REFUSAL_CODES: { [K in RefusalKind]: string } = {
    TenantAlreadyMapped: "TenantAlreadyMapped",
    SubscriptionAlreadyMapped: "SubscriptionAlreadyMapped",
    TenantMappedTwiceInProgram: "TenantMappedTwiceInProgram",
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
