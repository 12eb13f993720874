import { expect } from "chai";
import {
    adoptionAllowed,
    adoptionRefusal,
    programConflict,
    registrationFailure,
    snapshotConflicts,
    type Circumstances,
} from "../../provider/conflicts";
import { AzureStackRegistrationError } from "../../provider/errors";
import type { RegistrationSnapshot } from "../../provider/preflight";
import { UNKNOWN, type MappingInputs } from "../../provider/core";
import { declaredMapping } from "../support/fixtures";

const MINE = "aaaaaaaa-0000-4000-8000-000000000001";
const OTHER = "aaaaaaaa-0000-4000-8000-000000000002";
const TENANT = "99999999-0000-4000-8000-000000000001";
const OTHER_TENANT = "99999999-0000-4000-8000-000000000002";

function declared(overrides: Record<string, unknown> = {}): MappingInputs {
    return declaredMapping(MINE, TENANT, overrides);
}

/** A registration snapshot holding these (subscription, tenant) mappings, as the preflight builds it. */
function snapshot(...mappings: Array<[string, string]>): RegistrationSnapshot {
    const subscriptionsByTenant = new Map<string, string[]>();
    for (const [subscription, tenant] of mappings)
        subscriptionsByTenant.set(tenant, [...(subscriptionsByTenant.get(tenant) ?? []), subscription]);
    return { subscriptionsByTenant, tenantBySubscription: new Map(mappings) };
}

const fresh: Circumstances = { previous: undefined, released: () => false, adoptExistingSetting: true };

