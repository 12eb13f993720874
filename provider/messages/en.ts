/** English: the catalog's own language and the fallback for every other locale and every other code. */
import type { ErrorContext, MessageTable } from "./table";

export const registrationText = (c: ErrorContext) =>
    c.registrationName
        ? `registration '${c.registrationName}' (subscription ${c.registrationSubscriptionId ?? "?"}, resource group ` +
          `${c.resourceGroup ?? "?"})`
        : "the registration";
export const subscriptionText = (c: ErrorContext) =>
    c.customerSubscriptionId ? `customer subscription ${c.customerSubscriptionId}` : "the customer subscription";

export const en: MessageTable = {
    locale: "en",
    fixLabel: "Fix: ",
    azureSaidLabel: "Azure said: ",
    afterAttempts: (n) => `after ${n} attempts`,
    registrationErrors: {
        RegistrationNotFound: {
            summary: (c) => `Azure has no ${registrationText(c)}.`,
            remediation: () =>
                "Check registrationSubscriptionId, resourceGroup and registrationName (or registrationId): they must point at " +
                "the registration created when the Azure Stack Hub was registered, usually resource group 'azurestack' and " +
                "name 'azurestack-<CloudID>'. List registrations with `az resource list --resource-type " +
                "Microsoft.AzureStack/registrations`; if there are several, pick the one whose CloudDeploymentID matches " +
                "Get-AzureStackStampInformation on the stamp.",
        },
        BadCustomerSubscriptionId: {
            summary: (c) =>
                `${subscriptionText(c)} rolls up to a different CSP partner than the subscription that owns ${registrationText(c)}.`,
            remediation: () =>
                "Check customerSubscriptionId: it must be a CSP subscription sold by the same partner (direct CSP or indirect " +
                "provider) as the registration's subscription, so usage is not billed to a partner not responsible for this " +
                "Azure Stack Hub. If the id is right and the error persists, open a support case with the request ids below.",
        },
        InvalidCustomerSubscriptionId: {
            summary: (c) => `Azure does not accept ${subscriptionText(c)} as a valid subscription id.`,
            remediation: () =>
                "Check customerSubscriptionId: use the customer's Azure subscription id (a GUID such as " +
                "01234567-89ab-cdef-0123-456789abcdef, not the Azure Stack Hub user subscription), exactly as Partner Center shows it.",
        },
        CustomerSubscriptionNotFound: {
            summary: (c) => `${subscriptionText(c)} is not mapped to ${registrationText(c)}.`,
            remediation: () =>
                "The mapping does not exist (never added, removed outside Pulumi, or the id is spelled differently: the id is " +
                "case sensitive). `pulumi refresh` drops it from state and `pulumi up` adds it again.",
        },
        UnauthorizedCspRegistration: {
            summary: (c) => `${registrationText(c)} is not approved by Microsoft for multi-tenancy.`,
            remediation: () =>
                "Ask Microsoft to approve the registration for multi-tenancy: email azstCSP@microsoft.com with the registration " +
                "name, its resource group and the subscription id used to register. Tenants can be added once it is approved.",
        },
        CustomerSubscriptionsNotAllowed: {
            summary: (c) => `${registrationText(c)} uses the Capacity billing model, which cannot carry tenant mappings.`,
            remediation: () =>
                "Only pay-as-you-use registrations can have tenants. Re-register the Azure Stack Hub with " +
                "`-BillingModel PayAsYouUse` (Set-AzsRegistration), then apply again.",
        },
        InvalidCSPSubscription: {
            summary: (c) => `${subscriptionText(c)} is not a Cloud Solution Provider subscription.`,
            remediation: () =>
                "Check customerSubscriptionId for a typo: it must be a subscription created in the CSP offer through Partner " +
                "Center for this customer, not a pay-as-you-go, EA or Azure Stack Hub subscription.",
        },
        MetadataResolverBadGatewayError: {
            summary: () => "An Azure back-end service behind the registration API failed.",
            remediation: () =>
                "This is transient and was retried with backoff. Run the command again later; if it keeps failing, open a " +
                "support case with the request ids below.",
        },
    },
};
