/**
 * ARM error answers. Every error the emulator gives is an ArmError carrying the HTTP status, the code and
 * a message in ARM's body shape `{"error": {"code", "message", "target"?}}`. The status of each documented
 * CSP code is the emulator's choice (no source documents them); docs/emulator.md says why.
 */
import type { RegistrationCoordinates } from "./seed.js";

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
