/**
 * The documentation tables generated from the code's own declarations: the README's inputs table from the
 * mapping schema, docs/sets.md's from the set's (derived from the same), the README's provider settings table
 * from the settings' declarations, and docs/errors.md's table from the error catalog. `npm run docs` rewrites them; a unit test
 * (test/unit/generatedDocs.test.ts) fails when a file differs from what this writes.
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { ERROR_CATALOG, REFUSAL_CODES, REGISTRATION_ERROR_CODES, type CatalogEntry } from "../provider/errors";
import { INPUT_NAMES, MAPPING_PROPERTIES, type PropertySpec } from "../provider/mapping/schema";
import { SET_PROPERTIES, SET_PROPERTY_NAMES, SET_REGISTRATION_INPUTS, type SetPropertySpec } from "../provider/set/schema";
import { SETTINGS } from "../provider/settings";

const ROOT = path.resolve(__dirname, "..", "..");

const TYPE_NAMES: Record<PropertySpec["format"], string> = {
    registrationId: "string",
    guid: "GUID",
    resourceGroup: "string",
    registrationName: "string",
    apiVersion: "string",
    boolean: "boolean",
    text: "string",
};

export function inputsTable(): string {
    const rows = INPUT_NAMES.map((name) => {
        const spec: PropertySpec = MAPPING_PROPERTIES[name];
        return `| \`${name}\` | ${TYPE_NAMES[spec.format]} | ${spec.doc} |`;
    });
    return ["| Input | Type | Notes |", "| --- | --- | --- |", ...rows].join("\n");
}

const SET_TYPE_NAMES: Record<SetPropertySpec["format"], string> = { mappings: "map", undeclaredMode: "string", count: "number" };

/** A set's inputs: the mapping's registration-level inputs, then the set's own. */
export function setInputsTable(): string {
    const registration = SET_REGISTRATION_INPUTS.map((name) => {
        const spec: PropertySpec = MAPPING_PROPERTIES[name];
        return `| \`${name}\` | ${TYPE_NAMES[spec.format]} | ${spec.doc} |`;
    });
    const own = SET_PROPERTY_NAMES.map((name) => {
        const spec: SetPropertySpec = SET_PROPERTIES[name];
        return `| \`${name}\` | ${SET_TYPE_NAMES[spec.format]} | ${spec.doc} |`;
    });
    return ["| Input | Type | Notes |", "| --- | --- | --- |", ...registration, ...own].join("\n");
}

export function settingsTable(): string {
    const rows = SETTINGS.map((s) => `| \`${s.key}\`${s.note ? ` ${s.note}` : ""} | \`${s.variable}\` | ${s.defaultText} |`);
    return ["| Config key (`azurestack-tenant-mappings:`) | Environment variable | Default |", "| --- | --- | --- |", ...rows].join("\n");
}

/** One row per run of codes that share when, why and what to do. */
export function errorsTable(): string {
    const rows: { codes: string[]; cells: string[] }[] = [];
    const entries = Object.entries(ERROR_CATALOG) as [string, CatalogEntry][];
    for (const [code, entry] of entries) {
        const cells = [entry.caughtAt ?? entry.detectedAt, entry.whyThen, entry.advice];
        const last = rows.at(-1);
        if (last && last.cells.every((cell, i) => cell === cells[i])) last.codes.push(code);
        else rows.push({ codes: [code], cells });
    }
    return [
        "| Code | Caught at | Why then | What to do |",
        "| --- | --- | --- | --- |",
        ...rows.map((r) => `| ${r.codes.join(", ")} | ${r.cells.join(" | ")} |`),
    ].join("\n");
}

/** The codes explained in the user's language; the others are explained in English. */
export function localizedCodes(): string[] {
    return [...new Set([...REGISTRATION_ERROR_CODES, ...Object.values(REFUSAL_CODES)])];
}

export function localizedCodesLine(): string {
    return `Explained in the user's language: ${localizedCodes()
        .map((c) => `\`${c}\``)
        .join(", ")}. The others are explained in English.`;
}

/** A generated block: everything between `<!-- generated: name -->` and `<!-- end: name -->`. */
export function generatedBlock(text: string, name: string): string | undefined {
    const start = text.indexOf(`<!-- generated: ${name} -->\n`);
    const end = text.indexOf(`<!-- end: ${name} -->`);
    if (start < 0 || end < start) return undefined;
    return text.slice(start + `<!-- generated: ${name} -->\n`.length, end).trimEnd();
}

function replaceBlock(text: string, name: string, content: string): string {
    const open = `<!-- generated: ${name} -->\n`;
    const start = text.indexOf(open);
    const end = text.indexOf(`<!-- end: ${name} -->`);
    if (start < 0 || end < start) throw new Error(`no generated block '${name}'`);
    return `${text.slice(0, start + open.length)}${content}\n${text.slice(end)}`;
}

/** Each file and its generated blocks. */
export const GENERATED: Record<string, Record<string, () => string>> = {
    "README.md": { inputs: inputsTable, settings: settingsTable },
    "docs/errors.md": { errors: errorsTable, "localized-codes": localizedCodesLine },
    "docs/sets.md": { "set-inputs": setInputsTable },
};

if (require.main === module) {
    for (const [file, blocks] of Object.entries(GENERATED)) {
        const at = path.join(ROOT, file);
        let text = readFileSync(at, "utf8");
        for (const [name, generate] of Object.entries(blocks)) text = replaceBlock(text, name, generate());
        writeFileSync(at, text);
        process.stdout.write(`${file}: ${Object.keys(blocks).join(", ")}\n`);
    }
}
