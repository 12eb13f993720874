/**
 * `azs-mappings export`: the mappings registrations already have, written as the root stack's config
 * (`csp-tenant-mappings:registrations` and `:tenants`), so that the first `pulumi up` adopts every one of
 * them without a write to Azure (the provider adopts identical mappings; see docs/operations.md, "Adopting
 * existing mappings"). Merges into an existing `Pulumi.<stack>.yaml`, keeping its comments, other keys and the
 * names already chosen there; refuses to write anything when a registration could not be listed or when
 * Azure disagrees with what the file already declares.
 */
import { existsSync, readFileSync } from "node:fs";
import { InvalidArgumentError, type Command } from "commander";
import writeFileAtomic from "write-file-atomic";
import { Document, isMap, isSeq, parseDocument } from "yaml";
import { CONFIG_NAMESPACE, planMappings, planSets, type RegistrationDeclaration, type TenantDeclaration } from "../program/declarations";
import { registrationResourceId, type ApiVersion } from "../provider/core";
import { mdGuid, mdValue } from "./markdown";
import { quoted, type Quoted } from "./quoted";
import { printableLine } from "./terminal";
import {
    listRegistrations,
    parseApiVersion,
    parseRegistrationArgument,
    Progress,
    type NamedRegistration,
    type RegistrationListing,
} from "./registrations";

const REGISTRATIONS = `${CONFIG_NAMESPACE}:registrations`;
const TENANTS = `${CONFIG_NAMESPACE}:tenants`;

export function registerExport(program: Command): void {
    program
        .command("export")
        .description(
            "Write the registrations' existing mappings as root-stack config, for a first `pulumi up` that adopts them all without writing to Azure.",
        )
        .argument(
            "[registration...]",
            "[key=]<registration ARM id>; the key names the stamp in the config (default: the registration's name). " +
                "Default: the registrations the --stack-config file declares",
            (value: string, previous?: NamedRegistration[]) => parseRegistrationArgument(value, previous),
        )
        .option("--stack-config <file>", "merge into this Pulumi.<stack>.yaml (created if missing) instead of printing YAML")
        .option(
            "--check",
            "write nothing; list (as markdown) the mappings Azure holds that the --stack-config file does not declare, " +
                "and exit 1 if there are any: the drift `pulumi preview --refresh` cannot see",
        )
        .option(
            "--form <form>",
            "single: one CustomerSubscriptionMapping per mapping (default); set: each exported registration's mappings as one " +
                "CustomerSubscriptionMappingSet (`set: true` on the registration, docs/sets.md)",
            parseForm,
        )
        .option("--api-version <version>", "Microsoft.AzureStack api-version", parseApiVersion)
        .option("-q, --quiet", "no progress on stderr")
        .action(
            async (
                given: NamedRegistration[],
                options: { stackConfig?: string; check?: boolean; form?: Form; apiVersion?: ApiVersion; quiet?: boolean },
            ) => {
                if (options.check && !options.stackConfig)
                    throw new InvalidArgumentError("--check compares with a stack's config: give --stack-config Pulumi.<stack>.yaml.");
                const document =
                    options.stackConfig && existsSync(options.stackConfig)
                        ? parseDocument(readFileSync(options.stackConfig, "utf8"))
                        : new Document({ config: {} });
                const registrations = given.length > 0 ? given : declaredRegistrations(document);
                if (registrations.length === 0) {
                    throw new InvalidArgumentError(
                        options.stackConfig
                            ? `no registration given, and ${options.stackConfig} declares none: give them as [key=]<registration ARM id>.`
                            : "no registration given: give them as [key=]<registration ARM id>, or --stack-config with a file that declares them.",
                    );
                }
                const listings = await listRegistrations(registrations, options.apiVersion, new Progress(process.stderr, options.quiet));
                const failed = listings.filter((l) => l.error);
                if (failed.length > 0) {
                    process.stderr.write(
                        `Nothing written: ${failed.map((l) => printableLine(l.key)).join(", ")} could not be listed (see above). ` +
                            "Fix that, or leave the registration out and export it later.\n",
                    );
                    process.exitCode = 1;
                    return;
                }
                const result = mergeListings(document, listings, options.form);
                if (options.check) {
                    process.stdout.write(undeclaredReport(result, options.stackConfig!));
                    if (result.undeclared.length > 0 || result.conflicts.length > 0) process.exitCode = 1;
                    return;
                }
                if (result.conflicts.length > 0) {
                    process.stderr.write(
                        `Nothing written: Azure disagrees with ${options.stackConfig ?? "the config"}:\n - ` +
                            `${result.conflicts.map((c) => c.render(printableLine)).join("\n - ")}\n`,
                    );
                    process.exitCode = 1;
                    return;
                }
                // Beside it, then renamed over it: a failed or interrupted write leaves the file as it was; its mode and owner are kept.
                if (options.stackConfig) await writeFileAtomic(options.stackConfig, document.toString());
                else process.stdout.write(document.toString());
                if (!options.quiet) {
                    process.stderr.write(
                        `${result.mappings} mapping(s) on ${listings.length} registration(s): ${result.added} tenant entr${result.added === 1 ? "y" : "ies"} ` +
                            `added, ${result.alreadyDeclared} mapping(s) already declared${options.stackConfig ? `, written to ${options.stackConfig}` : ""}. ` +
                            "Rename the tenant keys now if you like (they name the resources); `pulumi up` then adopts every mapping without writing to Azure.\n",
                    );
                }
            },
        );
}

