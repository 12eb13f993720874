import { expect } from "chai";
import { DeclarationError, planMappings } from "../../program/declarations";

const NS = "csp-tenant-mappings";
const registrations = {
    east: { registrationSubscriptionId: "s", resourceGroup: "azurestack", registrationName: "azurestack-east" },
    west: { registrationId: "/subscriptions/s/resourceGroups/azurestack/providers/Microsoft.AzureStack/registrations/azurestack-west" },
};

function problemsOf(regs: unknown, tenants: unknown): string[] {
    try {
        planMappings(NS, regs, tenants);
    } catch (error) {
        expect(error).to.be.instanceOf(DeclarationError);
        return (error as DeclarationError).problems;
    }
    throw new Error("expected a DeclarationError");
}

describe("root stack declarations", () => {
    it("expands one mapping per (tenant, stamp) with stable names", () => {
        const planned = planMappings(NS, registrations, {
            contoso: { tenantId: "t1", customerSubscriptionId: "c1", stamps: ["east", "west"], adoptExisting: true },
            fabrikam: { tenantId: "t2", customerSubscriptionId: "c2", stamps: ["west"] },
        });
        expect(planned.map((p) => p.logicalName)).to.deep.equal(["contoso@east", "contoso@west", "fabrikam@west"]);
        expect(planned[1]).to.deep.include({
            tenant: "contoso",
            stamp: "west",
            tenantId: "t1",
            customerSubscriptionId: "c1",
            adoptExisting: true,
            registration: registrations.west,
        });
    });

    it("accepts an empty stack", () => {
        expect(planMappings(NS, undefined, undefined)).to.deep.equal([]);
    });

    it("lists every problem with its config path", () => {
        const problems = problemsOf(registrations, {
            contoso: { tenantId: "t1", stamps: ["east", "north", "east"], allowTenantReassignment: "yes", tenantID: "x" },
            "bad key!": { tenantId: "t", customerSubscriptionId: "c", stamps: ["east"] },
            nostamps: { tenantId: "t", customerSubscriptionId: "c" },
        });
        expect(problems).to.include(`${NS}:tenants.contoso.customerSubscriptionId: required, a GUID string`);
        expect(problems).to.include(`${NS}:tenants.contoso.stamps: lists a stamp twice`);
        expect(problems).to.include(`${NS}:tenants.contoso.stamps: 'north' is not a key of ${NS}:registrations (east, west)`);
        expect(problems).to.include(`${NS}:tenants.contoso.allowTenantReassignment: true or false`);
        expect(problems.some((p) => p.startsWith(`${NS}:tenants.contoso.tenantID: not a tenant field`))).to.equal(true);
        expect(problems.some((p) => p.startsWith(`${NS}:tenants.bad key!: keys are`))).to.equal(true);
        expect(problems.some((p) => p.startsWith(`${NS}:tenants.nostamps.stamps: required`))).to.equal(true);
    });

    it("refuses registrations and tenants that are not maps", () => {
        expect(problemsOf(["east"], {})).to.deep.equal([`${NS}:registrations: must be a map keyed by name`]);
        expect(problemsOf({ east: "azurestack-east" }, {})[0]).to.match(/registrations\.east: must be a map/);
        expect(problemsOf(registrations, { contoso: "t1" })[0]).to.match(/tenants\.contoso: must be a map/);
    });
});
