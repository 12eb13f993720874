import { expect } from "chai";
import { validateInputs } from "../../provider/core";
import { parseRegistration } from "../../provider/mapping/registration";
import { LOCALES, type Locale } from "../../provider/messages/locale";

const REG =
    "/subscriptions/5a1e0000-0000-4000-8000-000000000001/resourceGroups/azurestack/providers/Microsoft.AzureStack/registrations/azurestack-1";
const good = {
    registrationId: REG,
    customerSubscriptionId: "c0000000-0000-4000-8000-000000000001",
    tenantId: "70000000-0000-4000-8000-000000000001",
};

/** One bad input per kind of refusal; each must be explained in every locale. */
const CASES: [string, Record<string, unknown>, string][] = [
    ["a mistyped input", { ...good, tenantID: good.tenantId }, "tenantID"],
    ["both ways of naming the registration", { ...good, resourceGroup: "azurestack" }, "registrationId"],
    ["no registration", { customerSubscriptionId: good.customerSubscriptionId, tenantId: good.tenantId }, "registrationId"],
    [
        "a registration id of another type",
        { ...good, registrationId: "/subscriptions/x/resourceGroups/y/providers/Microsoft.Compute/virtualMachines/z" },
        "registrationId",
    ],
    ["a registration id that is not a string", { ...good, registrationId: 42 }, "registrationId"],
    [
        "a part missing",
        {
            registrationSubscriptionId: "5a1e0000-0000-4000-8000-000000000001",
            resourceGroup: "azurestack",
            customerSubscriptionId: good.customerSubscriptionId,
            tenantId: good.tenantId,
        },
        "registrationName",
    ],
    ["no tenant", { registrationId: REG, customerSubscriptionId: good.customerSubscriptionId }, "tenantId"],
    ["a GUID in braces", { ...good, tenantId: `{${good.tenantId}}` }, "tenantId"],
    [
        "a GUID with a look-alike letter",
        { ...good, customerSubscriptionId: "c0000000-0000-4000-8000-00000000000а" },
        "customerSubscriptionId",
    ],
    ["a GUID with a zero-width space", { ...good, tenantId: `${good.tenantId}\u200b` }, "tenantId"],
    ["a GUID without hyphens", { ...good, tenantId: good.tenantId.replace(/-/g, "") }, "tenantId"],
    [
        "a resource group with '..'",
        {
            registrationSubscriptionId: "5a1e0000-0000-4000-8000-000000000001",
            resourceGroup: "a..b",
            registrationName: "azurestack-1",
            customerSubscriptionId: good.customerSubscriptionId,
            tenantId: good.tenantId,
        },
        "resourceGroup",
    ],
    [
        "a registration name with a slash",
        {
            ...good,
            registrationId: undefined,
            registrationSubscriptionId: "5a1e0000-0000-4000-8000-000000000001",
            resourceGroup: "azurestack",
            registrationName: "a/b",
        },
        "registrationName",
    ],
    ["an unknown api-version", { ...good, apiVersion: "2099-01-01" }, "apiVersion"],
    ["a flag that is not a boolean", { ...good, adoptExisting: "yes" }, "adoptExisting"],
];

describe("input refusals in the user's language", () => {
    for (const [name, raw, property] of CASES) {
        it(`${name}: every locale names ${property} and says it its own way`, () => {
            const reasons = LOCALES.map((locale: Locale) => {
                const failures = validateInputs(raw, { locale }).failures.filter((f) => f.property === property);
                expect(failures, `${locale}: ${JSON.stringify(validateInputs(raw, { locale }).failures)}`).to.have.length(1);
                return failures[0].reason;
            });
            expect(new Set(reasons).size, reasons.join("\n")).to.equal(LOCALES.length);
            for (const reason of reasons) expect(reason.length).to.be.greaterThan(20);
        });
    }

    it("keeps codes, property names and the values quoted as the user wrote them", () => {
        const raw = { ...good, customerSubscriptionId: "{c0000000-0000-4000-8000-000000000001}" };
        for (const locale of LOCALES) {
            const [failure] = validateInputs(raw, { locale }).failures;
            expect(failure.reason, locale).to.match(/^InvalidCustomerSubscriptionId: customerSubscriptionId /);
        }
        const [french] = validateInputs({ ...good, apiVersion: "2099-01-01" }, { locale: "fr-FR" }).failures;
        expect(french.reason).to.include('"2099-01-01"').and.include("par défaut 2017-06-01");
    });

    it("the registration parser words its refusals in the locale too, and accepts both ways of naming", () => {
        expect(parseRegistration({ registrationId: "nope" }, "sv-SE").failures[0].reason).to.match(/^registrationId måste vara ARM-id/);
        expect(parseRegistration({ registrationId: REG }).registration).to.include({ name: "azurestack-1", resourceGroup: "azurestack" });
        const byParts = parseRegistration({
            registrationSubscriptionId: "5A1E0000-0000-4000-8000-000000000001",
            resourceGroup: "AzureStack",
            registrationName: "azurestack-1",
        }).registration!;
        expect(byParts.id).to.equal(REG.replace("azurestack/providers", "AzureStack/providers"));
        expect(byParts.key, "one cache key whatever the letter case").to.equal(
            parseRegistration({ registrationId: REG }).registration!.key,
        );
    });
});
