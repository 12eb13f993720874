/** Svenska: varför en indata (eller ett värde som lästs tillbaka från tillståndet) avvisas, och hur det rättas. */
import type { GuidProblem, InputReason, NameProblem, NotedChar, ShownValue, ValidationTexts, Where } from "../validationTypes";

const EXAMPLE_GUID = "01234567-89ab-cdef-0123-456789abcdef";
const ID_SHAPE = "/subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.AzureStack/registrations/<name>";

const show = (v: ShownValue): string => {
    switch (v.kind) {
        case "text":
            return v.text;
        case "longText":
            return `${v.text} (${v.length} tecken)`;
        case "null":
            return "null";
        case "array":
            return "en lista";
        case "object":
            return "ett objekt";
        case "other":
            return `${v.type} ${v.text}`;
    }
};

const char = (c: NotedChar) =>
    c.kind === "nonAscii"
        ? `icke-ASCII-tecknet ”${c.char}” (${c.codePoint})`
        : `${c.kind === "control" ? "styrtecknet" : "det osynliga tecknet"} ${c.codePoint}`;

const SEGMENTS = {
    subscription: "dess prenumerationsdel",
    resourceGroup: "dess resursgruppsdel",
    registrationName: "dess registreringsnamnsdel",
};
const where = (w: Where) => (w.segment ? `${w.property} (${SEGMENTS[w.segment]})` : w.property);

const ALLOWED = {
    resourceGroup: "bokstäverna A-Z/a-z, siffror, ”_”, ”(”, ”)”, ”-” och ”.”",
    registrationName: "bokstäverna A-Z/a-z, siffror, ”_”, ”-” och ”.”",
};

function guidProblem(p: GuidProblem): string {
    switch (p.kind) {
        case "notString":
        case "other":
            return `fick ${show(p.got)}.`;
        case "empty":
            return "värdet är tomt.";
        case "invisible":
            return `det innehåller ${char(p.char)}; skriv in eller klistra in det igen utan det.`;
        case "whitespace":
            return "det börjar eller slutar med blanksteg; ta bort dem.";
        case "wrapped":
            return "det står inom klammer eller parenteser; ta bort dem.";
        case "urnPrefix":
            return "det har prefixet ”urn:uuid:”; använd bara GUID:en.";
        case "percentEncoded":
            return "det innehåller ”%” (procentkodning); använd GUID:en i klartext.";
        case "lookAlike":
            return `det innehåller ${char(p.char)}, som bara liknar ett GUID-tecken; skriv in det med vanlig ASCII.`;
        case "noHyphens":
            return "det saknar bindestreck; skriv det som 8-4-4-4-12 hexadecimala siffror.";
    }
}

function nameProblem(p: NameProblem): string {
    switch (p.kind) {
        case "notString":
            return `fick ${show(p.got)}, en sträng förväntades.`;
        case "empty":
            return "värdet är tomt.";
        case "tooLong":
            return `det är ${p.length} tecken långt (högst ${p.max}).`;
        case "dotDot":
            return "det innehåller ”..”, som skulle ändra URL:ens sökväg; ta bort det.";
        case "invisible":
            return `det innehåller ${char(p.char)}; ta bort det.`;
        case "forbidden":
            return `det innehåller ${p.char}, som inte är tillåtet i ett ARM-namn eller en del av en URL-sökväg; ta bort det.`;
        case "lookAlike":
            return `det innehåller ${char(p.char)}; endast ${ALLOWED[p.allowed]} godtas (en förväxlingsbar bokstav namnger en annan resurs).`;
        case "notAllowed":
            return `endast ${ALLOWED[p.allowed]} godtas; fick ${show(p.got)}.`;
        case "trailingDot":
            return "det slutar med ”.”; ta bort den avslutande punkten.";
    }
}

const ROLES = {
    customerSubscriptionId: "kundens Azure-prenumerations-id (CSP)",
    tenantId: "kundens Microsoft Entra-klientorganisations-id",
};

