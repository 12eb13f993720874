/**
 * Shared by the reliability suites: generated stack data, a clean emulator world, the convergence check
 * (emulator = declared = state, nothing lost, duplicated or stray), request figures from the emulator's
 * log, the figures table printed at the end of a suite, and killing a process tree the way a dying CI
 * runner does.
 */
import { readdirSync, readFileSync } from "node:fs";
import type { EmulatorSeed, RequestLogEntry, RunningEmulator } from "../../emulator";
import { approvedRegistration, C, PARTNER, REGISTRATION_SUBSCRIPTION, RG, T } from "../support/fixtures";
import type { EngineStack, StackData } from "../support/engineStack";
import type { SetChoice } from "../../program/declarations";

export const EAST = "azurestack-rel-east";
export const WEST = "azurestack-rel-west";
export const stampRef = (name: string) => ({ subscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RG, name });

/** Two clean pay-as-you-use registrations and `customers` CSP subscriptions C(i) of tenants T(i). */
export function reliabilitySeed(customers = 80, extra: Partial<EmulatorSeed> = {}): EmulatorSeed {
    return {
        registrations: [approvedRegistration(EAST), approvedRegistration(WEST)],
        customerSubscriptions: Array.from({ length: customers }, (_, i) => ({
            id: C(i + 1),
            tenantId: T(i + 1),
            cspPartner: PARTNER,
            isCsp: true,
        })),
        ...extra,
    } as EmulatorSeed;
}

/**
 * The root stack's data for `count` mappings: tenants t01.. each on both stamps (east, west), so
 * `count / 2` tenants; `first` offsets the customer numbers (two stacks use disjoint ranges).
 */
export function generatedData(count: number, first = 1): StackData {
    const tenants: StackData["tenants"] = {};
    for (let i = 0; i < count / 2; i++) {
        const n = first + i;
        tenants[`t${String(n).padStart(3, "0")}`] = { tenantId: T(n), customerSubscriptionId: C(n), stamps: ["east", "west"] };
    }
    return {
        registrations: {
            east: { registrationSubscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RG, registrationName: EAST },
            west: { registrationSubscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RG, registrationName: WEST },
        },
        tenants,
    };
}

/** One mapping as `<registration>|<subscription>=<tenant>`, the form every comparison below uses. */
export type MappingKey = string;
const key = (registration: string, subscription: string, tenant: string): MappingKey =>
    `${registration}|${subscription}=${tenant.toLowerCase()}`;

export function declaredMappings(data: StackData): MappingKey[] {
    const names: Record<string, string> = {};
    for (const [stamp, reg] of Object.entries(data.registrations))
        names[stamp] = reg.registrationName ?? reg.registrationId!.split("/").pop()!;
    return Object.values(data.tenants)
        .flatMap((t) => t.stamps.map((s) => key(names[s], t.customerSubscriptionId, t.tenantId)))
        .sort();
}

export function emulatorMappings(emulator: RunningEmulator, registrations = [EAST, WEST]): MappingKey[] {
    return registrations.flatMap((r) => emulator.state.mappings(stampRef(r)).map((m) => key(r, m.subscriptionId, m.tenantId))).sort();
}

/** The mappings the emulator holds now, as "<registration>|<customer subscription>" (tenant left out). */
export function existingMappings(emulator: RunningEmulator): Set<string> {
    return new Set(emulatorMappings(emulator).map((m) => m.split("=")[0]));
}

/**
 * The successful PUTs that arrived from `since` on to a mapping of `existed` (existingMappings), by path. By arrival
 * time, not by position in the log: the emulator logs a request when its answer ends, so a killed run's last PUTs
 * (applied at once, answered late to a dead client) can be logged after a re-run has started.
 */
export function rewritesSince(emulator: RunningEmulator, existed: Set<string>, since: number): string[] {
    const mappingOf = (p: string) => /registrations\/([^/]+)\/customerSubscriptions\/([^/?]+)/.exec(p)?.slice(1).join("|") ?? "";
    return emulator
        .requestLog()
        .filter((r) => Date.parse(r.time) >= since && r.method === "PUT" && r.status < 300 && existed.has(mappingOf(r.path)))
        .map((r) => r.path);
}

/** A stack whose file-backend checkpoint can be read (EngineStack, ProcessStack). */
export interface HasState {
    stateText(): string;
}

export interface StateSummary {
    mappings: MappingKey[];
    ids: string[];
    pendingOperations: { type: string; urn: string }[];
}