describe("conflict rules", () => {
    describe("against the registration's mappings", () => {
        it("finds nothing on an empty registration", () => {
            expect(snapshotConflicts(snapshot(), declared(), fresh)).to.deep.equal({ failures: [], adopts: false });
        });

        it("refuses a tenant already mapped to another subscription, in the words the preflight always used", () => {
            const { failures, adopts } = snapshotConflicts(snapshot([OTHER, TENANT]), declared(), fresh);
            expect(adopts).to.equal(false);
            expect(failures).to.deep.equal([
                {
                    property: "tenantId",
                    reason:
                        `TenantAlreadyMapped: tenant ${TENANT} is already mapped to customer subscription ${OTHER} on registration ` +
                        "'azurestack-cloud1', and this resource does not manage that mapping. A tenant maps to one subscription per " +
                        `registration, so applying would overwrite it and bill the tenant's usage to ${MINE} instead. If that is what ` +
                        "you want, set allowTenantReassignment: true on this mapping. Otherwise correct tenantId or customerSubscriptionId.",
                },
            ]);
        });

        it("refuses re-pointing a subscription mapped to another tenant", () => {
            const { failures } = snapshotConflicts(snapshot([MINE, OTHER_TENANT]), declared(), fresh);
            expect(failures).to.deep.equal([
                {
                    property: "customerSubscriptionId",
                    reason:
                        `SubscriptionAlreadyMapped: customer subscription ${MINE} is already mapped to tenant ${OTHER_TENANT} on ` +
                        `registration 'azurestack-cloud1', outside this resource. Applying would re-point it to tenant ${TENANT}. If that ` +
                        "is what you want, set allowTenantReassignment: true on this mapping. Otherwise correct tenantId.",
                },
            ]);
        });

        it("lets allowTenantReassignment and unknown values through without a look", () => {
            const crowded = snapshot([OTHER, TENANT], [MINE, OTHER_TENANT]);
            expect(snapshotConflicts(crowded, declared({ allowTenantReassignment: true }), fresh).failures).to.deep.equal([]);
            expect(snapshotConflicts(crowded, { ...declared(), tenantId: UNKNOWN }, fresh).failures).to.deep.equal([]);
        });

        it("adopts an identical mapping unless adoption is off, and says which setting turned it off", () => {
            const identical = snapshot([MINE, TENANT]);
            expect(snapshotConflicts(identical, declared(), fresh)).to.deep.equal({ failures: [], adopts: true });

            const offHere = snapshotConflicts(identical, declared({ adoptExisting: false }), fresh);
            expect(offHere.adopts).to.equal(false);
            expect(offHere.failures[0].reason)
                .to.match(/^MappingAlreadyExists: /)
                .and.include("this mapping sets adoptExisting: false");

            const offBySetting = snapshotConflicts(identical, declared(), { ...fresh, adoptExistingSetting: false });
            expect(offBySetting.failures[0].reason)
                .to.include("AZURESTACK_MAPPINGS_ADOPT_EXISTING is false")
                .and.include("run `pulumi up` once with AZURESTACK_MAPPINGS_ADOPT_EXISTING=true.");
            expect(
                snapshotConflicts(identical, declared({ adoptExisting: true }), { ...fresh, adoptExistingSetting: false }).adopts,
            ).to.equal(true);
        });

        it("does not adopt the subscription spelled with other letter case, and names the listed spelling", () => {
            const { failures, adopts } = snapshotConflicts(snapshot([MINE.toUpperCase(), TENANT]), declared(), fresh);
            expect(adopts).to.equal(false);
            expect(failures).to.have.length(1);
            expect(failures[0].property).to.equal("customerSubscriptionId");
            expect(failures[0].reason)
                .to.match(/^MappingAlreadyExists: /)
                .and.include(`Declare customerSubscriptionId: ${MINE.toUpperCase()} to adopt it.`)
                .and.not.include("Nothing was written");
        });

        it("lets a resource change what it manages itself, or what another resource of the program releases", () => {
            const moved = snapshot([OTHER, TENANT]);
            const previous = declared({ customerSubscriptionId: OTHER });
            expect(snapshotConflicts(moved, declared(), { ...fresh, previous }).failures).to.deep.equal([]);
            expect(snapshotConflicts(moved, declared(), { ...fresh, released: (s) => s === OTHER }).failures).to.deep.equal([]);
            const elsewhere = declared({ registrationName: "azurestack-cloud2", customerSubscriptionId: OTHER });
            expect(snapshotConflicts(moved, declared(), { ...fresh, previous: elsewhere }).failures).to.have.length(1);
        });
    });

    describe("within the program", () => {
        it("refuses a tenant the program already maps to another subscription on the registration", () => {
            expect(programConflict(declared(), undefined)).to.deep.equal([]);
            expect(programConflict(declared(), OTHER)).to.deep.equal([
                {
                    property: "tenantId",
                    reason:
                        `TenantMappedTwiceInProgram: another CustomerSubscriptionMapping in this program maps tenant ${TENANT} to customer ` +
                        `subscription ${OTHER} on registration 'azurestack-cloud1'. A tenant maps to one subscription per registration: ` +
                        "the second PUT would silently replace the first. Keep one of the two.",
                },
            ]);
        });
    });

    describe("adoption", () => {
        it("takes the mapping's own adoptExisting over the provider setting", () => {
            expect(adoptionAllowed(declared(), true)).to.equal(true);
            expect(adoptionAllowed(declared(), false)).to.equal(false);
            expect(adoptionAllowed(declared({ adoptExisting: false }), true)).to.equal(false);
            expect(adoptionAllowed(declared({ adoptExisting: true }), false)).to.equal(true);
        });

        it("adopts at create only a mapping of this exact id and tenant", () => {
            expect(adoptionRefusal(declared(), { name: MINE, properties: { tenantId: TENANT.toUpperCase() } })).to.equal(undefined);

            const repointed = adoptionRefusal(declared(), { name: MINE, properties: { tenantId: OTHER_TENANT } });
            expect(repointed).to.be.instanceOf(AzureStackRegistrationError);
            expect(repointed!.code).to.equal("SubscriptionAlreadyMapped");
            expect(repointed!.message)
                .to.match(/^SubscriptionAlreadyMapped: /)
                .and.include(OTHER_TENANT)
                .and.match(/allowTenantReassignment: true/)
                .and.match(/ Nothing was written\.$/);

            const spelled = adoptionRefusal(declared(), {
                id: `/x/customerSubscriptions/${MINE.toUpperCase()}`,
                properties: { tenantId: TENANT },
            });
            expect(spelled!.code).to.equal("MappingAlreadyExists");
            expect(spelled!.message)
                .to.include(`spelled with other letter case than the declared ${MINE}`)
                .and.match(/ Nothing was written\.$/);

            expect(adoptionRefusal(declared(), { name: MINE, properties: {} })!.message).to.include("tenant (none)");
        });
    });

    describe("registration-level failures of the preflight", () => {
        it("reports the registration's own refusals on the registration property and passes the rest on", () => {
            const missing = new AzureStackRegistrationError({ code: "RegistrationNotFound", statusCode: 404 });
            expect(registrationFailure(missing, "registrationId")).to.deep.equal({ property: "registrationId", reason: missing.message });
            expect(registrationFailure(new AzureStackRegistrationError({ code: "TooManyRequests" }), "registrationName")).to.equal(
                undefined,
            );
            expect(registrationFailure(new Error("RegistrationNotFound"), "registrationName")).to.equal(undefined);
        });
    });
});