export const svValidation: ValidationTexts = (r: InputReason): string => {
    const code = (c?: string) => (c ? `${c}: ` : "");
    switch (r.kind) {
        case "notAnInput":
            return (
                `”${r.key}” är inte en indata till ${r.resource}` +
                (r.suggestion ? `; menade du ”${r.suggestion}”?` : `; indata är ${r.inputs.join(", ")}.`)
            );
        case "registrationTwice":
            return (
                "ange registreringen på ett sätt: antingen registrationId eller registrationSubscriptionId + resourceGroup + " +
                `registrationName; båda angavs (${r.given.join(", ")}). Ta bort det ena.`
            );
        case "registrationMissing":
            return (
                "registreringen saknas: sätt registrationId (registreringens ARM-id, till exempel id för en azure-native " +
                "Registration) eller registrationSubscriptionId + resourceGroup + registrationName."
            );
        case "registrationIdNotString":
            return `registrationId måste vara ett ARM-id som sträng; fick ${show(r.got)}.`;
        case "registrationIdShape":
            return (
                `registrationId måste vara ARM-id för en Microsoft.AzureStack/registrations-resurs, ”${ID_SHAPE}”; fick ` +
                `${show(r.got)}${r.resourceType ? ` (det är ett ${r.resourceType}-id)` : ""}.`
            );
        case "partMissing":
            return `${r.property} krävs när registreringen anges med sina fält (eller använd registrationId i stället).`;
        case "required":
            return `${r.property} krävs: ${ROLES[r.property]} som en GUID.`;
        case "guid":
            return (
                `${code(r.code)}${where(r.where)} måste vara en GUID${r.problem.kind === "notString" ? "-sträng" : ""} ` +
                `som ${EXAMPLE_GUID}; ${guidProblem(r.problem)}`
            );
        case "resourceGroup":
            return (
                `${where(r.where)} måste vara ett namn på en Azure-resursgrupp (1–90 ASCII-bokstäver, siffror, ”_”, ”(”, ”)”, ` +
                `”-”, ”.”, utan avslutande ”.”), oftast ”azurestack”; ${nameProblem(r.problem)}`
            );
        case "registrationName":
            return (
                `${where(r.where)} måste vara registreringens namn, oftast ”azurestack-<CloudID>” (1–128 ASCII-bokstäver, ` +
                `siffror, ”_”, ”-”, ”.”, utan avslutande ”.”); ${nameProblem(r.problem)}`
            );
        case "apiVersion":
            return `apiVersion måste vara en av ${r.versions.join(", ")} (standard ${r.defaultVersion}); fick ${show(r.got)}.`;
        case "boolean":
            return `${r.property} måste vara true eller false; fick ${show(r.got)}.`;
        case "unknownInState":
            return `${r.property} är ett okänt värde, vilket tillståndet aldrig innehåller.`;
        case "idMismatch":
            return `resurs-id ${show(r.id)} namnger inte den mappning som dess egenskaper beskriver (${show(r.described)}).`;
        case "setMappings":
            return (
                "mappings måste mappa varje kundprenumerations-id till dess klientorganisations-id, t.ex. " +
                `{ "${EXAMPLE_GUID}": "<klientorganisations-id>" }${r.got ? `; fick ${show(r.got)}` : " (den krävs)"}.`
            );
        case "setEntry":
            return (
                "en post i mappings måste vara klientorganisations-id:t, eller ett objekt med tenantId och eventuellt " +
                `${r.options.join(", ")}; fick ${show(r.got)}.`
            );
        case "oneOf":
            return `${r.property} måste vara något av ${r.values.join(", ")} (standard ${r.defaultValue}); fick ${show(r.got)}.`;
        case "wholeNumber":
            return `${r.property} måste vara ett heltal, 0 eller större; fick ${show(r.got)}.`;
        case "idSpelling":
            return (
                `resurs-id ${show(r.id)} stavar kundprenumerationen annorlunda än dess customerSubscriptionId ` +
                `${show(r.customerSubscriptionId)}.`
            );
    }
};
