/** Français : pourquoi une entrée (ou une valeur relue de l’état) est refusée, et comment la corriger. */
import type { GuidProblem, InputReason, NameProblem, NotedChar, ShownValue, ValidationTexts, Where } from "../validationTypes";

const EXAMPLE_GUID = "01234567-89ab-cdef-0123-456789abcdef";
const ID_SHAPE = "/subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.AzureStack/registrations/<name>";

const show = (v: ShownValue): string => {
    switch (v.kind) {
        case "text":
            return v.text;
        case "longText":
            return `${v.text} (${v.length} caractères)`;
        case "null":
            return "null";
        case "array":
            return "un tableau";
        case "object":
            return "un objet";
        case "other":
            return `${v.type} ${v.text}`;
    }
};

const char = (c: NotedChar) =>
    c.kind === "nonAscii"
        ? `le caractère non ASCII « ${c.char} » (${c.codePoint})`
        : `le caractère ${c.kind === "control" ? "de contrôle" : "invisible"} ${c.codePoint}`;

const SEGMENTS = {
    subscription: "son segment d’abonnement",
    resourceGroup: "son segment de groupe de ressources",
    registrationName: "son segment de nom d’inscription",
};
const where = (w: Where) => (w.segment ? `${w.property} (${SEGMENTS[w.segment]})` : w.property);

const ALLOWED = {
    resourceGroup: "les lettres A-Z/a-z, les chiffres, « _ », « ( », « ) », « - » et « . »",
    registrationName: "les lettres A-Z/a-z, les chiffres, « _ », « - » et « . »",
};

function guidProblem(p: GuidProblem): string {
    switch (p.kind) {
        case "notString":
        case "other":
            return `reçu ${show(p.got)}.`;
        case "empty":
            return "la valeur est vide.";
        case "invisible":
            return `elle contient ${char(p.char)} ; retapez-la ou collez-la de nouveau sans lui.`;
        case "whitespace":
            return "elle commence ou finit par des espaces ; retirez-les.";
        case "wrapped":
            return "elle est entourée d’accolades ou de parenthèses ; retirez-les.";
        case "urnPrefix":
            return "elle a le préfixe « urn:uuid: » ; utilisez le GUID seul.";
        case "percentEncoded":
            return "elle contient « % » (encodage en pourcentage) ; utilisez le GUID en clair.";
        case "lookAlike":
            return `elle contient ${char(p.char)}, qui ressemble seulement à un caractère de GUID ; retapez-la en ASCII.`;
        case "noHyphens":
            return "elle n’a pas de tirets ; écrivez-la en 8-4-4-4-12 chiffres hexadécimaux.";
    }
}

function nameProblem(p: NameProblem): string {
    switch (p.kind) {
        case "notString":
            return `reçu ${show(p.got)}, une chaîne était attendue.`;
        case "empty":
            return "la valeur est vide.";
        case "tooLong":
            return `elle fait ${p.length} caractères (au plus ${p.max}).`;
        case "dotDot":
            return "elle contient « .. », qui changerait le chemin de l’URL ; retirez-le.";
        case "invisible":
            return `elle contient ${char(p.char)} ; retirez-le.`;
        case "forbidden":
            return `elle contient ${p.char}, interdit dans un nom ARM ou un segment de chemin d’URL ; retirez-le.`;
        case "lookAlike":
            return `elle contient ${char(p.char)} ; seuls ${ALLOWED[p.allowed]} sont acceptés (une lettre sosie désigne une autre ressource).`;
        case "notAllowed":
            return `seuls ${ALLOWED[p.allowed]} sont acceptés ; reçu ${show(p.got)}.`;
        case "trailingDot":
            return "elle finit par « . » ; retirez le point final.";
    }
}

const ROLES = {
    customerSubscriptionId: "l’identifiant de l’abonnement Azure (CSP) du client",
    tenantId: "l’identifiant du locataire Microsoft Entra du client",
};

