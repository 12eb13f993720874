import { expect } from "chai";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { INPUT_NAMES, MAPPING_PROPERTIES } from "../../provider/mapping/schema";
import {
    MAPPING_TOKEN,
    PACKAGE_VERSION,
    packageSchema,
    SET_ENTRY_TOKEN,
    SET_TOKEN,
    setEntryType,
    setResourceSchema,
    type ResourceSchema,
} from "../../provider/packageSchema";
import { ENTRY_OPTIONS, SET_REGISTRATION_INPUTS } from "../../provider/set/schema";
import { CREDENTIAL_SETTINGS, SETTINGS } from "../../provider/settings";

/** Pulumi's own check of the schema (`pulumi schema check`) runs in test/cli/packageSchema.test.ts. */
describe("the Pulumi package schema, generated from the mapping schema", () => {
    const schema = packageSchema() as {
        resources: Record<string, ResourceSchema>;
        config: { variables: Record<string, { secret?: boolean }> };
    };
    const mapping = schema.resources[MAPPING_TOKEN];

    it("has package.json's version, and so has the committed Python SDK (npm run sdk after a version bump)", () => {
        expect((schema as { version?: string }).version).to.equal(PACKAGE_VERSION);
        const sdk = path.join(__dirname, "..", "..", "..", "sdk", "python");
        const plugin = JSON.parse(readFileSync(path.join(sdk, "pulumi_azurestack_tenant_mappings", "pulumi-plugin.json"), "utf8"));
        expect(plugin.version, "sdk/python/pulumi_azurestack_tenant_mappings/pulumi-plugin.json").to.equal(PACKAGE_VERSION);
        const pyproject = readFileSync(path.join(sdk, "pyproject.toml"), "utf8");
        expect(/^\s*version = "([^"]+)"/m.exec(pyproject)?.[1], "sdk/python/pyproject.toml").to.equal(PACKAGE_VERSION);
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

    describe("with the registration set", () => {
        const withSet = packageSchema({
            resources: { [SET_TOKEN]: setResourceSchema() },
            types: { [SET_ENTRY_TOKEN]: setEntryType() },
        }) as {
            resources: Record<string, ResourceSchema>;
            types: Record<string, { properties: Record<string, unknown>; required: string[] }>;
        };
        const set = withSet.resources[SET_TOKEN];

        it("takes the set's registration from the mapping's registration-level inputs and each entry from its entry-level ones", () => {
            expect(Object.keys(set.inputProperties)).to.deep.equal([...SET_REGISTRATION_INPUTS, "mappings", "undeclared", "maxDeletions"]);
            for (const name of SET_REGISTRATION_INPUTS) expect(set.inputProperties[name]).to.deep.equal(mapping.inputProperties[name]);
            expect(set.requiredInputs).to.deep.equal(["mappings"]);
            const entry = withSet.types[SET_ENTRY_TOKEN];
            expect(Object.keys(entry.properties)).to.deep.equal(["tenantId", ...ENTRY_OPTIONS]);
            expect(entry.required).to.deep.equal(["tenantId"]);
            expect(set.inputProperties.mappings.additionalProperties).to.deep.equal({
                oneOf: [{ type: "string" }, { $ref: `#/types/${SET_ENTRY_TOKEN}` }],
            });
            expect(set.inputProperties.maxDeletions).to.include({ type: "integer", default: 10 });
        });
    });
});