/** How the root stack holds a registration's mappings: one resource each, or one set (docs/sets.md). */
export type Form = "single" | "set";

function parseForm(value: string): Form {
    if (value === "single" || value === "set") return value;
    throw new InvalidArgumentError("single or set.");
}

export interface MergeResult {
    mappings: number;
    added: number;
    alreadyDeclared: number;
    /** What the file declares differently than Azure holds it; quoting what the file and Azure say. */
    conflicts: Quoted[];
    /** Mappings in Azure the config did not declare (before this merge). */
    undeclared: { stamp: string; customerSubscriptionId: string; tenantId: string }[];
}

/** `--check`'s report: markdown, for a job summary or an issue. Exported for tests. */
export function undeclaredReport(result: MergeResult, stackConfig: string): string {
    const lines = [`## Mappings in Azure that ${mdValue(stackConfig)} does not declare: ${result.undeclared.length || "none"}`, ""];
    if (result.undeclared.length > 0) {
        lines.push(
            "| registration | customer subscription | tenant |",
            "| --- | --- | --- |",
            ...result.undeclared.map(
                (m) => `| ${mdValue(m.stamp, "table")} | ${mdGuid(m.customerSubscriptionId, "table")} | ${mdGuid(m.tenantId, "table")} |`,
            ),
            "",
            `Made outside the stack (by hand, or by another stack). To manage them here: ${mdValue(`azs-mappings export --stack-config ${stackConfig}`)}, ` +
                "then `pulumi up` (it adopts them without writing to Azure). Otherwise remove them in Azure, or leave them to the stack that owns them.",
            "",
        );
    }
    if (result.conflicts.length > 0) {
        lines.push(
            `### Declared differently than Azure holds them: ${result.conflicts.length}`,
            "",
            ...result.conflicts.map((c) => `- ${c.render(mdValue)}`),
            "",
        );
    }
    return `${lines.join("\n")}\n`;
}

/** The registrations a stack config file declares, as command-line arguments would name them. */
function declaredRegistrations(document: Document): NamedRegistration[] {
    const declared = plain<Record<string, RegistrationDeclaration>>(document.getIn(["config", REGISTRATIONS]));
    return Object.entries(declared).reduce<NamedRegistration[]>(
        (named, [key, r]) => parseRegistrationArgument(`${key}=${declaredRegistrationId(r)}`, named),
        [],
    );
}

/**
 * Adds the listed mappings to the document's root-stack config; with `form` "set", each listed registration holds its
 * mappings as a set (`set: true`, unless the file already chose its settings). Pure apart from the document; exported
 * for tests.
 */
