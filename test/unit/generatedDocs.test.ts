import { expect } from "chai";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { ERROR_CATALOG } from "../../provider/errors";
import { INPUT_NAMES, MAPPING_PROPERTIES } from "../../provider/mapping/schema";
import { SETTINGS } from "../../provider/settings";
import { errorsTable, generatedBlock, GENERATED, inputsTable, localizedCodes } from "../../scripts/docs";

const ROOT = path.join(__dirname, "..", "..", "..");

/** The tables people read are the ones the code declares: README's inputs and settings, docs/errors.md. */
describe("documentation generated from the schema, the settings and the error catalog", () => {
    for (const [file, blocks] of Object.entries(GENERATED)) {
        for (const [name, generate] of Object.entries(blocks)) {
            it(`${file}: the '${name}' block is what \`npm run docs\` writes`, () => {
                const text = readFileSync(path.join(ROOT, file), "utf8");
                expect(generatedBlock(text, name), `run \`npm run docs\` and commit ${file}`).to.equal(generate());
            });
        }
    }

    it("the README's inputs table has one row per input of the schema, with its doc text, and nothing else", () => {
        const rows = inputsTable()
            .split("\n")
            .slice(2)
            .map((row) => row.split(" | "));
        expect(rows.map((cells) => cells[0].replace(/^\| `|`$/g, ""))).to.deep.equal([...INPUT_NAMES]);
        for (const [i, name] of INPUT_NAMES.entries()) expect(rows[i][2]).to.equal(`${MAPPING_PROPERTIES[name].doc} |`);
        expect(inputsTable(), "an output only Azure fills in is not an input").to.not.include("`etag`");
    });

    it("the README's settings table names every setting with its environment variable", () => {
        const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
        for (const s of SETTINGS) expect(generatedBlock(readme, "settings")).to.include(`\`${s.key}\``).and.include(`\`${s.variable}\``);
    });

    it("the errors table lists every catalog code once, and says which are explained in the user's language", () => {
        const listed = errorsTable()
            .split("\n")
            .slice(2)
            .flatMap((row) => row.split(" | ")[0].replace(/^\| /, "").split(", "));
        expect(listed.sort()).to.deep.equal(Object.keys(ERROR_CATALOG).sort());
        for (const code of localizedCodes()) expect(ERROR_CATALOG[code], code).to.not.equal(undefined);
    });
});
