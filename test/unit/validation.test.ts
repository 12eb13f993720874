import { expect } from "chai";
import { UNKNOWN, validateInputs } from "../../provider/core";

const SUB = "11111111-2222-3333-4444-555555555555";
const CUSTOMER = "AAAAAAAA-bbbb-CCCC-dddd-EEEEEEEEEEEE";
const TENANT = "99999999-8888-7777-6666-555555555555";
const fields = {
    registrationSubscriptionId: SUB,
    resourceGroup: "azurestack",
    registrationName: "azurestack-cloud1",
    customerSubscriptionId: CUSTOMER,
    tenantId: TENANT,
};

function failuresOf(raw: Record<string, unknown>) {
    return validateInputs(raw).failures;
}

describe("validateInputs", () => {
    it("normalises the three registration fields into the canonical shape", () => {
        const { inputs, failures } = validateInputs({
            ...fields,
            tenantId: TENANT.toUpperCase(),
            registrationSubscriptionId: SUB.toUpperCase(),
        });
        expect(failures).to.deep.equal([]);
        expect(inputs).to.deep.equal({
            registrationId: `/subscriptions/${SUB}/resourceGroups/azurestack/providers/Microsoft.AzureStack/registrations/azurestack-cloud1`,
            registrationSubscriptionId: SUB,
            resourceGroup: "azurestack",
            registrationName: "azurestack-cloud1",
            customerSubscriptionId: CUSTOMER,
            tenantId: TENANT,
            apiVersion: "2017-06-01",
            allowTenantReassignment: false,
        });
    });

    it("keeps adoptExisting only when the user set it (absent: the provider setting decides)", () => {
        expect(validateInputs(fields).inputs).to.not.have.property("adoptExisting");
        expect(validateInputs({ ...fields, adoptExisting: false }).inputs.adoptExisting).to.equal(false);
        expect(validateInputs({ ...fields, adoptExisting: true }).inputs.adoptExisting).to.equal(true);
        expect(failuresOf({ ...fields, adoptExisting: "yes" }).map((f) => f.property)).to.deep.equal(["adoptExisting"]);
    });

    it("keeps the customer subscription id's letter case (it is case sensitive)", () => {
        expect(validateInputs(fields).inputs.customerSubscriptionId).to.equal(CUSTOMER);
    });

    it("derives the registration fields from registrationId, whatever the casing of its fixed segments", () => {
        const id = `/SUBSCRIPTIONS/${SUB.toUpperCase()}/resourcegroups/AzureStack/providers/microsoft.azurestack/Registrations/azurestack-X`;
        const { inputs, failures } = validateInputs({ registrationId: id, customerSubscriptionId: CUSTOMER, tenantId: TENANT });
        expect(failures).to.deep.equal([]);
        expect(inputs.registrationSubscriptionId).to.equal(SUB);
        expect(inputs.resourceGroup).to.equal("AzureStack");
        expect(inputs.registrationName).to.equal("azurestack-X");
        expect(inputs.registrationId).to.equal(
            `/subscriptions/${SUB}/resourceGroups/AzureStack/providers/Microsoft.AzureStack/registrations/azurestack-X`,
        );
    });

    it("lets the preview unknown sentinel through in every input", () => {
        for (const key of Object.keys(fields)) {
            const { inputs, failures } = validateInputs({ ...fields, [key]: UNKNOWN });
            expect(failures, key).to.deep.equal([]);
            expect((inputs as unknown as Record<string, string>)[key], key).to.equal(UNKNOWN);
        }
        const { inputs, failures } = validateInputs({ registrationId: UNKNOWN, customerSubscriptionId: CUSTOMER, tenantId: TENANT });
        expect(failures).to.deep.equal([]);
        expect(inputs.registrationId).to.equal(UNKNOWN);
        expect(validateInputs({ ...fields, apiVersion: UNKNOWN, allowTenantReassignment: UNKNOWN }).failures).to.deep.equal([]);
    });

    it("refuses naming the registration both ways, or not at all", () => {
        const both = failuresOf({
            ...fields,
            registrationId: `/subscriptions/${SUB}/resourceGroups/a/providers/Microsoft.AzureStack/registrations/b`,
        });
        expect(both.map((f) => f.property)).to.include("registrationId");
        expect(both[0].reason)
            .to.match(/one way only/)
            .and.match(/Remove one/);
        const neither = failuresOf({ customerSubscriptionId: CUSTOMER, tenantId: TENANT });
        expect(neither).to.have.length(1);
        expect(neither[0].property).to.equal("registrationId");
        expect(neither[0].reason).to.match(/registrationSubscriptionId \+ resourceGroup \+ registrationName/);
    });

    it("names each missing registration field", () => {
        const failures = failuresOf({ registrationName: "azurestack-1", customerSubscriptionId: CUSTOMER, tenantId: TENANT });
        expect(failures.map((f) => f.property).sort()).to.deep.equal(["registrationSubscriptionId", "resourceGroup"]);
    });

    it("refuses a registrationId of another resource type and says which type it is", () => {
        const [failure] = failuresOf({
            registrationId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1`,
            customerSubscriptionId: CUSTOMER,
            tenantId: TENANT,
        });
        expect(failure.property).to.equal("registrationId");
        expect(failure.reason)
            .to.match(/Microsoft\.Compute\/virtualMachines/)
            .and.match(/Microsoft\.AzureStack\/registrations/);
        const [child] = failuresOf({
            registrationId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.AzureStack/registrations/r/customerSubscriptions/${CUSTOMER}`,
            customerSubscriptionId: CUSTOMER,
            tenantId: TENANT,
        });
        expect(child.reason).to.match(/customerSubscriptions/);
    });

    const guidCases: Array<[string, string, RegExp]> = [
        ["empty", "", /empty/],
        ["braces", `{${TENANT}}`, /braces/],
        ["urn", `urn:uuid:${TENANT}`, /urn:uuid/],
        ["leading space", ` ${TENANT}`, /whitespace/],
        ["trailing newline", `${TENANT}\n`, /control character U\+000A/],
        ["zero-width space", `${TENANT}\u200b`, /invisible character U\+200B/],
        ["byte order mark", `\ufeff${TENANT}`, /invisible character U\+FEFF/],
        ["percent-encoded", TENANT.replace("-", "%2D"), /percent/],
        ["Unicode hyphen look-alike", TENANT.replace("-", "\u2010"), /non-ASCII character .* \(U\+2010\)/],
        ["fullwidth digit", TENANT.replace("9", "\uff19"), /U\+FF19/],
        ["no hyphens", TENANT.replace(/-/g, ""), /no hyphens/],
        ["too short", TENANT.slice(1), /got "/],
    ];
    for (const [label, value, reason] of guidCases) {
        it(`refuses a tenantId with ${label}, naming the property and the fix`, () => {
            const failures = failuresOf({ ...fields, tenantId: value });
            expect(failures).to.have.length(1);
            expect(failures[0].property).to.equal("tenantId");
            expect(failures[0].reason)
                .to.match(/^tenantId must be a GUID/)
                .and.match(reason);
        });
    }

    const nameCases: Array<[string, string, string, RegExp]> = [
        ["resourceGroup", "a/b", "slash", /"\/"/],
        ["resourceGroup", "..", "dot-dot", /'\.\.'/],
        ["resourceGroup", "rg?x=1", "query", /"\?"/],
        ["resourceGroup", "rg#x", "fragment", /"#"/],
        ["resourceGroup", "rg%2Fx", "percent", /"%"/],
        ["resourceGroup", "rg\\x", "backslash", /"\\\\"/],
        ["resourceGroup", "azurestаck", "Cyrillic a", /non-ASCII character 'а' \(U\+0430\)/],
        ["resourceGroup", "rg.", "trailing period", /ends with '\.'/],
        ["resourceGroup", "x".repeat(91), "91 characters", /91 characters long/],
        ["resourceGroup", "", "empty", /empty/],
        ["registrationName", "reg\u0000", "NUL", /control character U\+0000/],
        ["registrationName", "reg name", "space", /" "/],
        ["registrationName", "../../subscriptions", "traversal", /'\.\.'/],
        ["registrationName", "r(1)", "parentheses", /only letters/],
        ["registrationName", ".", "a single dot (a URL dot segment)", /ends with '\.'/],
        ["registrationName", "azurestack-1.", "trailing period", /ends with '\.'/],
    ];
    for (const [property, value, label, reason] of nameCases) {
        it(`refuses a ${property} with ${label}`, () => {
            const failures = failuresOf({ ...fields, [property]: value });
            expect(failures.map((f) => f.property)).to.deep.equal([property]);
            expect(failures[0].reason).to.match(reason);
        });
    }

    it("accepts the resource group characters ARM allows", () => {
        expect(failuresOf({ ...fields, resourceGroup: "Azure_Stack-(prod).eu" })).to.deep.equal([]);
    });

    it("refuses wrong types from JavaScript callers, naming what was given", () => {
        const cases: Array<[string, unknown, RegExp]> = [
            ["tenantId", 42, /number 42/],
            ["customerSubscriptionId", { id: CUSTOMER }, /an object/],
            ["resourceGroup", ["azurestack"], /an array/],
            ["registrationName", true, /boolean true/],
            ["allowTenantReassignment", "yes", /true or false/],
            ["adoptExisting", 1, /true or false; got number 1/],
            ["apiVersion", "2019-01-01", /2017-06-01, 2020-06-01-preview/],
        ];
        for (const [property, value, reason] of cases) {
            const failures = failuresOf({ ...fields, [property]: value });
            expect(
                failures.map((f) => f.property),
                property,
            ).to.deep.equal([property]);
            expect(failures[0].reason, property).to.match(reason);
        }
    });

    it("suggests the right name for a mistyped input and ignores engine-internal keys", () => {
        const failures = failuresOf({ ...fields, tenantID: TENANT, __provider: "x" });
        expect(failures).to.have.length(1);
        expect(failures[0].property).to.equal("tenantID");
        expect(failures[0].reason).to.match(/did you mean 'tenantId'/);
    });

    it("requires the customer subscription and tenant", () => {
        const failures = failuresOf({ registrationSubscriptionId: SUB, resourceGroup: "a", registrationName: "b" });
        expect(failures.map((f) => f.property).sort()).to.deep.equal(["customerSubscriptionId", "tenantId"]);
    });

    it("keeps long bad values short in messages", () => {
        const [failure] = failuresOf({ ...fields, tenantId: "x".repeat(500) });
        expect(failure.reason.length).to.be.lessThan(300);
        expect(failure.reason).to.match(/500 characters/);
    });
});
