import { expect } from "chai";
import { claimTenant, isDeclared, releaseSubscription, resetClaims } from "../../provider/claims";

const ref = { subscriptionId: "5a1e0000-0000-4000-8000-000000000001", resourceGroup: "azurestack", name: "azurestack-1" };
const SUB = "c0000000-0000-4000-8000-0000000000ab";
const TENANT = "70000000-0000-4000-8000-000000000001";

describe("claims: what the program being applied declares", () => {
    beforeEach(() => resetClaims());

    it("knows a mapping is still declared (a renamed resource), on the same registration and spelling only", () => {
        expect(isDeclared(ref, SUB)).to.equal(false);
        claimTenant(ref, TENANT, SUB);
        expect(isDeclared(ref, SUB)).to.equal(true);
        expect(isDeclared({ ...ref, resourceGroup: "AzureStack" }, SUB), "registrations compare case-insensitively").to.equal(true);
        expect(isDeclared({ ...ref, name: "azurestack-2" }, SUB)).to.equal(false);
        expect(isDeclared(ref, SUB.toUpperCase()), "another spelling is another mapping").to.equal(false);
    });

    it("does not count a subscription a resource of the program is moving away from", () => {
        claimTenant(ref, TENANT, SUB.toUpperCase());
        releaseSubscription(ref, SUB);
        expect(isDeclared(ref, SUB)).to.equal(false);
        expect(isDeclared(ref, SUB.toUpperCase())).to.equal(false);
    });
});