export const frValidation: ValidationTexts = (r: InputReason): string => {
    const code = (c?: string) => (c ? `${c}: ` : ""); // "Code: " in every language, as every message starts
    switch (r.kind) {
        case "notAnInput":
            return (
                `« ${r.key} » n’est pas une entrée de ${r.resource}` +
                (r.suggestion ? ` ; vouliez-vous dire « ${r.suggestion} » ?` : ` ; les entrées sont ${r.inputs.join(", ")}.`)
            );
        case "registrationTwice":
            return (
                "désignez l’inscription d’une seule façon : soit registrationId, soit registrationSubscriptionId + resourceGroup + " +
                `registrationName ; les deux ont été donnés (${r.given.join(", ")}). Retirez l’une des deux.`
            );
        case "registrationMissing":
            return (
                "l’inscription manque : définissez registrationId (l’identifiant ARM de l’inscription, par exemple l’id d’une " +
                "Registration d’azure-native) ou registrationSubscriptionId + resourceGroup + registrationName."
            );
        case "registrationIdNotString":
            return `registrationId doit être un identifiant ARM sous forme de chaîne ; reçu ${show(r.got)}.`;
        case "registrationIdShape":
            return (
                `registrationId doit être l’identifiant ARM d’une ressource Microsoft.AzureStack/registrations, « ${ID_SHAPE} » ; ` +
                `reçu ${show(r.got)}${r.resourceType ? ` (c’est un identifiant ${r.resourceType})` : ""}.`
            );
        case "partMissing":
            return `${r.property} est obligatoire quand l’inscription est désignée par ses champs (ou utilisez plutôt registrationId).`;
        case "required":
            return `${r.property} est obligatoire : ${ROLES[r.property]}, sous forme de GUID.`;
        case "guid":
            return (
                `${code(r.code)}${where(r.where)} doit être un GUID${r.problem.kind === "notString" ? " (une chaîne)" : ""} ` +
                `comme ${EXAMPLE_GUID} ; ${guidProblem(r.problem)}`
            );
        case "resourceGroup":
            return (
                `${where(r.where)} doit être un nom de groupe de ressources Azure (1 à 90 lettres ASCII, chiffres, « _ », « ( », ` +
                `« ) », « - », « . », sans « . » final), en général « azurestack » ; ${nameProblem(r.problem)}`
            );
        case "registrationName":
            return (
                `${where(r.where)} doit être le nom de l’inscription, en général « azurestack-<CloudID> » (1 à 128 lettres ASCII, ` +
                `chiffres, « _ », « - », « . », sans « . » final) ; ${nameProblem(r.problem)}`
            );
        case "apiVersion":
            return `apiVersion doit être l’une de ${r.versions.join(", ")} (par défaut ${r.defaultVersion}) ; reçu ${show(r.got)}.`;
        case "boolean":
            return `${r.property} doit valoir true ou false ; reçu ${show(r.got)}.`;
        case "unknownInState":
            return `${r.property} est une valeur inconnue, ce que l’état ne contient jamais.`;
        case "idMismatch":
            return `l’identifiant de ressource ${show(r.id)} ne désigne pas le mappage que décrivent ses propriétés (${show(r.described)}).`;
        case "setMappings":
            return (
                "mappings doit associer chaque identifiant d’abonnement client à son identifiant de locataire, par exemple " +
                `{ "${EXAMPLE_GUID}": "<id du locataire>" }${r.got ? ` ; reçu ${show(r.got)}` : " (obligatoire)"}.`
            );
        case "setEntry":
            return (
                "une entrée de mappings doit être l’identifiant du locataire, ou un objet avec tenantId et, au besoin, " +
                `${r.options.join(", ")} ; reçu ${show(r.got)}.`
            );
        case "oneOf":
            return `${r.property} doit valoir l’une de ${r.values.join(", ")} (par défaut ${r.defaultValue}) ; reçu ${show(r.got)}.`;
        case "wholeNumber":
            return `${r.property} doit être un nombre entier, 0 ou plus ; reçu ${show(r.got)}.`;
        case "idSpelling":
            return (
                `l’identifiant de ressource ${show(r.id)} écrit l’abonnement client autrement que son customerSubscriptionId ` +
                `${show(r.customerSubscriptionId)}.`
            );
    }
};