export function mergeListings(document: Document, listings: RegistrationListing[], form: Form = "single"): MergeResult {
    if (!isMap(document.get("config"))) document.set("config", document.createNode({}));
    // `pulumi config set-all` (and the Automation API) may have stored either value as a JSON string.
    for (const key of [REGISTRATIONS, TENANTS]) {
        const value = document.getIn(["config", key]);
        if (typeof value === "string") document.setIn(["config", key], document.createNode(JSON.parse(value)));
    }
    const registrations = plain<Record<string, RegistrationDeclaration>>(document.getIn(["config", REGISTRATIONS]));
    const tenants = plain<Record<string, TenantDeclaration>>(document.getIn(["config", TENANTS]));
    const conflicts: Quoted[] = [];

    // Stamps: a registration already in the file keeps its key; a new one takes the key it was given.
    const stampOf = new Map<string, string>();
    for (const listing of listings) {
        const id = listing.registrationId.toLowerCase();
        const existingKey = Object.entries(registrations).find(([, r]) => declaredId(r) === id)?.[0];
        if (existingKey) {
            stampOf.set(listing.registrationId, existingKey);
            if (form === "set" && !registrations[existingKey].set) {
                registrations[existingKey].set = true;
                document.setIn(["config", REGISTRATIONS, existingKey, "set"], true);
            }
            continue;
        }
        if (registrations[listing.key]) {
            const declared = declaredId(registrations[listing.key]);
            conflicts.push(
                quoted`${`${REGISTRATIONS}.${listing.key}`} is ${declared}, not ${listing.registrationId}: name this one apart (\`<key>=<id>\`)`,
            );
            continue;
        }
        const declaration: RegistrationDeclaration = { registrationId: listing.registrationId, ...(form === "set" ? { set: true } : {}) };
        document.setIn(["config", REGISTRATIONS, listing.key], document.createNode(declaration));
        registrations[listing.key] = declaration;
        stampOf.set(listing.registrationId, listing.key);
    }

    let mappings = 0;
    const undeclared: MergeResult["undeclared"] = [];
    let added = 0;
    let alreadyDeclared = 0;
    for (const listing of listings) {
        const stamp = stampOf.get(listing.registrationId);
        if (!stamp) continue;
        for (const mapping of listing.mappings ?? []) {
            mappings++;
            const bySubscription = Object.entries(tenants).filter(
                ([, t]) => t.customerSubscriptionId === mapping.customerSubscriptionId && (t.stamps ?? []).includes(stamp),
            );
            if (bySubscription.some(([, t]) => t.tenantId.toLowerCase() === mapping.tenantId)) {
                alreadyDeclared++;
                continue;
            }
            if (bySubscription.length > 0) {
                const [key, declared] = bySubscription[0];
                const { customerSubscriptionId, tenantId } = mapping;
                conflicts.push(
                    quoted`${`${TENANTS}.${key}`} maps ${customerSubscriptionId} to tenant ${declared.tenantId} on ${stamp}, Azure to ${tenantId}: correct the file (or let \`pulumi up\` re-point it with allowTenantReassignment)`,
                );
                continue;
            }
            // The same tenant and subscription on another stamp: one entry, one more stamp.
            const sameTenant = Object.entries(tenants).find(
                ([, t]) => t.customerSubscriptionId === mapping.customerSubscriptionId && t.tenantId.toLowerCase() === mapping.tenantId,
            );
            undeclared.push({ stamp, customerSubscriptionId: mapping.customerSubscriptionId, tenantId: mapping.tenantId });
            if (sameTenant) {
                const [key, entry] = sameTenant;
                entry.stamps = [...(entry.stamps ?? []), stamp];
                document.setIn(["config", TENANTS, key, "stamps"], document.createNode(entry.stamps, { flow: true }));
                continue;
            }
            const key = tenantKey(mapping.tenantId, mapping.customerSubscriptionId, tenants);
            tenants[key] = { tenantId: mapping.tenantId, customerSubscriptionId: mapping.customerSubscriptionId, stamps: [stamp] };
            const node = document.createNode(tenants[key]);
            const stamps = node.get("stamps", true);
            if (isSeq(stamps)) stamps.flow = true;
            document.setIn(["config", TENANTS, key], node);
            added++;
        }
    }
    // What was written must be what the root stack accepts.
    if (conflicts.length === 0) planSets(CONFIG_NAMESPACE, planMappings(CONFIG_NAMESPACE, registrations, tenants));
    return { mappings, added, alreadyDeclared, conflicts, undeclared };
}

/** `tenant-<first 8 of the tenant id>`, longer only when taken. */
function tenantKey(tenantId: string, customerSubscriptionId: string, taken: Record<string, unknown>): string {
    const candidates = [
        `tenant-${tenantId.slice(0, 8)}`,
        `tenant-${tenantId.slice(0, 8)}-${customerSubscriptionId.slice(0, 8)}`,
        `tenant-${tenantId}-${customerSubscriptionId.slice(0, 8)}`,
    ];
    return candidates.find((c) => !(c in taken)) ?? `tenant-${tenantId}-${customerSubscriptionId}`;
}

/** The registration's ARM id, whichever way the config names it. */
function declaredRegistrationId(r: RegistrationDeclaration): string {
    return r.registrationId ?? registrationResourceId(r.registrationSubscriptionId ?? "", r.resourceGroup ?? "", r.registrationName ?? "");
}

function declaredId(r: RegistrationDeclaration): string {
    return declaredRegistrationId(r).toLowerCase();
}

function plain<T>(node: unknown): T {
    if (typeof node === "string") return JSON.parse(node) as T;
    const value = node && typeof (node as { toJSON?: unknown }).toJSON === "function" ? (node as { toJSON(): unknown }).toJSON() : node;
    return (value && typeof value === "object" ? structuredClone(value) : {}) as T;
}
