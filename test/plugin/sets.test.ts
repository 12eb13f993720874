/**
 * The registration set in the plugin form: the real plugin process over gRPC serves CustomerSubscriptionMappingSet
 * through the same set lifecycle as the dynamic resource, and answers what only a plugin can: a detailed diff naming
 * each changed entry by its path, so `pulumi preview` lists exactly those.
 */
import { expect } from "chai";
import { C, providerSuiteSeed, registrationId, REGISTRATION_SUBSCRIPTION, RG, STAMP2, T } from "../support/fixtures";
import { failureOf, withFreshHost } from "../support/providerHost";

const ref = (name: string) => ({ subscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RG, name });
const entries = (...numbers: number[]) => Object.fromEntries(numbers.map((n) => [C(n), T(n)]));

describe("registration sets in the plugin form", function () {
    this.timeout(120_000);

    it("checks, creates, diffs entry by entry, re-points one tenant with one PUT, and keeps a partial failure", () =>
        withFreshHost({ emulator: { seed: providerSuiteSeed(), throttling: false }, form: "plugin" }, async (emulator, host) => {
            const sets = host.sets();
            const bad = await sets.check("s", {}, { registrationId: registrationId(STAMP2), mappings: { [C(1)]: "nope" } });
            expect(bad.failures.map((f) => f.property)).to.deep.equal([`mappings["${C(1)}"].tenantId`]);

            const { inputs } = await sets.check("s", {}, { registrationId: registrationId(STAMP2), mappings: entries(1, 2, 3) });
            const { id, outputs } = await sets.create("s", inputs);
            expect(id).to.equal(`${registrationId(STAMP2)}/customerSubscriptions`);
            expect(outputs.mappings).to.deep.equal(entries(1, 2, 3));

            const { inputs: news } = await sets.check("s", inputs, {
                registrationId: registrationId(STAMP2),
                mappings: { ...entries(1, 4), [C(2)]: T(12) },
            });
            expect(await sets.diff("s", id, outputs, news)).to.deep.equal({
                changes: "DIFF_SOME",
                replaces: [],
                deleteBeforeReplace: false,
                detailedDiff: { [`mappings["${C(2)}"]`]: "update", [`mappings["${C(3)}"]`]: "delete", [`mappings["${C(4)}"]`]: "add" },
            });
            emulator.clearRequestLog();
            const updated = await sets.update("s", id, outputs, news);
            expect(
                emulator
                    .requestLog()
                    .filter((r) => r.kind === "arm" && r.method !== "GET")
                    .map((r) => r.method)
                    .sort(),
            ).to.deep.equal(["DELETE", "PUT", "PUT"]);
            expect(updated.mappings).to.deep.equal({ ...entries(1, 4), [C(2)]: T(12) });
            expect(emulator.state.mapping(ref(STAMP2), C(2))?.tenantId).to.equal(T(12));
            expect((await sets.diff("s", id, updated, news)).changes).to.equal("DIFF_NONE");

            const { inputs: withBad } = await sets.check("s", news, {
                registrationId: registrationId(STAMP2),
                mappings: { ...entries(1, 4), [C(2)]: T(12), "bad00000-0000-4000-8000-000000000001": T(30) },
            });
            const partial = await failureOf(sets.update("s", id, updated, withBad));
            expect(partial.initFailure?.id).to.equal(id);
            expect(partial.initFailure?.reasons[0])
                .to.match(/^SetEntriesFailed: 1 of 4 /)
                .and.include("BadCustomerSubscriptionId");
        }));
});
