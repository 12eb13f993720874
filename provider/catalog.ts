/**
 * The error catalog: every code this product raises or knows how to explain, with when it is caught, why
 * then, and what to do. The eight registration codes come from Microsoft's "Usage and billing registration
 * error codes for Cloud Solution Providers for Azure Stack Hub" page; the generic ARM codes are the ones a CSP
 * meets while managing tenant mappings. Messages (errors.ts) use the texts; docs/errors.md's table is
 * generated from the rest (scripts/docs.ts, checked by a test). The eight and the product's refusals are
 * explained in four languages (messages/<locale>.ts); the other codes' texts are here, in English.
 */
import type { ErrorContext, RegistrationErrorCode } from "./messages";
import { en, registrationText, subscriptionText } from "./messages/en";

/** Where in a Pulumi run a failure can surface. */
export type DetectedAt = "preview" | "up";

export interface CatalogEntry {
    /** What went wrong, in one sentence. */
    summary(ctx: ErrorContext): string;
    /** What the user should do about it. */
    remediation(ctx: ErrorContext): string;
    /** When this product reports it: at `pulumi preview` (preflight) or only when `pulumi up` sends the PUT. */
    detectedAt: DetectedAt;
    /** When, in docs/errors.md's words, where that says more than detectedAt (e.g. "preview (malformed ids); up (…)"). */
    caughtAt?: string;
    /** Why it can or cannot be caught earlier (docs/errors.md). */
    whyThen: string;
    /** What to do, in one line (docs/errors.md). The message itself carries the longer remediation. */
    advice: string;
    /** Transient: retried with backoff before it is reported. */
    retryable: boolean;
}

/** What codes that share a row of docs/errors.md share. */
const ALREADY_MAPPED = {
    detectedAt: "preview",
    whyThen: "the preflight sees the registration's mappings",
    advice: "A tenant has one subscription per registration: fix the data, or set `allowTenantReassignment: true` to overwrite deliberately.",
    retryable: false,
} as const;

const TOKEN_REFUSED = {
    detectedAt: "preview",
    whyThen: "the preflight is the first authenticated request",
    advice: "Use credentials of the ARM endpoint's cloud.",
    retryable: false,
} as const;

const NO_TOKEN = {
    detectedAt: "preview",
    whyThen: "the first request needs a token",
    advice: "Configure a credential ([Credentials](configuration.md#credentials)).",
    retryable: false,
} as const;

const TRANSIENT = {
    detectedAt: "up",
    whyThen: "transient; retried with backoff first",
    advice: "Run again; check the network, or raise `requestTimeoutSeconds` / `maxThrottleRetries`.",
    retryable: true,
} as const;

const NOT_ARM = {
    detectedAt: "preview",
    whyThen: "the preflight reads the registration and lists its mappings",
    advice: "The endpoint does not answer as ARM: check `AZURE_RESOURCE_MANAGER_ENDPOINT` / the cloud.",
    retryable: false,
} as const;

