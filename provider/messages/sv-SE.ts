/** Svenska. Commands, property names and identifiers stay as the user types them. */
import type { ErrorContext, MessageTable, RefusalTexts } from "./table";
import { svValidation } from "./validation/sv-SE";

const registration = (c: ErrorContext) =>
    c.registrationName
        ? `registreringen ”${c.registrationName}” (prenumeration ${c.registrationSubscriptionId ?? "?"}, resursgrupp ` +
          `${c.resourceGroup ?? "?"})`
        : "registreringen";
const subscription = (c: ErrorContext) =>
    c.customerSubscriptionId ? `kundprenumerationen ${c.customerSubscriptionId}` : "kundprenumerationen";
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const OPT_IN = "Om det är vad du vill, sätt allowTenantReassignment: true på den här mappningen.";
const nothingWritten = (atCreate: boolean) => (atCreate ? " Inget skrevs." : "");

const refusals: RefusalTexts = {
    TenantAlreadyMapped: (f) =>
        `klientorganisationen ${f.tenantId} är redan mappad till kundprenumerationen ${f.mappedSubscriptions} i registreringen ` +
        `”${f.registrationName}”, och den här resursen hanterar inte den mappningen. En klientorganisation mappas till en ` +
        "prenumeration per registrering, så att tillämpa ändringen skulle skriva över den och fakturera klientorganisationens " +
        `förbrukning till ${f.customerSubscriptionId} i stället. ${OPT_IN} Annars, rätta tenantId eller customerSubscriptionId.`,
    SubscriptionAlreadyMapped: (f) =>
        `kundprenumerationen ${f.customerSubscriptionId} är redan mappad till klientorganisationen ${f.mappedTenant} i ` +
        `registreringen ”${f.registrationName}”, utanför den här resursen. Att tillämpa ändringen skulle peka om den till ` +
        `klientorganisationen ${f.tenantId}. ${OPT_IN} Annars, rätta tenantId.${nothingWritten(f.atCreate)}`,
    TenantMappedTwiceInProgram: (f) =>
        `${f.inSet ? "en annan post i den här uppsättningen" : "en annan CustomerSubscriptionMapping i det här programmet"} ` +
        `mappar klientorganisationen ${f.tenantId} till ` +
        `kundprenumerationen ${f.rivalSubscription} i registreringen ”${f.registrationName}”. En klientorganisation mappas ` +
        "till en prenumeration per registrering: den andra PUT-begäran skulle tyst ersätta den första. Behåll en av de två.",
    MappingAlreadyExists: (f) =>
        `kundprenumerationen ${f.customerSubscriptionId} är redan mappad till klientorganisationen ${f.tenantId} i ` +
        `registreringen ”${f.registrationName}”, skapad utanför den här stacken eller hanterad av en annan, och övertagande ` +
        "är avstängt (" +
        (f.offForThisMapping
            ? "den här mappningen sätter adoptExisting: false"
            : "providerinställningen azurestack-tenant-mappings:adoptExisting / AZURESTACK_MAPPINGS_ADOPT_EXISTING är false") +
        "). För att hantera den härifrån, sätt adoptExisting: true på den här mappningen (och ta bort den från andra " +
        "stackar); annars ta bort den här deklarationen. Om den här stackens egen `pulumi up` avbröts efter att den skrevs, " +
        "kör `pulumi up` en gång med AZURESTACK_MAPPINGS_ADOPT_EXISTING=true.",
    MappingSpelledOtherwise: (f) =>
        `klientorganisationen ${f.tenantId} är redan mappad i registreringen ”${f.registrationName}” till kundprenumerationen ` +
        `${f.listedAs}, stavad med andra versaler och gemener än den deklarerade ${f.declared}. Id:t är skiftlägeskänsligt, ` +
        "så det är inte samma mappning och den tas inte över. Deklarera " +
        `customerSubscriptionId: ${f.listedAs} för att ta över den.${nothingWritten(f.atCreate)}`,
    RegistrationDeclaredTwice: (f) =>
        `registreringen ”${f.registrationName}” hanteras av CustomerSubscriptionMappingSet ”${f.set}”, som rapporterar varje ` +
        "mappning i registreringen som den inte deklarerar (och tar bort den med undeclared: remove); " +
        `${f.otherIsSet ? "CustomerSubscriptionMappingSet" : "CustomerSubscriptionMapping"} ”${f.other}” deklarerar också ` +
        `mappningar i den${f.customerSubscriptionId ? ` (båda deklarerar kundprenumerationen ${f.customerSubscriptionId})` : ""}. ` +
        "Deklarera en registrerings mappningar på ett ställe: flytta dem till uppsättningen, eller ta bort uppsättningen " +
        "och behåll enskilda mappningar. Inget skickades till Azure.",
    TooManyDeletions: (f) =>
        `${f.whole ? "att ta bort den här uppsättningen skulle ta bort" : "den här uppdateringen skulle ta bort"} ${f.count} ` +
        `mappning(ar) i registreringen ”${f.registrationName}” (${f.subscriptions}), fler än maxDeletions (${f.maxDeletions}) ` +
        "tillåter. En borttagen mappning fakturerar klientorganisationens förbrukning till registreringens egen prenumeration. " +
        `Om det är avsikten, höj maxDeletions på uppsättningen till minst ${f.count}` +
        `${f.whole ? " och kör `pulumi up` innan du tar bort den" : ""}; inget togs bort.`,
    UndeclaredMappings: (f) =>
        `registreringen ”${f.registrationName}” har ${f.count} mappning(ar) som den här uppsättningen inte deklarerar ` +
        `(undeclared: fail):\n${f.mappings}\nLägg till dem i uppsättningens mappings för att hantera dem här (\`pulumi up\` ` +
        "tar över dem utan att skriva till Azure), ta bort dem i Azure, eller välj undeclared: warn eller ignore.",
    SetEntriesFailed: (f) =>
        `${f.failed} av ${f.total} mappning(ar) i registreringen ”${f.registrationName}” misslyckades; de andra tillämpades, ` +
        "och tillståndet registrerar exakt det som tillämpades. Åtgärda varje orsak nedan och kör `pulumi up` igen: den gör " +
        `bara om det som saknas.\n${f.entries}`,
    InvalidArmResponse: (f) =>
        `mappning ${f.position} i ${f.registrationId} har ett värde för ${f.what} som inte är ett GUID (${f.shown}); inget ` +
        "från den här registreringen används. Rapportera det till operatören av Azure Stack Hub.",
    InvalidStoredState: (f) =>
        `${f.resource} ${f.operation} vägrades: stackens tillstånd för ${f.id} är inte en giltig mappning, så ` +
        `inget skickades till Azure. ${f.failures} Tillståndet ändrades utanför Pulumi: återställ det från en säkerhetskopia ` +
        "(`pulumi stack export` / `import`), eller ta bort resursen ur tillståndet med `pulumi state delete <urn>` och " +
        "deklarera mappningen igen.",
    InvalidRegistrationSelector: (f) => `listCustomerSubscriptionMappings: ${f.failures}`,
};

