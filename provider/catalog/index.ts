/**
 * The error catalog: every code this product raises or knows how to explain, with when it is caught, why
 * then, and what to do. The eight registration codes come from Microsoft's "Usage and billing registration
 * error codes for Cloud Solution Providers for Azure Stack Hub" page; the generic ARM codes (arm.ts) are the ones a
 * CSP meets while managing tenant mappings. Messages (errors.ts) use the texts; docs/errors.md's table is
 * generated from the rest (scripts/docs.ts, checked by a test). The eight and the product's refusals are
 * explained in four languages (messages/<locale>.ts); the other codes' texts are here and in arm.ts, in English.
 */
import type { ErrorContext, RegistrationErrorCode } from "../messages";
import { en, registrationText, subscriptionText } from "../messages/en";
import { ARM_CATALOG } from "./arm";
import type { CatalogEntry } from "./entry";

export type { CatalogEntry, DetectedAt } from "./entry";

/** What codes that share a row of docs/errors.md share. */
const ALREADY_MAPPED = {
    detectedAt: "preview",
    whyThen: "the preflight sees the registration's mappings",
    advice: "A tenant has one subscription per registration: fix the data, or set `allowTenantReassignment: true` to overwrite deliberately.",
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
    ...ARM_CATALOG,
};