/**
 * The mappings of a stack's checkpoint, each CustomerSubscriptionMapping and each entry a CustomerSubscriptionMappingSet
 * manages (with the mapping's id), and its pending operations.
 */
export function stateSummary(stack: HasState): StateSummary {
    const deployment = JSON.parse(stack.stateText()).checkpoint.latest ?? {};
    const resources = (deployment.resources ?? []).filter((r: any) => r.type.endsWith("CustomerSubscriptionMapping"));
    const entries = (deployment.resources ?? [])
        .filter((r: any) => r.type.endsWith("CustomerSubscriptionMappingSet"))
        .flatMap((set: any) =>
            Object.entries(set.outputs.mappings ?? {}).map(([subscription, entry]: [string, any]) => ({
                mapping: key(set.outputs.registrationName, subscription, typeof entry === "string" ? entry : entry.tenantId),
                id: `${set.id}/${subscription}`,
            })),
        );
    return {
        mappings: [
            ...resources.map((r: any) => key(r.outputs.registrationName, r.outputs.customerSubscriptionId, r.outputs.tenantId)),
            ...entries.map((e: { mapping: string }) => e.mapping),
        ].sort(),
        ids: [...resources.map((r: any) => r.id as string), ...entries.map((e: { id: string }) => e.id)],
        pendingOperations: (deployment.pending_operations ?? []).map((p: any) => ({ type: p.type, urn: p.resource.urn })),
    };
}

/** The same stack data with every registration's mappings held as one set (`set`: true, or these settings). */
export function asSets(data: StackData, set: boolean | SetChoice = true): StackData {
    return {
        ...data,
        registrations: Object.fromEntries(Object.entries(data.registrations).map(([stamp, r]) => [stamp, { ...r, set }])),
    };
}

/**
 * Everything that would make the stack not converged, as readable lines (empty when converged): the
 * emulator holds exactly the declared mappings (right tenant, no duplicate spelling, nothing stray), and
 * the state holds exactly what the emulator holds, with no pending operation left.
 */
export function convergenceProblems(emulator: RunningEmulator, stack: HasState, data: StackData, registrations = [EAST, WEST]): string[] {
    const declared = declaredMappings(data);
    const actual = emulatorMappings(emulator, registrations);
    const state = stateSummary(stack);
    const problems: string[] = [];
    for (const m of declared) if (!actual.includes(m)) problems.push(`LOST: declared ${m} is not in the emulator`);
    for (const m of actual) if (!declared.includes(m)) problems.push(`STRAY: the emulator holds ${m}, which is not declared`);
    const lower = actual.map((m) => m.split("=")[0].toLowerCase());
    for (const m of new Set(lower.filter((x, i) => lower.indexOf(x) !== i))) problems.push(`DUPLICATE: ${m} is held more than once`);
    for (const m of actual) if (!state.mappings.includes(m)) problems.push(`UNTRACKED: ${m} is in the emulator but not in state`);
    for (const m of state.mappings) if (!actual.includes(m)) problems.push(`PHANTOM: state holds ${m}, the emulator does not`);
    const ids = state.ids.map((id) => id.toLowerCase());
    for (const id of new Set(ids.filter((x, i) => ids.indexOf(x) !== i))) problems.push(`DUPLICATE: two resources in state have id ${id}`);
    for (const p of state.pendingOperations) problems.push(`PENDING: ${p.type} ${p.urn}`);
    return problems;
}

export interface RequestFigures {
    /** ARM requests the provider sent (every attempt). */
    attempts: number;
    /** Attempts beyond the first of each logical request (same x-ms-client-request-id). */
    retries: number;
    /** The most attempts any one logical request took. */
    maxAttemptsPerRequest: number;
    /** Requests a fault rule applied to, 429s included. */
    faulted: number;
    /** 401 answers (expired token). */
    unauthorized: number;
    tokenRequests: number;
    puts: number;
    /** 412 answers: a create-only PUT that met an existing mapping (e.g. its own earlier attempt). */
    preconditionFailed: number;
}

export function requestFigures(log: RequestLogEntry[]): RequestFigures {
    const arm = log.filter((r) => r.kind === "arm");
    const perRequest = new Map<string, number>();
    for (const r of arm) {
        const id = r.clientRequestId ?? r.requestId;
        perRequest.set(id, (perRequest.get(id) ?? 0) + 1);
    }
    return {
        attempts: arm.length,
        retries: arm.length - perRequest.size,
        maxAttemptsPerRequest: Math.max(0, ...perRequest.values()),
        faulted: arm.filter((r) => (r.fault !== undefined && r.fault !== "latency") || r.status === 429).length,
        unauthorized: arm.filter((r) => r.status === 401).length,
        tokenRequests: log.filter((r) => r.kind === "token").length,
        puts: arm.filter((r) => r.method === "PUT").length,
        preconditionFailed: arm.filter((r) => r.status === 412).length,
    };
}

