/**
 * The provider plugin's package schema, as Pulumi itself judges it: `pulumi schema check` (the real CLI) binds
 * the schema generated from the mapping schema and the settings, and refuses a broken copy of it.
 */
import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { MAPPING_TOKEN, packageSchema, SET_ENTRY_TOKEN, SET_TOKEN, setEntryType, setResourceSchema } from "../../provider/packageSchema";
import { pluginSchema } from "../../provider/plugin/main";
import { cliBinDir, cliEnv } from "../../runner/engine";
import { runCommand } from "../support/processes";

describe("the package schema passes `pulumi schema check`", function () {
    this.timeout(5 * 60_000);
    const dir = mkdtempSync(path.join(tmpdir(), "schema-check-"));
    after(() => rmSync(dir, { recursive: true, force: true }));

    async function check(schema: unknown) {
        const file = path.join(dir, `schema-${Math.random().toString(36).slice(2)}.json`);
        writeFileSync(file, JSON.stringify(schema, null, 2));
        return runCommand(path.join(cliBinDir(), "pulumi"), ["schema", "check", file], { env: cliEnv(dir) });
    }

    it("accepts the generated schema, and the plugin's (with the listing function and its type)", async () => {
        for (const schema of [packageSchema(), pluginSchema()]) {
            const result = await check(schema);
            expect(result.code, `${result.stdout}\n${result.stderr}`).to.equal(0);
        }
    });

    it("serves the plugin's own schema: the package schema plus the registration set, the functions and their types", async () => {
        const { functions, types, resources, ...rest } = pluginSchema() as Record<string, Record<string, unknown>>;
        const {
            functions: none,
            types: noTypes,
            resources: mappingOnly,
            ...base
        } = packageSchema() as Record<string, Record<string, unknown>>;
        expect(rest).to.deep.equal(base);
        expect([none, noTypes]).to.deep.equal([{}, {}]);
        expect(Object.keys(resources)).to.deep.equal([...Object.keys(mappingOnly), SET_TOKEN]);
        expect(Object.keys(functions)).to.have.length(1);
        expect(Object.keys(types)).to.include(SET_ENTRY_TOKEN).and.have.length(2);
    });

    it("accepts it with the registration set and its entry type", async () => {
        const result = await check(
            packageSchema({ resources: { [SET_TOKEN]: setResourceSchema() }, types: { [SET_ENTRY_TOKEN]: setEntryType() } }),
        );
        expect(result.code, `${result.stdout}\n${result.stderr}`).to.equal(0);
    });

    it("and refuses one whose property has a type Pulumi does not know", async () => {
        const schema = packageSchema() as { resources: Record<string, { properties: Record<string, { type: string }> }> };
        schema.resources[MAPPING_TOKEN].properties.tenantId.type = "guid";
        const result = await check(schema);
        expect(result.code).to.equal(1);
        expect(result.stderr + result.stdout).to.include("unknown type kind guid");
    });
});
