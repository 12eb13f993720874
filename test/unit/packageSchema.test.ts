import Ajv2020 from "ajv/dist/2020";
import { expect } from "chai";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { INPUT_NAMES, MAPPING_PROPERTIES } from "../../provider/mapping/schema";
import { MAPPING_TOKEN, packageSchema, type ResourceSchema } from "../../provider/packageSchema";
import { CREDENTIAL_SETTINGS, SETTINGS } from "../../provider/settings";

const metaschema = JSON.parse(
    readFileSync(path.join(__dirname, "..", "..", "..", "test", "unit", "fixtures", "pulumi-schema", "pulumi.json"), "utf8"),
);

function validate(schema: unknown): string[] {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const valid = ajv.validate(metaschema, schema);
    return valid ? [] : (ajv.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe("the Pulumi package schema, generated from the mapping schema", () => {
    const schema = packageSchema() as {
        resources: Record<string, ResourceSchema>;
        config: { variables: Record<string, { secret?: boolean }> };
    };
    const mapping = schema.resources[MAPPING_TOKEN];

    it("is a valid package schema by Pulumi's own metaschema", () => {
        expect(validate(schema)).to.deep.equal([]);
    });

    it("and the metaschema does refuse a broken one", () => {
        expect(validate({ ...schema, name: "Azure Stack!" })).to.not.deep.equal([]);
        expect(validate({ ...schema, resources: { [MAPPING_TOKEN]: { ...mapping, requiredInputs: "tenantId" } } })).to.not.deep.equal([]);
    });

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
