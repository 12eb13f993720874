/**
 * The error catalog: every ARM error this product knows how to explain, in our own words, with the
 * remediation the Azure Stack Hub documentation gives, and the one error type the rest of the code throws.
 *
 * The eight registration codes come from "Usage and billing registration error codes" (seed 000); the
 * generic ARM codes are the ones a CSP meets while managing tenant mappings.
 */

/** Where in a Pulumi run a failure can surface. */
export type DetectedAt = "preview" | "up";

/** The eight documented Azure Stack Hub registration error codes. */
export const REGISTRATION_ERROR_CODES = [
    "RegistrationNotFound",
    "BadCustomerSubscriptionId",
    "InvalidCustomerSubscriptionId",
    "CustomerSubscriptionNotFound",
    "UnauthorizedCspRegistration",
    "CustomerSubscriptionsNotAllowed",
    "InvalidCSPSubscription",
    "MetadataResolverBadGatewayError",
] as const;
export type RegistrationErrorCode = (typeof REGISTRATION_ERROR_CODES)[number];

/** What a message may mention; every field is optional because not every call knows all of them. */
export interface ErrorContext {
    registrationSubscriptionId?: string;
    resourceGroup?: string;
    registrationName?: string;
    customerSubscriptionId?: string;
    tenantId?: string;
    operation?: string;
}

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

const registrationText = (c: ErrorContext) =>
    c.registrationName
        ? `registration '${c.registrationName}' (subscription ${c.registrationSubscriptionId ?? "?"}, resource group ` +
          `${c.resourceGroup ?? "?"})`
        : "the registration";
const subscriptionText = (c: ErrorContext) =>
    c.customerSubscriptionId ? `customer subscription ${c.customerSubscriptionId}` : "the customer subscription";

