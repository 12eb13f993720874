/** English: the catalog's own language and the fallback for every other locale and every other code. */
import type { ErrorContext, MessageTable, RefusalTexts } from "./table";
import { enValidation } from "./validation/en";

export const registrationText = (c: ErrorContext) =>
    c.registrationName
        ? `registration '${c.registrationName}' (subscription ${c.registrationSubscriptionId ?? "?"}, resource group ` +
          `${c.resourceGroup ?? "?"})`
        : "the registration";
export const subscriptionText = (c: ErrorContext) =>
    c.customerSubscriptionId ? `customer subscription ${c.customerSubscriptionId}` : "the customer subscription";

const OPT_IN = "If that is what you want, set allowTenantReassignment: true on this mapping.";
const nothingWritten = (atCreate: boolean) => (atCreate ? " Nothing was written." : "");

const refusals: RefusalTexts = {
    TenantAlreadyMapped: (f) =>
        `tenant ${f.tenantId} is already mapped to customer subscription ${f.mappedSubscriptions} on registration ` +
        `'${f.registrationName}', and this resource does not manage that mapping. A tenant maps to one subscription per ` +
        `registration, so applying would overwrite it and bill the tenant's usage to ${f.customerSubscriptionId} instead. ` +
        `${OPT_IN} Otherwise correct tenantId or customerSubscriptionId.`,
    SubscriptionAlreadyMapped: (f) =>
        `customer subscription ${f.customerSubscriptionId} is already mapped to tenant ${f.mappedTenant} on registration ` +
        `'${f.registrationName}', outside this resource. Applying would re-point it to tenant ${f.tenantId}. ${OPT_IN} ` +
        `Otherwise correct tenantId.${nothingWritten(f.atCreate)}`,
    TenantMappedTwiceInProgram: (f) =>
        `${f.inSet ? "another entry of this set" : "another CustomerSubscriptionMapping in this program"} maps tenant ` +
        `${f.tenantId} to customer subscription ` +
        `${f.rivalSubscription} on registration '${f.registrationName}'. A tenant maps to one subscription per registration: ` +
        "the second PUT would silently replace the first. Keep one of the two.",
    MappingAlreadyExists: (f) =>
        `customer subscription ${f.customerSubscriptionId} is already mapped to tenant ${f.tenantId} on registration ` +
        `'${f.registrationName}', made outside this stack or managed by another one, and adoption is off (` +
        (f.offForThisMapping
            ? "this mapping sets adoptExisting: false"
            : "the provider setting azurestack-tenant-mappings:adoptExisting / AZURESTACK_MAPPINGS_ADOPT_EXISTING is false") +
        "). To manage it from here, set adoptExisting: true on this mapping (and remove it from any other stack); otherwise " +
        "remove this declaration. If this stack's own `pulumi up` was interrupted after writing it, run `pulumi up` once " +
        "with AZURESTACK_MAPPINGS_ADOPT_EXISTING=true.",
    MappingSpelledOtherwise: (f) =>
        `tenant ${f.tenantId} is already mapped on registration '${f.registrationName}' to customer subscription ` +
        `${f.listedAs}, spelled with other letter case than the declared ${f.declared}. The id is case sensitive for billing, ` +
        `so that is not the same mapping and is not adopted. Declare customerSubscriptionId: ${f.listedAs} to adopt it.` +
        nothingWritten(f.atCreate),
    RegistrationDeclaredTwice: (f) =>
        `registration '${f.registrationName}' is managed by the CustomerSubscriptionMappingSet '${f.set}', which reports every ` +
        "mapping of the registration it does not declare (and with undeclared: remove deletes it); the " +
        `${f.otherIsSet ? "CustomerSubscriptionMappingSet" : "CustomerSubscriptionMapping"} '${f.other}' declares mappings on it ` +
        `too${f.customerSubscriptionId ? ` (both declare customer subscription ${f.customerSubscriptionId})` : ""}. Declare a ` +
        "registration's mappings in one place: move them into the set, or remove the set and keep single mappings. Nothing " +
        "was sent to Azure.",
    TooManyDeletions: (f) =>
        `${f.whole ? "deleting this set would delete" : "this update would delete"} ${f.count} mapping(s) of registration ` +
        `'${f.registrationName}' (${f.subscriptions}), more than maxDeletions (${f.maxDeletions}) allows. A deleted mapping bills ` +
        "the tenant's usage to the registration's own subscription. If that is intended, raise maxDeletions on the set to at " +
        `least ${f.count}${f.whole ? " and run `pulumi up` before deleting it" : ""}; nothing was deleted.`,
    UndeclaredMappings: (f) =>
        `registration '${f.registrationName}' holds ${f.count} mapping(s) this set does not declare (undeclared: fail):\n` +
        `${f.mappings}\nAdd them to the set's mappings to manage them here (\`pulumi up\` adopts them without writing to ` +
        "Azure), delete them in Azure, or choose undeclared: warn or ignore.",
    SetEntriesFailed: (f) =>
        `${f.failed} of ${f.total} mapping(s) of registration '${f.registrationName}' failed; the others were applied, and ` +
        "state records exactly what was. Fix each cause below and run `pulumi up` again: it retries only what is missing.\n" +
        f.entries,
    InvalidArmResponse: (f) =>
        `mapping ${f.position} of ${f.registrationId} has a ${f.what} that is not a GUID (${f.shown}); nothing of this ` +
        "registration is used. Report it to the Azure Stack Hub operator.",
    InvalidStoredState: (f) =>
        `${f.resource} ${f.operation} refused: the stack's state for ${f.id} is not a valid mapping, so nothing ` +
        `was sent to Azure. ${f.failures} State was changed outside Pulumi: restore it from a backup (\`pulumi stack export\` ` +
        "/ `import`), or remove the resource from state with `pulumi state delete <urn>` and declare the mapping again.",
    InvalidRegistrationSelector: (f) => `listCustomerSubscriptionMappings: ${f.failures}`,
};

