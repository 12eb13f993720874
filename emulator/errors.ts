/**
 * ARM error answers. Every error the emulator gives is an ArmError carrying the HTTP status, the code and
 * a message in ARM's body shape `{"error": {"code", "message", "target"?}}`. The status of each documented
 * CSP code is the emulator's choice (no source documents them); docs/emulator.md says why.
 *
 * Also the checks whose failures are ARM's generic errors: a PUT's content (a JSON object holding the
 * properties the API takes) and its preconditions (If-Match, If-None-Match, the body's etag).
 */
import type { IncomingHttpHeaders } from "node:http";
import type { Reply } from "./https.js";
import { isGuid, type RegistrationCoordinates } from "./seed.js";

/** HTTP status of every ARM error code the emulator can answer. */
export const ERROR_STATUS = {
    // The eight registration error codes Microsoft's page "Usage and billing registration error codes for Cloud Solution Providers for Azure Stack Hub" documents.
    RegistrationNotFound: 404,
    BadCustomerSubscriptionId: 400,
    InvalidCustomerSubscriptionId: 400,
    CustomerSubscriptionNotFound: 404,
    UnauthorizedCspRegistration: 403,
    CustomerSubscriptionsNotAllowed: 409,
    InvalidCSPSubscription: 400,
    MetadataResolverBadGatewayError: 502,
    // ARM's own.
    ScopeLocked: 409,
    PreconditionFailed: 412,
    InvalidRequestContent: 400,
    MissingApiVersionParameter: 400,
    InvalidApiVersionParameter: 400,
    InvalidSkipToken: 400,
    LocationRequired: 400,
    InvalidResourceType: 404,
    InvalidResourceNamespace: 404,
    SubscriptionNotFound: 404,
    ResourceGroupNotFound: 404,
    NotFound: 404,
    MethodNotAllowed: 405,
    SubscriptionRequestsThrottled: 429,
    InvalidAuthenticationToken: 401,
    InvalidAuthenticationTokenAudience: 401,
    ExpiredAuthenticationToken: 401,
    BadGateway: 502,
    ServiceUnavailable: 503,
    InternalServerError: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class ArmError extends Error {
    readonly status: number;
    constructor(
        readonly code: ErrorCode,
        message: string,
        readonly target?: string,
        status?: number,
    ) {
        super(message);
        this.name = "ArmError";
        this.status = status ?? ERROR_STATUS[code];
    }

    body(): { error: { code: string; message: string; target?: string } } {
        const error: { code: string; message: string; target?: string } = { code: this.code, message: this.message };
        if (this.target !== undefined) error.target = this.target;
        return { error };
    }
}

/** The documented CSP errors, with messages written for this emulator (facts from Microsoft's page "Usage and billing registration error codes for Cloud Solution Providers for Azure Stack Hub"). */
export const cspErrors = {
    registrationNotFound: (r: RegistrationCoordinates) =>
        new ArmError(
            "RegistrationNotFound",
            `No registration was found. Check the subscription id (given: '${r.subscriptionId}'), the resource group (given: '${r.resourceGroup}') and the registration name (given: '${r.name}').`,
            "registrationName",
        ),
    customerSubscriptionNotFound: (id: string, registration: string) =>
        new ArmError(
            "CustomerSubscriptionNotFound",
            `Customer subscription '${id}' is not registered under registration '${registration}'. Add it with a PUT first, and check the spelling of the id (it is case sensitive).`,
            "customerSubscriptionId",
        ),
    unauthorizedCspRegistration: (registration: string) =>
        new ArmError(
            "UnauthorizedCspRegistration",
            `Registration '${registration}' has not been approved by Microsoft for multi-tenancy, so customer subscriptions cannot be managed under it. Ask Microsoft (azstCSP@microsoft.com) to approve it, giving the registration name, resource group and subscription id.`,
            "registrationName",
        ),
    customerSubscriptionsNotAllowed: (registration: string, billingModel: string) =>
        new ArmError(
            "CustomerSubscriptionsNotAllowed",
            `Registration '${registration}' uses the '${billingModel}' billing model; customer subscriptions can only be managed on a PayAsYouUse registration. Re-register Azure Stack Hub with the PayAsYouUse billing model to use this feature.`,
            "registrationName",
        ),
    invalidCustomerSubscriptionId: (id: string) =>
        new ArmError(
            "InvalidCustomerSubscriptionId",
            `'${id}' is not a valid Azure subscription id (expected a GUID such as 00000000-0000-0000-0000-000000000000).`,
            "customerSubscriptionId",
        ),
    badCustomerSubscriptionId: (id: string, registration: string) =>
        new ArmError(
            "BadCustomerSubscriptionId",
            `Customer subscription '${id}' and the subscription of registration '${registration}' do not roll up to the same Cloud Solution Provider partner. Check the customer subscription id; if it is right, contact support.`,
            "customerSubscriptionId",
        ),
    invalidCspSubscription: (id: string) =>
        new ArmError(
            "InvalidCSPSubscription",
            `'${id}' is not a Cloud Solution Provider (CSP) subscription. Check that the id is typed correctly and that the subscription was created in the CSP offer.`,
            "customerSubscriptionId",
        ),
    metadataResolverBadGateway: () =>
        new ArmError(
            "MetadataResolverBadGatewayError",
            "An upstream service answered with an unexpected error. This is transient: retry later, and contact support if it persists.",
        ),
};

/** The Reply that stands for an ArmError. */
export function errorReply(err: ArmError): Reply {
    return { status: err.status, body: err.body(), errorCode: err.code };
}

// ---- request content and preconditions ----

/**
 * If-Match (an etag list or *), If-None-Match: * and the body's etag, checked against the current etag
 * (undefined when the resource does not exist). Any failure ⇒ 412 PreconditionFailed.
 */
export function checkPreconditions(headers: IncomingHttpHeaders, current: string | undefined, bodyEtag: string | undefined): void {
    const ifMatch = headerValue(headers["if-match"]);
    if (ifMatch !== undefined) {
        const wanted = splitEtags(ifMatch);
        if (current === undefined)
            throw new ArmError("PreconditionFailed", `If-Match '${ifMatch}' was given but the resource does not exist.`);
        if (!wanted.includes("*") && !wanted.includes(current))
            throw new ArmError("PreconditionFailed", `The ETag '${quote(current)}' of the resource does not match If-Match '${ifMatch}'.`);
    }
    const ifNoneMatch = headerValue(headers["if-none-match"]);
    if (ifNoneMatch !== undefined && current !== undefined) {
        const unwanted = splitEtags(ifNoneMatch);
        if (unwanted.includes("*") || unwanted.includes(current))
            throw new ArmError(
                "PreconditionFailed",
                `The resource already exists (ETag '${quote(current)}') and If-None-Match is '${ifNoneMatch}'.`,
            );
    }
    if (bodyEtag !== undefined && current !== undefined && normaliseEtag(bodyEtag) !== current) {
        throw new ArmError(
            "PreconditionFailed",
            `The etag '${bodyEtag}' in the request body does not match the resource's ETag '${quote(current)}'.`,
            "etag",
        );
    }
}

function headerValue(value: string | string[] | undefined): string | undefined {
    return Array.isArray(value) ? value.join(",") : value;
}

function splitEtags(value: string): string[] {
    return value
        .split(",")
        .map((v) => normaliseEtag(v.trim()))
        .filter((v) => v !== "");
}

/** `W/"abc"`, `"abc"` and `abc` are the same etag. */
function normaliseEtag(value: string): string {
    return value.replace(/^W\//, "").replace(/^"(.*)"$/, "$1");
}

export function quote(etag: string): string {
    return `"${etag}"`;
}

/** A registration PUT's content: location 'global'; the properties given, non-empty strings. */
export function registrationProperties(content: Buffer): { billingModel?: string; cloudId?: string; objectId?: string } {
    const body = parseJsonObject(content);
    if (typeof body.location !== "string" || body.location.toLowerCase() !== "global") {
        throw new ArmError(
            "LocationRequired",
            `The location of a registration must be 'global', got ${JSON.stringify(body.location)}.`,
            "location",
        );
    }
    const props = body.properties === undefined ? {} : body.properties;
    if (typeof props !== "object" || props === null || Array.isArray(props))
        throw new ArmError("InvalidRequestContent", "'properties' must be an object.", "properties");
    const p = props as Record<string, unknown>;
    for (const key of ["registrationToken", "billingModel", "cloudId", "objectId"]) {
        if (p[key] !== undefined && (typeof p[key] !== "string" || p[key] === ""))
            throw new ArmError("InvalidRequestContent", `'properties.${key}' must be a non-empty string.`, `properties.${key}`);
    }
    return p as { billingModel?: string; cloudId?: string; objectId?: string };
}

/** A customer subscription PUT's content: properties.tenantId a GUID; etag and location, when given, strings. */
export function mappingProperties(content: Buffer): { tenantId: string; etag: string | undefined } {
    const body = parseJsonObject(content);
    const props = body.properties;
    if (typeof props !== "object" || props === null || Array.isArray(props)) {
        throw new ArmError(
            "InvalidRequestContent",
            'The request content must be {"properties": {"tenantId": "<directory tenant GUID>"}}; \'properties\' is missing or not an object.',
            "properties",
        );
    }
    const tenantId = (props as Record<string, unknown>).tenantId;
    if (typeof tenantId !== "string" || !isGuid(tenantId)) {
        throw new ArmError(
            "InvalidRequestContent",
            `'properties.tenantId' must be the GUID of the customer's directory tenant, got ${JSON.stringify(tenantId)}.`,
            "properties.tenantId",
        );
    }
    if (body.etag !== undefined && typeof body.etag !== "string")
        throw new ArmError("InvalidRequestContent", "'etag' must be a string.", "etag");
    // Generic clients send the resource group's location (az resource create); the spec's mapping has none to keep.
    if (body.location !== undefined && typeof body.location !== "string")
        throw new ArmError("InvalidRequestContent", "'location' must be a string.", "location");
    return { tenantId, etag: body.etag as string | undefined };
}

/** The request content as a JSON object, or InvalidRequestContent. */
function parseJsonObject(body: Buffer): Record<string, unknown> {
    if (body.length === 0) throw new ArmError("InvalidRequestContent", "The request content is empty; a JSON object is required.");
    let value: unknown;
    try {
        value = JSON.parse(body.toString("utf8"));
    } catch (err) {
        throw new ArmError("InvalidRequestContent", `The request content is not valid JSON: ${(err as Error).message}.`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value))
        throw new ArmError("InvalidRequestContent", "The request content must be a JSON object.");
    return value as Record<string, unknown>;
}