export const ERROR_CATALOG: Record<RegistrationErrorCode, CatalogEntry> & Record<string, CatalogEntry | undefined> = {
    RegistrationNotFound: {
        summary: (c) => `Azure has no ${registrationText(c)}.`,
        remediation: () =>
            "Check registrationSubscriptionId, resourceGroup and registrationName (or registrationId): they must point at " +
            "the registration created when the Azure Stack Hub was registered, usually resource group 'azurestack' and " +
            "name 'azurestack-<CloudID>'. List registrations with `az resource list --resource-type " +
            "Microsoft.AzureStack/registrations`; if there are several, pick the one whose CloudDeploymentID matches " +
            "Get-AzureStackStampInformation on the stamp.",
        detectedAt: "preview",
        whyThen: "the preflight reads the registration during preview",
        retryable: false,
    },
    BadCustomerSubscriptionId: {
        summary: (c) =>
            `${subscriptionText(c)} rolls up to a different CSP partner than the subscription that owns ${registrationText(c)}.`,
        remediation: () =>
            "Check customerSubscriptionId: it must be a CSP subscription sold by the same partner (direct CSP or indirect " +
            "provider) as the registration's subscription, so usage is not billed to a partner not responsible for this " +
            "Azure Stack Hub. If the id is right and the error persists, open a support case with the request ids below.",
        detectedAt: "up",
        whyThen: "only Azure's commerce back end knows which partner owns a subscription; ARM checks it when the PUT is sent",
        retryable: false,
    },
    InvalidCustomerSubscriptionId: {
        summary: (c) => `Azure does not accept ${subscriptionText(c)} as a valid subscription id.`,
        remediation: () =>
            "Check customerSubscriptionId: use the customer's Azure subscription id (a GUID such as " +
            "01234567-89ab-cdef-0123-456789abcdef, not the Azure Stack Hub user subscription), exactly as Partner Center shows it.",
        detectedAt: "preview",
        whyThen: "malformed ids are rejected offline by check; a well-formed id Azure still refuses surfaces at up",
        retryable: false,
    },
    CustomerSubscriptionNotFound: {
        summary: (c) => `${subscriptionText(c)} is not mapped to ${registrationText(c)}.`,
        remediation: () =>
            "The mapping does not exist (never added, removed outside Pulumi, or the id is spelled differently: the id is " +
            "case sensitive). `pulumi refresh` drops it from state and `pulumi up` adds it again.",
        detectedAt: "up",
        whyThen: "it is the answer to reading a mapping that is not there; refresh treats it as 'deleted outside Pulumi'",
        retryable: false,
    },
    UnauthorizedCspRegistration: {
        summary: (c) => `${registrationText(c)} is not approved by Microsoft for multi-tenancy.`,
        remediation: () =>
            "Ask Microsoft to approve the registration for multi-tenancy: email azstCSP@microsoft.com with the registration " +
            "name, its resource group and the subscription id used to register. Tenants can be added once it is approved.",
        detectedAt: "preview",
        whyThen: "the preflight lists the registration's customer subscriptions during preview, which Azure refuses for an unapproved registration",
        retryable: false,
    },
    CustomerSubscriptionsNotAllowed: {
        summary: (c) => `${registrationText(c)} uses the Capacity billing model, which cannot carry tenant mappings.`,
        remediation: () =>
            "Only pay-as-you-use registrations can have tenants. Re-register the Azure Stack Hub with " +
            "`-BillingModel PayAsYouUse` (Set-AzsRegistration), then apply again.",
        detectedAt: "preview",
        whyThen: "the preflight reads the registration's billingModel during preview",
        retryable: false,
    },
    InvalidCSPSubscription: {
        summary: (c) => `${subscriptionText(c)} is not a Cloud Solution Provider subscription.`,
        remediation: () =>
            "Check customerSubscriptionId for a typo: it must be a subscription created in the CSP offer through Partner " +
            "Center for this customer, not a pay-as-you-go, EA or Azure Stack Hub subscription.",
        detectedAt: "up",
        whyThen: "only Azure's commerce back end knows whether a subscription is a CSP subscription; ARM checks it when the PUT is sent",
        retryable: false,
    },
    MetadataResolverBadGatewayError: {
        summary: () => "An Azure back-end service behind the registration API failed.",
        remediation: () =>
            "This is transient and was retried with backoff. Run the command again later; if it keeps failing, open a " +
            "support case with the request ids below.",
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
        whyThen: "the preflight sees existing mappings; a create-only PUT (If-None-Match: *) also refuses one that appears after the preview",
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
    attempts?: number;
    /**
     * Attempts that got no definitive answer (no response, a timeout, a 5xx): a write among them may have
     * been applied. A 429 or another 4xx answer says it was not.
     */
    ambiguousAttempts?: number;
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
    readonly attempts?: number;
    readonly ambiguousAttempts?: number;
    readonly retryable: boolean;

    constructor(details: RegistrationErrorDetails) {
        super(composeMessage(details));
        this.name = "AzureStackRegistrationError";
        this.code = details.code;
        this.statusCode = details.statusCode;
        this.requestId = details.requestId;
        this.correlationId = details.correlationId;
        this.clientRequestId = details.clientRequestId;
        this.azureMessage = details.azureMessage;
        this.context = details.context ?? {};
        this.attempts = details.attempts;
        this.ambiguousAttempts = details.ambiguousAttempts;
        this.retryable = ERROR_CATALOG[details.code]?.retryable ?? false;
    }

    /** True for the eight codes the Azure Stack Hub documentation lists. */
    get isDocumentedRegistrationError(): boolean {
        return (REGISTRATION_ERROR_CODES as readonly string[]).includes(this.code);
    }
}

function composeMessage(d: RegistrationErrorDetails): string {
    const ctx = d.context ?? {};
    const entry = ERROR_CATALOG[d.code];
    const lines: string[] = [];
    const what = ctx.operation ? `${ctx.operation} failed` : "Request failed";
    if (entry) {
        lines.push(`${d.code}: ${entry.summary(ctx)}`);
        lines.push(`Fix: ${entry.remediation(ctx)}`);
    } else {
        lines.push(`${d.code}: ${what}${d.statusCode ? ` with HTTP ${d.statusCode}` : ""}.`);
    }
    if (d.azureMessage) lines.push(`Azure said: ${d.azureMessage}`);
    const ids = [
        d.statusCode ? `HTTP ${d.statusCode}` : undefined,
        d.requestId ? `x-ms-request-id ${d.requestId}` : undefined,
        d.correlationId ? `x-ms-correlation-request-id ${d.correlationId}` : undefined,
        d.clientRequestId ? `x-ms-client-request-id ${d.clientRequestId}` : undefined,
        d.attempts && d.attempts > 1 ? `after ${d.attempts} attempts` : undefined,
    ].filter(Boolean);
    if (ids.length) lines.push(`(${ids.join(", ")})`);
    return lines.join("\n");
}
