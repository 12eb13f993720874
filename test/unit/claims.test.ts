import { expect } from "chai";
import type { ArmConnection } from "../../provider/arm/connection";
import type { RegistrationRef } from "../../provider/arm/ids";
import { claimTenant, isDeclared as isDeclaredIn, releaseSubscription as releaseIn } from "../../provider/claims";
import { processCache } from "../../provider/processCache";
import { registrationScope } from "../../provider/scope";

const ref = { subscriptionId: "5a1e0000-0000-4000-8000-000000000001", resourceGroup: "azurestack", name: "azurestack-1" };
// Claims live in the process cache's entry of a connection and a registration; no request is made.
const scopeOf = (r: RegistrationRef) => registrationScope({ key: "one connection" } as ArmConnection, r);
const claim = (r: RegistrationRef, tenant: string, subscription: string) => claimTenant(scopeOf(r), tenant, subscription);
const isDeclared = (r: RegistrationRef, subscription: string) => isDeclaredIn(scopeOf(r), subscription);
const releaseSubscription = (r: RegistrationRef, subscription: string) => releaseIn(scopeOf(r), subscription);
const SUB = "c0000000-0000-4000-8000-0000000000ab";
const TENANT = "70000000-0000-4000-8000-000000000001";

describe("claims: what the program being applied declares", () => {
    beforeEach(() => processCache.clear());

    it("knows a mapping is still declared (a renamed resource), on the same registration and spelling only", () => {
        expect(isDeclared(ref, SUB)).to.equal(false);
        claim(ref, TENANT, SUB);
        expect(isDeclared(ref, SUB)).to.equal(true);
        expect(isDeclared({ ...ref, resourceGroup: "AzureStack" }, SUB), "registrations compare case-insensitively").to.equal(true);
        expect(isDeclared({ ...ref, name: "azurestack-2" }, SUB)).to.equal(false);
        expect(isDeclared(ref, SUB.toUpperCase()), "another spelling is another mapping").to.equal(false);
    });

    it("does not count a subscription a resource of the program is moving away from", () => {
        claim(ref, TENANT, SUB.toUpperCase());
        releaseSubscription(ref, SUB);
        expect(isDeclared(ref, SUB)).to.equal(false);
        expect(isDeclared(ref, SUB.toUpperCase())).to.equal(false);
    });
});
