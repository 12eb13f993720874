import { expect } from "chai";
import { INPUT_NAMES, MAPPING_PROPERTIES } from "../../provider/mapping/schema";
import { MAPPING_TOKEN, packageSchema, type ResourceSchema } from "../../provider/packageSchema";
import { CREDENTIAL_SETTINGS, SETTINGS } from "../../provider/settings";

/** Pulumi's own check of the schema (`pulumi schema check`) runs in test/cli/packageSchema.test.ts. */
describe("the Pulumi package schema, generated from the mapping schema", () => {
    const schema = packageSchema() as {
        resources: Record<string, ResourceSchema>;
        config: { variables: Record<string, { secret?: boolean }> };
    };
    const mapping = schema.resources[MAPPING_TOKEN];

    it("declares the mapping's inputs and outputs exactly as the mapping schema does", () => {
        expect(Object.keys(mapping.inputProperties)).to.deep.equal([...INPUT_NAMES]);
        expect(mapping.requiredInputs).to.deep.equal(["customerSubscriptionId", "tenantId"]);
        expect(Object.keys(mapping.properties)).to.include.members([...INPUT_NAMES, "name", "type", "etag"]);
        expect(mapping.required, "etag is null after a 201 without a body; adoptExisting only when set").to.not.include.members([
            "etag",
            "adoptExisting",
        ]);
        for (const name of INPUT_NAMES) expect(mapping.inputProperties[name].description).to.equal(MAPPING_PROPERTIES[name].doc);
        expect(mapping.inputProperties.allowTenantReassignment).to.include({ type: "boolean", default: false });
    });

    it("takes its config from the provider settings, secrets marked secret", () => {
        const variables = schema.config.variables;
        expect(Object.keys(variables)).to.have.members([...SETTINGS, ...CREDENTIAL_SETTINGS].map((s) => s.key));
        for (const key of ["clientSecret", "clientCertificatePassword", "oidcToken", "oidcRequestToken"])
            expect(variables[key].secret, key).to.equal(true);
        expect(variables.clientId.secret).to.equal(undefined);
    });
});
