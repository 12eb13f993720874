/**
 * The root stack's data model: registrations (one per Azure Stack Hub stamp) and tenants, as the CSP
 * writes them in `Pulumi.<stack>.yaml`, checked and expanded into one mapping per (tenant, stamp).
 * Pure: no Pulumi calls, so it is unit-tested directly. A tenant's fields are the mapping schema's per-entry
 * inputs plus `stamps`; a registration's are its registration-level inputs (mapping/schema.ts).
 */
import { inputsAtLevel, MAPPING_PROPERTIES, type MappingArgs, type PropertySpec } from "../provider/mapping/schema";

/** The root project's name, and so the namespace of its config keys in `Pulumi.<stack>.yaml`. */
export const CONFIG_NAMESPACE = "csp-tenant-mappings";

type RegistrationInput = ReturnType<typeof inputsAtLevel<"registration">>[number];
type EntryInput = ReturnType<typeof inputsAtLevel<"entry">>[number];

/** A stamp: its registration's ARM id or its three coordinates, and the api-version (the registration's inputs). */
export type RegistrationDeclaration = { [K in RegistrationInput]?: string };

/** A tenant's mapping on each of its stamps: the per-entry inputs, and the keys of `registrations` it uses. */
export type EntryDeclaration = Pick<MappingArgs, EntryInput>;
export type TenantDeclaration = EntryDeclaration & { stamps: string[] };

export type PlannedMapping = EntryDeclaration & {
    /** Stable logical name: `<tenant>@<stamp>`; renaming either key replaces the mapping. */
    logicalName: string;
    tenant: string;
    stamp: string;
    registration: RegistrationDeclaration;
};

const KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const ENTRY_INPUTS = inputsAtLevel("entry");
const specOf = (name: (typeof ENTRY_INPUTS)[number]): PropertySpec => MAPPING_PROPERTIES[name];
const TENANT_FIELDS = [...ENTRY_INPUTS, "stamps"];

export class DeclarationError extends Error {
    constructor(readonly problems: string[]) {
        super(`The stack configuration has ${problems.length} problem(s):\n - ${problems.join("\n - ")}`);
        this.name = "DeclarationError";
    }
}

/**
 * Checks the shape of the configuration (the provider checks the values themselves, at preview) and
 * expands it. Throws one DeclarationError listing every problem, each with its config path.
 */
export function planMappings(namespace: string, registrations: unknown, tenants: unknown): PlannedMapping[] {
    const problems: string[] = [];
    const regs = asRecord(registrations, `${namespace}:registrations`, problems);
    const tens = asRecord(tenants, `${namespace}:tenants`, problems);
    for (const key of Object.keys(regs)) {
        if (!KEY.test(key))
            problems.push(`${namespace}:registrations.${key}: keys are 1-63 letters, digits, '_', '.', '-' (they become resource names)`);
        if (typeof regs[key] !== "object" || regs[key] === null || Array.isArray(regs[key])) {
            problems.push(
                `${namespace}:registrations.${key}: must be a map with registrationId, or registrationSubscriptionId + resourceGroup + registrationName`,
            );
        }
    }
    const planned: PlannedMapping[] = [];
    for (const [key, raw] of Object.entries(tens)) {
        const where = `${namespace}:tenants.${key}`;
        if (!KEY.test(key)) problems.push(`${where}: keys are 1-63 letters, digits, '_', '.', '-' (they become resource names)`);
        if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
            problems.push(`${where}: must be a map with tenantId, customerSubscriptionId and stamps`);
            continue;
        }
        const tenant = raw as Record<string, unknown>;
        for (const field of ENTRY_INPUTS.filter((f) => specOf(f).input === "required")) {
            if (typeof tenant[field] !== "string") problems.push(`${where}.${field}: required, a GUID string`);
        }
        const stamps = tenant.stamps;
        if (!Array.isArray(stamps) || stamps.length === 0 || !stamps.every((s) => typeof s === "string")) {
            problems.push(
                `${where}.stamps: required, a non-empty list of registration keys (${Object.keys(regs).join(", ") || "none declared"})`,
            );
            continue;
        }
        if (new Set(stamps).size !== stamps.length) problems.push(`${where}.stamps: lists a stamp twice`);
        for (const flag of ENTRY_INPUTS.filter((f) => specOf(f).format === "boolean")) {
            if (tenant[flag] !== undefined && typeof tenant[flag] !== "boolean") problems.push(`${where}.${flag}: true or false`);
        }
        for (const field of Object.keys(tenant).filter((f) => !TENANT_FIELDS.includes(f))) {
            problems.push(`${where}.${field}: not a tenant field (${TENANT_FIELDS.join(", ")})`);
        }
        for (const stamp of new Set(stamps as string[])) {
            if (!(stamp in regs)) {
                problems.push(
                    `${where}.stamps: '${stamp}' is not a key of ${namespace}:registrations (${Object.keys(regs).join(", ") || "none declared"})`,
                );
                continue;
            }
            planned.push({
                logicalName: `${key}@${stamp}`,
                tenant: key,
                stamp,
                registration: regs[stamp] as RegistrationDeclaration,
                ...(Object.fromEntries(ENTRY_INPUTS.map((field) => [field, tenant[field]])) as EntryDeclaration),
            });
        }
    }
    if (problems.length > 0) throw new DeclarationError(problems);
    return planned;
}

function asRecord(value: unknown, where: string, problems: string[]): Record<string, unknown> {
    if (value === undefined) return {};
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        problems.push(`${where}: must be a map keyed by name`);
        return {};
    }
    return value as Record<string, unknown>;
}
