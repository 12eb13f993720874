/** Svenska. Commands, property names and identifiers stay as the user types them. */
import type { ErrorContext, MessageTable } from "./table";

const registration = (c: ErrorContext) =>
    c.registrationName
        ? `registreringen ”${c.registrationName}” (prenumeration ${c.registrationSubscriptionId ?? "?"}, resursgrupp ` +
          `${c.resourceGroup ?? "?"})`
        : "registreringen";
const subscription = (c: ErrorContext) =>
    c.customerSubscriptionId ? `kundprenumerationen ${c.customerSubscriptionId}` : "kundprenumerationen";
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export const svSE: MessageTable = {
    locale: "sv-SE",
    fixLabel: "Åtgärd: ",
    azureSaidLabel: "Azure svarade: ",
    afterAttempts: (n) => `efter ${n} försök`,
    registrationErrors: {
        RegistrationNotFound: {
            summary: (c) => `${capitalized(registration(c))} finns inte i Azure.`,
            remediation: () =>
                "Kontrollera registrationSubscriptionId, resourceGroup och registrationName (eller registrationId): de ska " +
                "peka på registreringen som skapades när Azure Stack Hub registrerades, oftast i resursgruppen ”azurestack” " +
                "med namnet ”azurestack-<CloudID>”. Lista registreringarna med `az resource list --resource-type " +
                "Microsoft.AzureStack/registrations`. Finns det flera, välj den vars CloudDeploymentID är detsamma som " +
                "Get-AzureStackStampInformation visar på din Azure Stack Hub.",
        },
        BadCustomerSubscriptionId: {
            summary: (c) =>
                `${capitalized(subscription(c))} hör till en annan CSP-partner än prenumerationen som äger ${registration(c)}.`,
            remediation: () =>
                "Kontrollera customerSubscriptionId: det måste vara en CSP-prenumeration som sålts av samma partner (direkt " +
                "CSP-partner eller indirekt leverantör) som registreringens prenumeration, annars skulle förbrukningen " +
                "faktureras en partner som inte ansvarar för den här Azure Stack Hub. Stämmer id:t och felet ändå kvarstår, " +
                "öppna ett supportärende och bifoga begärans id:n nedan.",
        },
        InvalidCustomerSubscriptionId: {
            summary: (c) => `Azure godtar inte ${subscription(c)} som ett giltigt prenumerations-id.`,
            remediation: () =>
                "Kontrollera customerSubscriptionId: ange kundens Azure-prenumerations-id (ett GUID som " +
                "01234567-89ab-cdef-0123-456789abcdef, inte en användarprenumeration i Azure Stack Hub), exakt som det " +
                "står i Partnercenter (Partner Center).",
        },
        CustomerSubscriptionNotFound: {
            summary: (c) => `${capitalized(subscription(c))} är inte mappad till ${registration(c)}.`,
            remediation: () =>
                "Mappningen finns inte: den lades aldrig till, togs bort utanför Pulumi, eller så är id:t stavat på ett " +
                "annat sätt (id:t är skiftlägeskänsligt). `pulumi refresh` tar bort den ur tillståndet och `pulumi up` " +
                "lägger till den igen.",
        },
        UnauthorizedCspRegistration: {
            summary: (c) => `${capitalized(registration(c))} är inte godkänd av Microsoft för flera klientorganisationer.`,
            remediation: () =>
                "Be Microsoft godkänna registreringen för flera klientorganisationer: mejla azstCSP@microsoft.com med " +
                "registreringens namn, dess resursgrupp och id:t för prenumerationen som användes vid registreringen. När " +
                "den är godkänd kan du lägga till klientorganisationer.",
        },
        CustomerSubscriptionsNotAllowed: {
            summary: (c) =>
                `${capitalized(registration(c))} använder faktureringsmodellen Capacity, som inte tillåter några klientmappningar.`,
            remediation: () =>
                "Bara registreringar som faktureras efter förbrukning kan ha klientorganisationer. Registrera om Azure Stack " +
                "Hub med `-BillingModel PayAsYouUse` (Set-AzsRegistration) och kör sedan igen.",
        },
        InvalidCSPSubscription: {
            summary: (c) => `${capitalized(subscription(c))} är inte en CSP-prenumeration (Cloud Solution Provider).`,
            remediation: () =>
                "Leta efter ett skrivfel i customerSubscriptionId: det måste vara en prenumeration som skapats för den här " +
                "kunden i CSP-erbjudandet via Partnercenter, inte en användningsbaserad (pay-as-you-go), EA- eller " +
                "Azure Stack Hub-prenumeration.",
        },
        MetadataResolverBadGatewayError: {
            summary: () => "En Azure-tjänst bakom registrerings-API:t svarade med ett fel.",
            remediation: () =>
                "Felet är tillfälligt och begäran har redan gjorts om med allt längre väntetid. Kör kommandot igen senare; " +
                "misslyckas det fortfarande, öppna ett supportärende och bifoga begärans id:n nedan.",
        },
    },
};
