/**
 * The root stack's data model: registrations (one per Azure Stack Hub stamp) and tenants, as the CSP
 * writes them in `Pulumi.<stack>.yaml`, checked and expanded into one mapping per (tenant, stamp); a
 * registration whose config says `set` holds its mappings as one CustomerSubscriptionMappingSet instead.
 * Pure: no Pulumi calls, so it is unit-tested directly. A tenant's fields are the mapping schema's per-entry
 * inputs plus `stamps`; a registration's are its registration-level inputs (mapping/schema.ts) plus `set`.
 */
import { inputsAtLevel, MAPPING_PROPERTIES, type MappingArgs, type PropertySpec } from "../provider/mapping/schema";

/** The root project's name, and so the namespace of its config keys in `Pulumi.<stack>.yaml`. */
export const CONFIG_NAMESPACE = "csp-tenant-mappings";

type RegistrationInput = ReturnType<typeof inputsAtLevel<"registration">>[number];
type EntryInput = ReturnType<typeof inputsAtLevel<"entry">>[number];

/** A stamp: its registration's ARM id or its three coordinates, and the api-version (the registration's inputs). */
export type RegistrationDeclaration = { [K in RegistrationInput]?: string } & {
    /**
     * Manage this registration's mappings as one CustomerSubscriptionMappingSet (docs/sets.md): `true`, or the set's
     * own settings. Absent or false: one CustomerSubscriptionMapping per mapping.
     */
    set?: boolean | SetChoice;
};

/** The settings of a registration's set, as its inputs take them. */
export interface SetChoice {
    undeclared?: string;
    maxDeletions?: number;
}

const SET_FIELDS = ["undeclared", "maxDeletions"];

/** The mappings of one registration whose config says `set`. */
export interface PlannedSet {
    /** The set's resource name: the registration's key. */
    stamp: string;
    /** The registration as the mapping inputs name it (without `set`). */
    registration: Omit<RegistrationDeclaration, "set">;
    choice: SetChoice;
    mappings: PlannedMapping[];
}

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
        } else checkSetChoice(`${namespace}:registrations.${key}.set`, (regs[key] as RegistrationDeclaration).set, problems);
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

function checkSetChoice(where: string, set: unknown, problems: string[]): void {
    if (set === undefined || typeof set === "boolean") return;
    if (typeof set !== "object" || set === null || Array.isArray(set)) {
        problems.push(`${where}: true, false, or a map with ${SET_FIELDS.join(", ")}`);
        return;
    }
    for (const field of Object.keys(set).filter((f) => !SET_FIELDS.includes(f))) {
        problems.push(`${where}.${field}: not a set field (${SET_FIELDS.join(", ")})`);
    }
}

/** The registration as the mapping (or set) inputs name it: the config's own `set` choice left out. */
export function registrationInputs(registration: RegistrationDeclaration): Omit<RegistrationDeclaration, "set"> {
    const { set: _set, ...inputs } = registration;
    return inputs;
}

/**
 * Splits the planned mappings: those of registrations whose config says `set` become one set per registration, the
 * rest stay single mappings. A set holds one entry per customer subscription, so two tenants declaring the same
 * subscription on such a registration are refused here (as single mappings, the second create would be refused).
 */
export function planSets(namespace: string, planned: PlannedMapping[]): { sets: PlannedSet[]; singles: PlannedMapping[] } {
    const sets = new Map<string, PlannedSet>();
    const singles: PlannedMapping[] = [];
    const problems: string[] = [];
    for (const mapping of planned) {
        const choice = mapping.registration.set;
        if (!choice) {
            singles.push(mapping);
            continue;
        }
        let set = sets.get(mapping.stamp);
        if (!set) {
            set = {
                stamp: mapping.stamp,
                registration: registrationInputs(mapping.registration),
                choice: choice === true ? {} : choice,
                mappings: [],
            };
            sets.set(mapping.stamp, set);
        }
        const twin = set.mappings.find((m) => m.customerSubscriptionId === mapping.customerSubscriptionId);
        if (twin) {
            problems.push(
                `${namespace}:tenants.${mapping.tenant}: customer subscription ${mapping.customerSubscriptionId} is also tenant ` +
                    `${twin.tenant}'s on ${mapping.stamp}, whose mappings are a set (one entry per customer subscription)`,
            );
            continue;
        }
        set.mappings.push(mapping);
    }
    if (problems.length > 0) throw new DeclarationError(problems);
    return { sets: [...sets.values()], singles };
}

function asRecord(value: unknown, where: string, problems: string[]): Record<string, unknown> {
    if (value === undefined) return {};
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        problems.push(`${where}: must be a map keyed by name`);
        return {};
    }
    return value as Record<string, unknown>;
}
