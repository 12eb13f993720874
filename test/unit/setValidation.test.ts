/** A set's own refusals (provider/set/validation.ts), in every locale, and what check keeps of a valid set. */
import { expect } from "chai";
import { UNKNOWN } from "../../provider/core";
import { LOCALES } from "../../provider/messages/locale";
import { validateSet } from "../../provider/set/validation";
import { C, registrationId, STAMP1, T } from "../support/fixtures";

const REG = registrationId(STAMP1);

const CASES: [string, Record<string, unknown>, string][] = [
    ["no mappings", { registrationId: REG }, "mappings"],
    ["mappings that are a list", { registrationId: REG, mappings: [C(1)] }, "mappings"],
    ["an entry that is a number", { registrationId: REG, mappings: { [C(1)]: 7 } }, `mappings["${C(1)}"]`],
    [
        "an entry with a mistyped option",
        { registrationId: REG, mappings: { [C(1)]: { tenantId: T(1), AdoptExisting: true } } },
        `mappings["${C(1)}"].AdoptExisting`,
    ],
    ["a key that is not a GUID", { registrationId: REG, mappings: { "c1 ": T(1) } }, `mappings["c1 "]`],
    ["an unknown mode", { registrationId: REG, mappings: {}, undeclared: "delete" }, "undeclared"],
    ["a negative bound", { registrationId: REG, mappings: {}, maxDeletions: -2 }, "maxDeletions"],
    ["a fractional bound", { registrationId: REG, mappings: {}, maxDeletions: 1.5 }, "maxDeletions"],
];

describe("set validation", () => {
    for (const [name, raw, property] of CASES) {
        it(`${name}: every locale names ${property} and says it its own way`, () => {
            const reasons = LOCALES.map((locale) => {
                const failures = validateSet(raw, locale).failures.filter((f) => f.property === property);
                expect(failures, `${locale}: ${JSON.stringify(validateSet(raw, locale).failures)}`).to.have.length(1);
                return failures[0].reason;
            });
            expect(new Set(reasons).size, reasons.join("\n")).to.equal(LOCALES.length);
        });
    }

    it("keeps a valid set in canonical form, the registration once for all entries", () => {
        const { inputs, failures } = validateSet({
            registrationSubscriptionId: REG.split("/")[2]!.toUpperCase(),
            resourceGroup: "azurestack",
            registrationName: STAMP1,
            mappings: { [C(1)]: T(1).toUpperCase(), [C(2)]: { tenantId: T(2), allowTenantReassignment: true } },
            undeclared: "remove",
            maxDeletions: 0,
        });
        expect(failures).to.deep.equal([]);
        expect(inputs).to.deep.equal({
            registrationId: REG,
            registrationSubscriptionId: REG.split("/")[2],
            resourceGroup: "azurestack",
            registrationName: STAMP1,
            apiVersion: "2017-06-01",
            mappings: { [C(1)]: T(1), [C(2)]: { tenantId: T(2), allowTenantReassignment: true } },
            undeclared: "remove",
            maxDeletions: 0,
        });
    });

    it("lets values not known yet through: the whole map, a tenant, the settings (defaults until known)", () => {
        expect(validateSet({ registrationId: REG, mappings: UNKNOWN }).inputs.mappings).to.equal(UNKNOWN);
        const { inputs, failures } = validateSet({
            registrationId: REG,
            mappings: { [C(1)]: UNKNOWN },
            undeclared: UNKNOWN,
            maxDeletions: UNKNOWN,
        });
        expect(failures).to.deep.equal([]);
        expect(inputs).to.deep.include({ mappings: { [C(1)]: UNKNOWN }, undeclared: "warn", maxDeletions: 10 });
    });
});
