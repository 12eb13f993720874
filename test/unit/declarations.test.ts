import { expect } from "chai";
import { DeclarationError, planMappings, planSets } from "../../program/declarations";

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

describe("root stack declarations: registrations held as sets", () => {
    const tenants = {
        contoso: { tenantId: "t1", customerSubscriptionId: "c1", stamps: ["east", "west"], adoptExisting: false },
        fabrikam: { tenantId: "t2", customerSubscriptionId: "c2", stamps: ["west"] },
    };

    it("gives each registration that says `set` one set of its mappings; the others stay single mappings", () => {
        const regs = { east: registrations.east, west: { ...registrations.west, set: { undeclared: "fail", maxDeletions: 3 } } };
        const { sets, singles } = planSets(NS, planMappings(NS, regs, tenants));
        expect(singles.map((m) => m.logicalName)).to.deep.equal(["contoso@east"]);
        expect(sets).to.have.length(1);
        expect(sets[0]).to.deep.include({
            stamp: "west",
            registration: registrations.west,
            choice: { undeclared: "fail", maxDeletions: 3 },
        });
        expect(sets[0].mappings.map((m) => [m.customerSubscriptionId, m.tenantId, m.adoptExisting])).to.deep.equal([
            ["c1", "t1", false],
            ["c2", "t2", undefined],
        ]);
        const all = planSets(
            NS,
            planMappings(NS, { east: { ...registrations.east, set: true }, west: { ...registrations.west, set: false } }, tenants),
        );
        expect(all.sets.map((s) => [s.stamp, s.choice])).to.deep.equal([["east", {}]]);
    });

    it("refuses a set field it does not know, and two tenants with one subscription on a set's stamp", () => {
        expect(problemsOf({ ...registrations, east: { ...registrations.east, set: { undeclard: "warn" } } }, tenants)).to.deep.equal([
            `${NS}:registrations.east.set.undeclard: not a set field (undeclared, maxDeletions)`,
        ]);
        expect(problemsOf({ east: { ...registrations.east, set: "yes" } }, {})).to.deep.equal([
            `${NS}:registrations.east.set: true, false, or a map with undeclared, maxDeletions`,
        ]);
        const twins = {
            a: { tenantId: "t1", customerSubscriptionId: "c1", stamps: ["east"] },
            b: { tenantId: "t2", customerSubscriptionId: "c1", stamps: ["east"] },
        };
        expect(() => planSets(NS, planMappings(NS, { east: { ...registrations.east, set: true } }, twins)))
            .to.throw(DeclarationError)
            .with.property("problems")
            .that.deep.equals([
                `${NS}:tenants.b: customer subscription c1 is also tenant a's on east, whose mappings are a set (one entry per customer subscription)`,
            ]);
    });
});