export const ERROR_CATALOG: Record<RegistrationErrorCode, CatalogEntry> & Record<string, CatalogEntry | undefined> = {
    RegistrationNotFound: {
        ...en.registrationErrors.RegistrationNotFound,
        detectedAt: "preview",
        whyThen: "the preflight reads the registration",
        advice: "Fix the registration inputs; pick the one whose CloudDeploymentID matches `Get-AzureStackStampInformation`.",
        retryable: false,
    },
    BadCustomerSubscriptionId: {
        ...en.registrationErrors.BadCustomerSubscriptionId,
        detectedAt: "up",
        whyThen: "only Azure's commerce back end knows",
        advice: "Use a subscription sold by the same CSP partner as the registration's subscription.",
        retryable: false,
    },
    InvalidCustomerSubscriptionId: {
        ...en.registrationErrors.InvalidCustomerSubscriptionId,
        detectedAt: "preview",
        caughtAt: "preview (malformed ids); up (ids Azure refuses)",
        whyThen: "malformed GUIDs are refused offline",
        advice: "Use the customer's Azure subscription id exactly as Partner Center shows it.",
        retryable: false,
    },
    CustomerSubscriptionNotFound: {
        ...en.registrationErrors.CustomerSubscriptionNotFound,
        detectedAt: "up",
        caughtAt: "refresh/up",
        whyThen: "it answers reads of a mapping that does not exist",
        advice: "Refresh drops the mapping from state; `pulumi up` adds it again.",
        retryable: false,
    },
    UnauthorizedCspRegistration: {
        ...en.registrationErrors.UnauthorizedCspRegistration,
        detectedAt: "preview",
        whyThen: "the preflight lists the mappings, refused until approval",
        advice: "Ask azstCSP@microsoft.com to approve multi-tenancy.",
        retryable: false,
    },
    CustomerSubscriptionsNotAllowed: {
        ...en.registrationErrors.CustomerSubscriptionsNotAllowed,
        detectedAt: "preview",
        whyThen: "the preflight reads its `billingModel`",
        advice: "Only pay-as-you-use registrations take tenants: re-register with `-BillingModel PayAsYouUse`.",
        retryable: false,
    },
    InvalidCSPSubscription: {
        ...en.registrationErrors.InvalidCSPSubscription,
        detectedAt: "up",
        whyThen: "only Azure's commerce back end knows",
        advice: "Check for a typo: it must be a CSP subscription from Partner Center.",
        retryable: false,
    },
    MetadataResolverBadGatewayError: {
        ...en.registrationErrors.MetadataResolverBadGatewayError,
        detectedAt: "up",
        whyThen: "transient; retried first",
        advice: "Run again later; open a support case with the ids if it persists.",
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
        caughtAt: "up (delete)",
        whyThen: "locks are enforced on DELETE",
        advice: "Remove the registration's CanNotDelete lock for the change (`az lock delete …`), then restore it.",
        retryable: false,
    },
    MappingAlreadyExists: {
        summary: (c) => `${subscriptionText(c)} is already mapped on ${registrationText(c)}, outside this resource.`,
        remediation: () =>
            "It was made by hand or is managed by another stack. To manage it from this resource, set adoptExisting: true " +
            "(and remove it from the other stack); otherwise remove the declaration. Nothing was changed.",
        detectedAt: "preview",
        caughtAt: "preview; up if it appeared since",
        whyThen: "only with adoption off: preflight, then a create-only PUT",
        advice: "Set `adoptExisting: true` to manage it here (and remove it from any other stack), or drop the declaration.",
        retryable: false,
    },
    TenantAlreadyMapped: {
        summary: (c) => `The tenant ${c.tenantId ?? ""} is already mapped to another subscription on ${registrationText(c)}.`,
        remediation: () =>
            "A tenant maps to one subscription per registration. Correct tenantId or customerSubscriptionId, or set " +
            "allowTenantReassignment: true to overwrite the mapping deliberately.",
        ...ALREADY_MAPPED,
    },
    SubscriptionAlreadyMapped: {
        summary: (c) => `${subscriptionText(c)} is already mapped to another tenant on ${registrationText(c)}.`,
        remediation: () => "Correct tenantId, or set allowTenantReassignment: true to re-point the mapping deliberately.",
        ...ALREADY_MAPPED,
    },
    TenantMappedTwiceInProgram: {
        summary: () => "Two mappings of this program give one tenant two subscriptions on one registration.",
        remediation: () => "Keep one of the two declarations: the second PUT would silently replace the first.",
        detectedAt: "preview",
        whyThen: "offline, from the program's own declarations",
        advice: "Two declarations give one tenant two subscriptions on a registration: keep one.",
        retryable: false,
    },
    RegistrationDeclaredTwice: {
        summary: () => "A CustomerSubscriptionMappingSet shares its registration with another resource of the program.",
        remediation: () =>
            "A set manages all of a registration's mappings: move the other declarations into the set, or remove the set " +
            "and keep single mappings.",
        detectedAt: "preview",
        whyThen: "offline, from the program's own declarations",
        advice: "Declare a registration's mappings in one set, or in single mappings without a set.",
        retryable: false,
    },
    TooManyDeletions: {
        summary: () => "A CustomerSubscriptionMappingSet would delete more mappings than its maxDeletions allows; nothing was deleted.",
        remediation: () =>
            "If the deletions are intended, raise maxDeletions on the set (and run `pulumi up` before deleting the set itself).",
        detectedAt: "preview",
        caughtAt: "preview (removed entries; with `remove`, once listed); up; destroy",
        whyThen: "the entries a set removes are known from the program, undeclared ones from the listing",
        advice: "Raise the set's `maxDeletions` if so many deletions are intended.",
        retryable: false,
    },
    UndeclaredMappings: {
        summary: () => "The registration holds mappings a CustomerSubscriptionMappingSet with undeclared: fail does not declare.",
        remediation: () =>
            "Add them to the set's mappings (adopted without a write), delete them in Azure, or choose undeclared: warn or ignore.",
        detectedAt: "preview",
        whyThen: "a set with `fail` lists its registration at every preview",
        advice: "Declare them in the set (adopted without a write), or delete them in Azure.",
        retryable: false,
    },
    SetEntriesFailed: {
        summary: () => "Some entries of a CustomerSubscriptionMappingSet failed; the others were applied and are kept in state.",
        remediation: () => "Fix the cause named for each failed entry and run `pulumi up` again; it retries only what is missing.",
        detectedAt: "up",
        whyThen: "each entry is written on its own; the failures carry their own codes",
        advice: "Fix each named entry's cause; the next `pulumi up` converges.",
        retryable: false,
    },
    InvalidStoredState: {
        summary: () => "The stack's state for a mapping is not a valid mapping; nothing was sent to Azure.",
        remediation: () =>
            "Restore the state from a backup (`pulumi stack export` / `import`), or remove the resource from state with " +
            "`pulumi state delete <urn>` and declare the mapping again.",
        detectedAt: "up",
        caughtAt: "refresh/up",
        whyThen: "state is checked before any of it goes into a URL",
        advice: "State was edited outside Pulumi: restore a backup, or `pulumi state delete <urn>` and declare the mapping again.",
        retryable: false,
    },
    InvalidRegistrationSelector: {
        summary: () => "listCustomerSubscriptionMappings was not given a valid registration.",
        remediation: () => "Name the registration by its ARM id, or by its subscription, resource group and name.",
        detectedAt: "preview",
        whyThen: "`listCustomerSubscriptionMappings` checks its argument offline",
        advice: "Name the registration by its ARM id, or by subscription, resource group and name.",
        retryable: false,
    },
    PreconditionFailed: {
        summary: (c) => `${subscriptionText(c)} changed in Azure since Pulumi last read it (its etag no longer matches).`,
        remediation: () =>
            "Someone else (another stack, the portal, PowerShell) changed this mapping. Run `pulumi refresh` to see the " +
            "current value, decide which declaration wins, and make sure only one stack manages this mapping.",
        detectedAt: "up",
        whyThen: "the etag is compared when the write is sent",
        advice: "The mapping changed outside Pulumi: `pulumi refresh`, then decide which declaration wins.",
        retryable: false,
    },
    InvalidAuthenticationToken: {
        summary: () => "Azure rejected the access token.",
        remediation: () =>
            "Check the credentials (AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET, ARM_* variables, azure-native:* " +
            "config, workload identity or `az login`) and that they belong to the cloud the ARM endpoint is in.",
        ...TOKEN_REFUSED,
    },
    InvalidAuthenticationTokenAudience: {
        summary: () => "Azure rejected the access token because it was issued for another audience.",
        remediation: () =>
            "The token scope must be the ARM endpoint. Check AZURE_RESOURCE_MANAGER_ENDPOINT / the cloud setting and the " +
            "authority host belong to the same cloud.",
        ...TOKEN_REFUSED,
    },
    AuthenticationFailed: {
        summary: () => "No access token could be obtained for Azure Resource Manager.",
        remediation: () =>
            "The identity's own explanation follows. Check the client id, tenant id and secret (or certificate, or federated " +
            "token), that the authority host (AZURE_AUTHORITY_HOST / the cloud setting) is the tenant's, and that the " +
            "credential has not expired.",
        ...NO_TOKEN,
    },
    CredentialUnavailable: {
        summary: () => "No credential is configured for Azure Resource Manager.",
        remediation: () =>
            "Set one of: ARM_CLIENT_ID/ARM_CLIENT_SECRET/ARM_TENANT_ID (or azure-native:* config), AZURE_CLIENT_ID/" +
            "AZURE_CLIENT_SECRET/AZURE_TENANT_ID, workload identity (ARM_USE_OIDC or AZURE_FEDERATED_TOKEN_FILE), a managed " +
            "identity, or sign in with `az login`. See README, Credentials.",
        ...NO_TOKEN,
    },
    RequestTimeout: {
        summary: () => "Azure Resource Manager did not answer in time, even after retries.",
        remediation: () =>
            "Run the command again; the operations are idempotent. If the network is slow, raise " +
            "azurestack-tenant-mappings:requestTimeoutSeconds.",
        ...TRANSIENT,
    },
    NetworkError: {
        summary: () => "Azure Resource Manager could not be reached, even after retries.",
        remediation: () =>
            "Check the network path and the ARM endpoint (AZURE_RESOURCE_MANAGER_ENDPOINT / the cloud setting), then run " +
            "the command again; the operations are idempotent.",
        ...TRANSIENT,
    },
    TooManyRequests: {
        summary: () => "Azure Resource Manager kept throttling the requests (HTTP 429) beyond the retry budget.",
        remediation: () =>
            "Run the command again later, or with a lower --parallel; raise azurestack-tenant-mappings:maxThrottleRetries " +
            "to wait longer. Other tools sharing the subscription's quota make this more likely.",
        ...TRANSIENT,
    },
    UntrustedNextLink: {
        summary: () => "A list continuation (nextLink) pointed outside the ARM endpoint and was not followed.",
        remediation: () => "The bearer token is only sent to the configured ARM endpoint. Report this with the request ids.",
        ...NOT_ARM,
    },
    InvalidArmResponse: {
        summary: () =>
            "A listing from the ARM endpoint held a mapping whose id or tenant is not a GUID; nothing of that registration was used.",
        remediation: () =>
            "Azure names every mapping by GUIDs, so the endpoint is not answering as Azure Resource Manager does. Check " +
            "AZURE_RESOURCE_MANAGER_ENDPOINT / the cloud setting, and report it to the Azure Stack Hub operator with the request ids.",
        ...NOT_ARM,
    },
    TooManyPages: {
        summary: () => `Listing the registration's mappings went on past the page limit and was stopped.`,
        remediation: () =>
            "ARM never pages a registration's mappings this far; the endpoint is probably not Azure Resource Manager or is " +
            "misbehaving. Check AZURE_RESOURCE_MANAGER_ENDPOINT / the cloud setting, and report this with the request ids.",
        ...NOT_ARM,
    },
    ResponseTooLarge: {
        summary: () => "An answer from the ARM endpoint was larger than any answer of this API and was not read.",
        remediation: () =>
            "Check that AZURE_RESOURCE_MANAGER_ENDPOINT / the cloud setting names Azure Resource Manager (a proxy or captive " +
            "portal answering instead of ARM can do this), then run the command again.",
        ...NOT_ARM,
    },
    AuthorizationFailed: {
        summary: (c) => `The signed-in identity may not perform this operation on ${registrationText(c)}.`,
        remediation: () =>
            "Grant the identity a role on the registration's resource group that allows " +
            "Microsoft.AzureStack/registrations/customerSubscriptions/* (for example Contributor), then try again.",
        detectedAt: "preview",
        whyThen: "the preflight reads the registration with the same identity",
        advice: "Grant a role allowing `Microsoft.AzureStack/registrations/customerSubscriptions/*`.",
        retryable: false,
    },
};