export const en: MessageTable = {
    locale: "en",
    notices: {
        willAdopt: (f) =>
            `${f.registrationName}: customer subscription ${f.customerSubscriptionId} already maps tenant ${f.tenantId}; ` +
            `\`pulumi up\` adopts it into this stack without writing to Azure. (${f.id})`,
        adopted: (f) =>
            `${f.registrationName}: adopted customer subscription ${f.customerSubscriptionId} (tenant ${f.tenantId}), which ` +
            `already existed in Azure, without writing to it. (${f.id})`,
        setWillAdopt: (f) =>
            `${f.registrationName}: ${f.count} mapping(s) already exist exactly as this set declares them; \`pulumi up\` ` +
            `adopts them without writing to Azure. (${f.id})`,
        setAdopted: (f) =>
            `${f.registrationName}: adopted ${f.count} mapping(s) that already existed in Azure, without writing to them. (${f.id})`,
        undeclared: (f) =>
            `${f.registrationName}: ${f.count} mapping(s) in Azure are not declared by this set (made by hand, or by another ` +
            `stack):\n${f.mappings}\nTo manage them here, add these entries to the set's mappings (the root stack: ` +
            "`azs-mappings export --stack-config Pulumi.<stack>.yaml`): `pulumi up` then adopts them without writing to " +
            `Azure. To stop this warning, set undeclared: "ignore". (${f.id})`,
        willRemove: (f) =>
            `${f.registrationName}: \`pulumi up\` deletes ${f.count} mapping(s) this set does not declare (undeclared: ` +
            `remove):\n${f.mappings}\n(${f.id})`,
    },
    validation: enValidation,
    fixLabel: "Fix: ",
    azureSaidLabel: "Azure said: ",
    afterAttempts: (n) => `after ${n} attempts`,
    refusals,
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
