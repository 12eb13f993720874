/** Français (France). Commands, property names and identifiers stay as the user types them. */
import type { ErrorContext, MessageTable, RefusalTexts } from "./table";
import { frValidation } from "./validation/fr-FR";

const registration = (c: ErrorContext) =>
    c.registrationName
        ? `l’inscription « ${c.registrationName} » (abonnement ${c.registrationSubscriptionId ?? "?"}, groupe de ressources ` +
          `${c.resourceGroup ?? "?"})`
        : "l’inscription";
const subscription = (c: ErrorContext) =>
    c.customerSubscriptionId ? `l’abonnement client ${c.customerSubscriptionId}` : "l’abonnement client";
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const OPT_IN = "Si c’est bien ce que vous voulez, définissez allowTenantReassignment: true sur ce mappage.";
const nothingWritten = (atCreate: boolean) => (atCreate ? " Rien n’a été écrit." : "");

const refusals: RefusalTexts = {
    TenantAlreadyMapped: (f) =>
        `le locataire ${f.tenantId} est déjà mappé à l’abonnement client ${f.mappedSubscriptions} sur l’inscription ` +
        `« ${f.registrationName} », et cette ressource ne gère pas ce mappage. Un locataire n’a qu’un abonnement par ` +
        `inscription : appliquer le remplacerait et facturerait l’usage du locataire à ${f.customerSubscriptionId}. ` +
        `${OPT_IN} Sinon, corrigez tenantId ou customerSubscriptionId.`,
    SubscriptionAlreadyMapped: (f) =>
        `l’abonnement client ${f.customerSubscriptionId} est déjà mappé au locataire ${f.mappedTenant} sur l’inscription ` +
        `« ${f.registrationName} », en dehors de cette ressource. Appliquer le redirigerait vers le locataire ${f.tenantId}. ` +
        `${OPT_IN} Sinon, corrigez tenantId.${nothingWritten(f.atCreate)}`,
    TenantMappedTwiceInProgram: (f) =>
        `${f.inSet ? "une autre entrée de cet ensemble" : "un autre CustomerSubscriptionMapping de ce programme"} mappe le ` +
        `locataire ${f.tenantId} à l’abonnement client ` +
        `${f.rivalSubscription} sur l’inscription « ${f.registrationName} ». Un locataire n’a qu’un abonnement par ` +
        "inscription : le second PUT remplacerait le premier sans rien dire. Gardez l’un des deux.",
    MappingAlreadyExists: (f) =>
        `l’abonnement client ${f.customerSubscriptionId} est déjà mappé au locataire ${f.tenantId} sur l’inscription ` +
        `« ${f.registrationName} », créé en dehors de cette pile ou géré par une autre, et l’adoption est désactivée (` +
        (f.offForThisMapping
            ? "ce mappage définit adoptExisting: false"
            : "le paramètre du fournisseur azurestack-tenant-mappings:adoptExisting / AZURESTACK_MAPPINGS_ADOPT_EXISTING vaut false") +
        "). Pour le gérer d’ici, définissez adoptExisting: true sur ce mappage (et retirez-le de toute autre pile) ; sinon, " +
        "supprimez cette déclaration. Si le `pulumi up` de cette pile a été interrompu après l’avoir écrit, lancez une fois " +
        "`pulumi up` avec AZURESTACK_MAPPINGS_ADOPT_EXISTING=true.",
    MappingSpelledOtherwise: (f) =>
        `le locataire ${f.tenantId} est déjà mappé sur l’inscription « ${f.registrationName} » à l’abonnement client ` +
        `${f.listedAs}, écrit avec d’autres majuscules et minuscules que le ${f.declared} déclaré. L’identifiant distingue ` +
        "majuscules et minuscules : ce n’est donc pas le même mappage, et il n’est pas adopté. Déclarez " +
        `customerSubscriptionId: ${f.listedAs} pour l’adopter.${nothingWritten(f.atCreate)}`,
    RegistrationDeclaredTwice: (f) =>
        `l’inscription « ${f.registrationName} » est gérée par le CustomerSubscriptionMappingSet « ${f.set} », qui signale ` +
        "chaque mappage de l’inscription qu’il ne déclare pas (et, avec undeclared: remove, le supprime) ; le " +
        `${f.otherIsSet ? "CustomerSubscriptionMappingSet" : "CustomerSubscriptionMapping"} « ${f.other} » y déclare aussi des ` +
        `mappages${f.customerSubscriptionId ? ` (les deux déclarent l’abonnement client ${f.customerSubscriptionId})` : ""}. ` +
        "Déclarez les mappages d’une inscription à un seul endroit : déplacez-les dans l’ensemble, ou supprimez l’ensemble " +
        "et gardez des mappages individuels. Rien n’a été envoyé à Azure.",
    TooManyDeletions: (f) =>
        `${f.whole ? "supprimer cet ensemble supprimerait" : "cette mise à jour supprimerait"} ${f.count} mappage(s) de ` +
        `l’inscription « ${f.registrationName} » (${f.subscriptions}), plus que ne le permet maxDeletions (${f.maxDeletions}). ` +
        "Un mappage supprimé facture l’usage du locataire à l’abonnement propre de l’inscription. Si c’est voulu, portez " +
        `maxDeletions de l’ensemble à au moins ${f.count}${f.whole ? " et lancez `pulumi up` avant de le supprimer" : ""} ; ` +
        "rien n’a été supprimé.",
    UndeclaredMappings: (f) =>
        `l’inscription « ${f.registrationName} » contient ${f.count} mappage(s) que cet ensemble ne déclare pas ` +
        `(undeclared: fail) :\n${f.mappings}\nAjoutez-les aux mappings de l’ensemble pour les gérer ici (\`pulumi up\` les ` +
        "adopte sans rien écrire dans Azure), supprimez-les dans Azure, ou choisissez undeclared: warn ou ignore.",
    SetEntriesFailed: (f) =>
        `${f.failed} des ${f.total} mappage(s) de l’inscription « ${f.registrationName} » ont échoué ; les autres ont été ` +
        "appliqués, et l’état enregistre exactement ce qui l’a été. Corrigez chaque cause ci-dessous et relancez " +
        `\`pulumi up\` : il ne reprend que ce qui manque.\n${f.entries}`,
    InvalidArmResponse: (f) =>
        `le mappage ${f.position} de ${f.registrationId} a une valeur ${f.what} qui n’est pas un GUID (${f.shown}) ; rien de ` +
        "cette inscription n’est utilisé. Signalez-le à l’opérateur de l’Azure Stack Hub.",
    InvalidStoredState: (f) =>
        `${f.operation} de ${f.resource} refusé : l’état de la pile pour ${f.id} n’est pas un mappage valide, ` +
        `donc rien n’a été envoyé à Azure. ${f.failures} L’état a été modifié en dehors de Pulumi : restaurez-le depuis une ` +
        "sauvegarde (`pulumi stack export` / `import`), ou retirez la ressource de l’état avec `pulumi state delete <urn>` " +
        "et déclarez de nouveau le mappage.",
    InvalidRegistrationSelector: (f) => `listCustomerSubscriptionMappings : ${f.failures}`,
};

