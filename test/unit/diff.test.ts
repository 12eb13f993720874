import { expect } from "chai";
import { diff, type MappingOutputs } from "../../provider/lifecycle";
import { UNKNOWN, type MappingInputs } from "../../provider/core";
import { declaredMapping } from "../support/fixtures";

const SUB = "11111111-2222-3333-4444-555555555555";
const CUSTOMER = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const TENANT = "99999999-8888-7777-6666-555555555555";

function declared(overrides: Record<string, unknown> = {}): MappingInputs {
    return declaredMapping(CUSTOMER, TENANT, overrides);
}

/** State outputs as create would have stored them, with server-only fields the diff must ignore. */
function stored(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const outputs: MappingOutputs = {
        ...declared(),
        name: CUSTOMER,
        type: "Microsoft.AzureStack/registrations/customerSubscriptions",
        etag: '"etag-1"',
    };
    return { ...outputs, __provider: "serialized", ...overrides };
}

describe("diff", () => {
    it("reports no change for an unchanged mapping, whatever the etag, name or type say", async () => {
        expect(await diff("id", stored({ etag: '"other"', name: "reg/x", type: "X" }), declared())).to.deep.equal({ changes: false });
    });

    it("updates in place when only the tenant changes", async () => {
        const result = await diff("id", stored(), declared({ tenantId: "00000000-0000-0000-0000-000000000001" }));
        expect(result).to.deep.equal({ changes: true, replaces: [], deleteBeforeReplace: false });
    });

    it("ignores letter case in GUIDs and registration coordinates (ARM does too)", async () => {
        const result = await diff(
            "id",
            stored(),
            declared({
                tenantId: TENANT.toUpperCase(),
                resourceGroup: "AZURESTACK",
                registrationName: "AzureStack-Cloud1",
                registrationSubscriptionId: SUB.toUpperCase(),
            }),
        );
        expect(result).to.deep.equal({ changes: false });
    });

    it("replaces delete-first when only the customer subscription id's case changes", async () => {
        const result = await diff("id", stored(), declared({ customerSubscriptionId: CUSTOMER.toUpperCase() }));
        expect(result).to.deep.equal({ changes: true, replaces: ["customerSubscriptionId"], deleteBeforeReplace: true });
    });

    it("replaces create-first when the customer subscription changes", async () => {
        const result = await diff("id", stored(), declared({ customerSubscriptionId: "bbbbbbbb-bbbb-cccc-dddd-eeeeeeeeeeee" }));
        expect(result).to.deep.equal({ changes: true, replaces: ["customerSubscriptionId"], deleteBeforeReplace: false });
    });

    it("replaces when the registration changes, create-first even if the subscription's case changes too", async () => {
        const result = await diff(
            "id",
            stored(),
            declared({ registrationName: "azurestack-cloud2", customerSubscriptionId: CUSTOMER.toUpperCase() }),
        );
        expect(result).to.deep.equal({
            changes: true,
            replaces: ["registrationId", "registrationName", "customerSubscriptionId"],
            deleteBeforeReplace: false,
        });
    });

    it("treats an unknown tenant as a possible update and an unknown subscription as a possible replace", async () => {
        expect(await diff("id", stored(), declared({ tenantId: UNKNOWN }))).to.deep.equal({
            changes: true,
            replaces: [],
            deleteBeforeReplace: false,
        });
        expect(await diff("id", stored(), declared({ customerSubscriptionId: UNKNOWN }))).to.deep.equal({
            changes: true,
            replaces: ["customerSubscriptionId"],
            deleteBeforeReplace: false,
        });
        const registrationUnknown = await diff(
            "id",
            stored(),
            declared({
                registrationSubscriptionId: undefined,
                resourceGroup: undefined,
                registrationName: undefined,
                registrationId: UNKNOWN,
            }),
        );
        expect(registrationUnknown.changes).to.equal(true);
        expect(registrationUnknown.replaces).to.include.members(["registrationSubscriptionId", "resourceGroup", "registrationName"]);
    });

    it("updates (without a replace) when only apiVersion, allowTenantReassignment or adoptExisting change", async () => {
        expect(await diff("id", stored(), declared({ apiVersion: "2022-06-01" }))).to.deep.equal({
            changes: true,
            replaces: [],
            deleteBeforeReplace: false,
        });
        expect(await diff("id", stored(), declared({ allowTenantReassignment: true }))).to.deep.equal({
            changes: true,
            replaces: [],
            deleteBeforeReplace: false,
        });
        expect(await diff("id", stored(), declared({ adoptExisting: true }))).to.deep.equal({
            changes: true,
            replaces: [],
            deleteBeforeReplace: false,
        });
    });

    it("sees drift: the tenant Azure reports (after refresh) against the declared one", async () => {
        const refreshed = stored({ tenantId: "00000000-0000-0000-0000-00000000000f" });
        expect((await diff("id", refreshed, declared())).changes).to.equal(true);
    });
});