export const svSE: MessageTable = {
    locale: "sv-SE",
    notices: {
        willAdopt: (f) =>
            `${f.registrationName}: kundprenumerationen ${f.customerSubscriptionId} mappar redan klientorganisationen ` +
            `${f.tenantId}; \`pulumi up\` tar över den i den här stacken utan att skriva till Azure. (${f.id})`,
        adopted: (f) =>
            `${f.registrationName}: kundprenumerationen ${f.customerSubscriptionId} (klientorganisation ${f.tenantId}) ` +
            `fanns redan i Azure och togs över utan att något skrevs. (${f.id})`,
        setWillAdopt: (f) =>
            `${f.registrationName}: ${f.count} mappning(ar) finns redan exakt som den här uppsättningen deklarerar dem; ` +
            `\`pulumi up\` tar över dem utan att skriva till Azure. (${f.id})`,
        setAdopted: (f) =>
            `${f.registrationName}: ${f.count} mappning(ar) som redan fanns i Azure togs över utan att något skrevs. (${f.id})`,
        undeclared: (f) =>
            `${f.registrationName}: ${f.count} mappning(ar) i Azure deklareras inte av den här uppsättningen (skapade för ` +
            `hand, eller av en annan stack):\n${f.mappings}\nFör att hantera dem här, lägg till posterna i uppsättningens ` +
            "mappings (rotstacken: `azs-mappings export --stack-config Pulumi.<stack>.yaml`): `pulumi up` tar då över dem " +
            `utan att skriva till Azure. För att tysta varningen, sätt undeclared: "ignore". (${f.id})`,
        willRemove: (f) =>
            `${f.registrationName}: \`pulumi up\` tar bort ${f.count} mappning(ar) som den här uppsättningen inte deklarerar ` +
            `(undeclared: remove):\n${f.mappings}\n(${f.id})`,
    },
    validation: svValidation,
    fixLabel: "Åtgärd: ",
    azureSaidLabel: "Azure svarade: ",
    afterAttempts: (n) => `efter ${n} försök`,
    refusals,
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
            summary: (c) => `${capitalized(subscription(c))} hör till en annan CSP-partner än prenumerationen som äger ${registration(c)}.`,
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