export const frFR: MessageTable = {
    locale: "fr-FR",
    notices: {
        willAdopt: (f) =>
            `${f.registrationName} : l’abonnement client ${f.customerSubscriptionId} est déjà mappé au locataire ${f.tenantId} ; ` +
            `\`pulumi up\` l’adopte dans cette pile sans rien écrire dans Azure. (${f.id})`,
        adopted: (f) =>
            `${f.registrationName} : abonnement client ${f.customerSubscriptionId} (locataire ${f.tenantId}) adopté ; il ` +
            `existait déjà dans Azure et rien n’y a été écrit. (${f.id})`,
        setWillAdopt: (f) =>
            `${f.registrationName} : ${f.count} mappage(s) existent déjà exactement comme cet ensemble les déclare ; ` +
            `\`pulumi up\` les adopte sans rien écrire dans Azure. (${f.id})`,
        setAdopted: (f) =>
            `${f.registrationName} : ${f.count} mappage(s) qui existaient déjà dans Azure ont été adoptés, sans rien y ` +
            `écrire. (${f.id})`,
        undeclared: (f) =>
            `${f.registrationName} : ${f.count} mappage(s) dans Azure ne sont pas déclarés par cet ensemble (créés à la main, ` +
            `ou par une autre pile) :\n${f.mappings}\nPour les gérer ici, ajoutez ces entrées aux mappings de l’ensemble (pour ` +
            "la pile racine : `azs-mappings export --stack-config Pulumi.<pile>.yaml`) : `pulumi up` les adopte alors sans " +
            `rien écrire dans Azure. Pour ne plus le signaler, définissez undeclared: "ignore". (${f.id})`,
        willRemove: (f) =>
            `${f.registrationName} : \`pulumi up\` supprime ${f.count} mappage(s) que cet ensemble ne déclare pas ` +
            `(undeclared: remove) :\n${f.mappings}\n(${f.id})`,
    },
    validation: frValidation,
    fixLabel: "Solution : ",
    azureSaidLabel: "Réponse d’Azure : ",
    afterAttempts: (n) => `après ${n} tentatives`,
    refusals,
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