/** A table of figures, printed by a suite's `after` hook (the end of the run). */
export class FiguresTable {
    readonly rows: Record<string, string | number>[] = [];

    constructor(readonly title: string) {}

    add(row: Record<string, string | number>): void {
        this.rows.push(row);
    }

    render(): string {
        if (this.rows.length === 0) return `${this.title}: no figures recorded\n`;
        const columns = [...new Set(this.rows.flatMap((r) => Object.keys(r)))];
        const cell = (v: unknown) => (v === undefined ? "" : String(v));
        const widths = columns.map((c) => Math.max(c.length, ...this.rows.map((r) => cell(r[c]).length)));
        const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i])).join(" | ")} |`;
        return (
            [
                `\n${this.title}`,
                line(columns),
                line(widths.map((w) => "-".repeat(w))),
                ...this.rows.map((r) => line(columns.map((c) => cell(r[c])))),
            ].join("\n") + "\n"
        );
    }

    print(): void {
        console.log(this.render());
    }
}

/** Pids of every process below `pid` (children first-level, then theirs), read from /proc. */
export function descendants(pid: number): number[] {
    const children = new Map<number, number[]>();
    for (const entry of readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
            const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
            children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
        } catch {
            // the process exited meanwhile
        }
    }
    const out: number[] = [];
    const walk = (p: number) => {
        for (const child of children.get(p) ?? []) {
            out.push(child);
            walk(child);
        }
    };
    walk(pid);
    return out;
}

export function commandLine(pid: number): string[] {
    try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    } catch {
        return [];
    }
}

/**
 * SIGKILLs the `pulumi <command>` CLI this process started and every process below it (the
 * dynamic-provider host), all at once, as when a CI runner or a laptop dies. Returns what it killed.
 */
export function killPulumiTree(command: string): { cli: number; killed: number[] } {
    const cli = descendants(process.pid).find((pid) => {
        const argv = commandLine(pid);
        return /(^|\/)pulumi$/.test(argv[0] ?? "") && argv.includes(command);
    });
    if (cli === undefined) throw new Error(`no running 'pulumi ${command}' below this process`);
    const tree = [cli, ...descendants(cli)];
    for (const pid of tree) {
        try {
            process.kill(pid, "SIGKILL");
        } catch {
            // already gone
        }
    }
    return { cli, killed: tree };
}

/**
 * Resolves once `condition()` holds, checking every 50 ms (a count-based trigger, not a timing assertion),
 * for as long as `watched` (the operation expected to make it hold) runs: fails as soon as that has ended
 * without it. No clock decides: on a loaded machine the operation takes longer, not a different course (the
 * case's own timeout still bounds it).
 */
export async function until(condition: () => boolean, what: string, watched: Promise<unknown>): Promise<void> {
    let ended = false;
    void watched.then(
        () => (ended = true),
        () => (ended = true),
    );
    while (!condition()) {
        if (ended) throw new Error(`gave up waiting for ${what}: the operation ended first`);
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Defaults of provider/settings: one attempt, then transient, throttle and one token retry at most. */
export const MAX_ATTEMPTS = 1 + 6 + 30 + 1;

export interface RunOutcome {
    ok: boolean;
    ms: number;
    error?: string;
}

/** `pulumi up` through the Automation API, timed; a failure is an outcome (with what the CLI said), not a throw. */
export async function upOutcome(stack: EngineStack, options: Parameters<EngineStack["stack"]["up"]>[0] = {}): Promise<RunOutcome> {
    const started = Date.now();
    try {
        await stack.stack.up({ onOutput: stack.onOutput, ...options });
        return { ok: true, ms: Date.now() - started };
    } catch (error) {
        return { ok: false, ms: Date.now() - started, error: errorSummary(error) };
    }
}

/** What the CLI printed when a command failed, the last 6,000 characters. */
export function errorSummary(error: unknown): string {
    const e = error as { commandResult?: { stdout: string; stderr: string }; message?: string };
    const text = `${e.commandResult?.stderr ?? ""}\n${e.commandResult?.stdout ?? ""}\n${e.message ?? String(error)}`;
    return text.length > 6000 ? `…${text.slice(-6000)}` : text;
}
