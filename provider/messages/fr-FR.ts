/** Français (France). Commands, property names and identifiers stay as the user types them. */
import type { ErrorContext, MessageTable } from "./table";

const registration = (c: ErrorContext) =>
    c.registrationName
        ? `l’inscription « ${c.registrationName} » (abonnement ${c.registrationSubscriptionId ?? "?"}, groupe de ressources ` +
          `${c.resourceGroup ?? "?"})`
        : "l’inscription";
const subscription = (c: ErrorContext) =>
    c.customerSubscriptionId ? `l’abonnement client ${c.customerSubscriptionId}` : "l’abonnement client";
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export const frFR: MessageTable = {
    locale: "fr-FR",
    fixLabel: "Solution : ",
    azureSaidLabel: "Réponse d’Azure : ",
    afterAttempts: (n) => `après ${n} tentatives`,
    registrationErrors: {
        RegistrationNotFound: {
            summary: (c) => `Azure ne connaît pas ${registration(c)}.`,
            remediation: () =>
                "Vérifiez registrationSubscriptionId, resourceGroup et registrationName (ou registrationId) : ils doivent " +
                "désigner l’inscription créée lors de l’enregistrement de l’Azure Stack Hub, en général dans le groupe de " +
                "ressources « azurestack » sous le nom « azurestack-<CloudID> ». Pour lister les inscriptions : `az resource " +
                "list --resource-type Microsoft.AzureStack/registrations`. S’il y en a plusieurs, retenez celle dont le " +
                "CloudDeploymentID est celui que renvoie Get-AzureStackStampInformation sur votre Azure Stack Hub.",
        },
        BadCustomerSubscriptionId: {
            summary: (c) =>
                `${capitalized(subscription(c))} relève d’un autre partenaire CSP que l’abonnement auquel appartient ${registration(c)}.`,
            remediation: () =>
                "Vérifiez customerSubscriptionId : il faut un abonnement CSP vendu par le même partenaire (CSP direct ou " +
                "fournisseur indirect) que l’abonnement de l’inscription ; sinon, la consommation serait facturée à un " +
                "partenaire qui ne répond pas de cet Azure Stack Hub. Si l’identifiant est juste et que l’erreur revient, " +
                "ouvrez une demande de support en joignant les identifiants de requête ci-dessous.",
        },
        InvalidCustomerSubscriptionId: {
            summary: (c) => `Azure ne reconnaît pas ${subscription(c)} comme un identifiant d’abonnement valide.`,
            remediation: () =>
                "Vérifiez customerSubscriptionId : saisissez l’identifiant de l’abonnement Azure du client (un GUID comme " +
                "01234567-89ab-cdef-0123-456789abcdef, et non un abonnement utilisateur d’Azure Stack Hub), tel qu’il " +
                "figure dans l’Espace partenaires (Partner Center).",
        },
        CustomerSubscriptionNotFound: {
            summary: (c) => `${capitalized(subscription(c))} n’est pas associé à ${registration(c)}.`,
            remediation: () =>
                "Ce mappage n’existe pas : il n’a jamais été ajouté, il a été supprimé en dehors de Pulumi, ou l’identifiant " +
                "est écrit autrement (majuscules et minuscules comptent). `pulumi refresh` le retire de l’état, puis " +
                "`pulumi up` le recrée.",
        },
        UnauthorizedCspRegistration: {
            summary: (c) => `${capitalized(registration(c))} n’est pas encore approuvée par Microsoft pour l’usage multilocataire.`,
            remediation: () =>
                "Demandez à Microsoft d’approuver l’inscription pour l’usage multilocataire en écrivant à " +
                "azstCSP@microsoft.com ; indiquez le nom de l’inscription, son groupe de ressources et l’identifiant de " +
                "l’abonnement qui a servi à l’inscrire. Une fois l’approbation reçue, vous pourrez ajouter des locataires.",
        },
        CustomerSubscriptionsNotAllowed: {
            summary: (c) =>
                `${capitalized(registration(c))} utilise le modèle de facturation Capacity, qui n’accepte aucun mappage de locataire.`,
            remediation: () =>
                "Seules les inscriptions facturées à l’usage acceptent des locataires. Réinscrivez l’Azure Stack Hub avec " +
                "`-BillingModel PayAsYouUse` (Set-AzsRegistration), puis relancez le déploiement.",
        },
        InvalidCSPSubscription: {
            summary: (c) => `${capitalized(subscription(c))} n’est pas un abonnement de fournisseur de solutions cloud (CSP).`,
            remediation: () =>
                "Cherchez une faute de frappe dans customerSubscriptionId : il faut un abonnement créé pour ce client dans " +
                "l’offre CSP depuis l’Espace partenaires, et non un abonnement à l’acte (pay-as-you-go), EA ou Azure Stack Hub.",
        },
        MetadataResolverBadGatewayError: {
            summary: () => "Un service interne d’Azure sollicité par l’API d’inscription a renvoyé une erreur.",
            remediation: () =>
                "L’incident est passager et la requête a déjà été retentée à intervalles croissants. Relancez la commande " +
                "plus tard ; si l’échec persiste, ouvrez une demande de support en joignant les identifiants de requête ci-dessous.",
        },
    },
};
