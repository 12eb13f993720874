/**
 * `azs-mappings drift-report`: reads what `pulumi preview --refresh --expect-no-changes --json` printed and
 * says which mappings differ from the stack, how, and what `pulumi up` would do about it, as Markdown.
 *
 * What the preview JSON holds (Pulumi 3.259, checked against captured output in test/unit/fixtures): one
 * `refresh` step per resource in state, carrying the state as it was *before* the refresh (old and new
 * alike); then the plan computed from the refreshed state. So a mapping deleted in Azure has a refresh step
 * and then a `create`, and a re-pointed one an `update` whose oldState is what Azure holds now.
 */
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { mdGuid, mdValue } from "./markdown";
import type { DriftedMapping, DriftKind, PreviewDigest, PreviewState, PreviewStep } from "./previewDigest";
import { setDrift } from "./setDrift";

export type { DriftedMapping, DriftKind, PreviewDigest } from "./previewDigest";

const MAPPING_TYPE_SUFFIX = ":CustomerSubscriptionMapping";

export interface DriftReport {
    /** Mappings the refresh read (those in state). */
    mappingsChecked: number;
    drifted: DriftedMapping[];
    /** Error diagnostics: the preview itself failed, so the report is incomplete. */
    errors: string[];
}

/** The steps that change something; `same`, `refresh` and `read` do not. */
const NO_CHANGE_OPS = new Set(["same", "refresh", "read"]);
/** The two halves of a replacement are reported once, by the `replace` step. */
const REPLACEMENT_PARTS = new Set(["create-replacement", "delete-replaced", "discard-replaced"]);
const COMPARED_INPUTS = ["customerSubscriptionId", "registrationId"];

export function parsePreviewJson(text: string): PreviewDigest {
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (error) {
        throw new Error(`not the JSON of \`pulumi preview --json\`: ${(error as Error).message}`);
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed) || !("steps" in parsed || "diagnostics" in parsed)) {
        throw new Error("not the JSON of `pulumi preview --json`: no steps and no diagnostics");
    }
    return parsed as PreviewDigest;
}

export function driftReport(preview: PreviewDigest): DriftReport {
    const steps = (preview.steps ?? []).filter((step) => isMapping(step));
    const recorded = new Map(steps.filter((s) => s.op === "refresh").map((s) => [s.urn, s.oldState ?? undefined]));
    const sets = setDrift(preview);
    const drifted = steps
        .filter((step) => !NO_CHANGE_OPS.has(step.op) && !REPLACEMENT_PARTS.has(step.op))
        .map((step) => describe(step, recorded.get(step.urn)))
        .concat(sets.drifted)
        .sort((a, b) => a.name.localeCompare(b.name));
    // The engine repeats a provider's error per resource, several lines each: one line per resource is enough here.
    const errors = [
        ...new Set(
            (preview.diagnostics ?? [])
                .filter((d) => d.severity === "error")
                .map((d) => `${d.urn ? `${nameOf(d.urn)}: ` : ""}${(d.message ?? "").trim().split("\n")[0]}`),
        ),
    ];
    return { mappingsChecked: recorded.size + sets.checked, drifted, errors };
}

function isMapping(step: PreviewStep): boolean {
    const type = step.newState?.type ?? step.oldState?.type ?? step.urn.split("::")[2] ?? "";
    return type.endsWith(MAPPING_TYPE_SUFFIX);
}

function describe(step: PreviewStep, recordedState: PreviewState | undefined): DriftedMapping {
    const declared = step.newState?.inputs;
    const inAzure = step.oldState?.outputs; // after the refresh
    const recorded = recordedState?.outputs;
    const source = declared ?? inAzure ?? recorded ?? {};
    const mapping: DriftedMapping = {
        name: nameOf(step.urn),
        kind: kindOf(step, recordedState),
        id: step.oldState?.id ?? recordedState?.id,
        customerSubscriptionId: text(source.customerSubscriptionId),
        registrationName: text(source.registrationId)?.split("/").pop() ?? text(source.registrationName),
        declaredTenantId: text(declared?.tenantId),
        azureTenantId: text(inAzure?.tenantId),
        recordedTenantId: text(recorded?.tenantId),
        otherDifferences:
            declared && inAzure
                ? COMPARED_INPUTS.filter((key) => text(declared[key])?.toLowerCase() !== text(inAzure[key])?.toLowerCase())
                : [],
        plannedOperation: step.op,
    };
    if (mapping.kind === "changed-outside-pulumi" && mapping.otherDifferences.length === 0) {
        mapping.otherDifferences = differingKeys(recorded, inAzure);
    }
    return mapping;
}

function kindOf(step: PreviewStep, recordedState: PreviewState | undefined): DriftKind {
    const wasInState = recordedState !== undefined;
    if (step.op === "create") return wasInState ? "deleted-outside-pulumi" : "declared-but-not-created";
    if (step.op === "delete") return "no-longer-declared";
    const recordedTenant = text(recordedState?.outputs?.tenantId);
    const azureTenant = text(step.oldState?.outputs?.tenantId);
    if (wasInState && recordedTenant !== azureTenant) return "tenant-repointed-outside-pulumi";
    if (wasInState && differingKeys(recordedState?.outputs, step.oldState?.outputs).length > 0) return "changed-outside-pulumi";
    return "declared-change-not-applied";
}

/** Inputs (not etag or timestamps, which change with every write) that differ between two states. */
function differingKeys(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): string[] {
    if (!a || !b) return [];
    return ["tenantId", ...COMPARED_INPUTS].filter((key) => text(a[key])?.toLowerCase() !== text(b[key])?.toLowerCase());
}

function nameOf(urn: string): string {
    return urn.split("::").pop() ?? urn;
}

function text(value: unknown): string | undefined {
    return typeof value === "string" ? value : undefined;
}

const KIND_TEXT: Record<DriftKind, string> = {
    "deleted-outside-pulumi": "deleted outside Pulumi",
    "tenant-repointed-outside-pulumi": "tenant re-pointed outside Pulumi",
    "changed-outside-pulumi": "changed outside Pulumi",
    "declared-change-not-applied": "declared change not applied yet",
    "declared-but-not-created": "declared, never created",
    "no-longer-declared": "in the stack, no longer declared",
    undeclared: "in Azure, not declared by the set",
};

const PLANNED_TEXT: Record<string, string> = {
    create: "create it",
    update: "update it to the declared tenant",
    replace: "replace it",
    delete: "delete it",
    none: "nothing (`undeclared: warn`)",
};

/** The report as Markdown, for the job summary, an issue or a terminal. */
export function renderMarkdown(report: DriftReport, title = "Tenant mapping drift"): string {
    const lines: string[] = [];
    if (report.errors.length > 0) {
        lines.push(`## ${title}: the preview failed`, "", "The drift check could not complete; the list below may be incomplete.", "");
        for (const error of report.errors) lines.push(`- ${mdValue(error)}`);
        lines.push("");
    }
    if (report.drifted.length === 0) {
        if (report.errors.length === 0) {
            lines.push(
                `## ${title}: none`,
                "",
                `All ${report.mappingsChecked} mapping(s) in the stack match Azure and the declaration.`,
                "",
            );
        }
        return lines.join("\n");
    }
    lines.push(
        `## ${title}: ${report.drifted.length} mapping(s)`,
        "",
        `${report.drifted.length} of the stack's mappings differ from what is declared (${report.mappingsChecked} checked in Azure).`,
        "",
        "| Mapping | Registration | Customer subscription | What changed | Declared tenant | Tenant in Azure | `pulumi up` would |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    );
    // Every value read from the preview (and so from Azure or state) goes through mdValue or mdGuid; the rest is our own text.
    const value = (v: string | undefined) => (v === undefined ? "" : mdValue(v, "table"));
    const guid = (v: string | undefined) => (v === undefined ? "" : mdGuid(v, "table"));
    for (const m of report.drifted) {
        const what = KIND_TEXT[m.kind] + (m.otherDifferences.length > 0 ? ` (${m.otherDifferences.join(", ")})` : "");
        const azure =
            m.kind === "deleted-outside-pulumi" ? "none (deleted)" : m.kind === "declared-but-not-created" ? "none" : guid(m.azureTenantId);
        const planned =
            m.kind === "deleted-outside-pulumi" ? "re-create it" : (PLANNED_TEXT[m.plannedOperation] ?? value(m.plannedOperation));
        lines.push(
            `| ${[
                value(m.name),
                value(m.registrationName),
                guid(m.customerSubscriptionId),
                what,
                guid(m.declaredTenantId),
                azure,
                planned,
            ].join(" | ")} |`,
        );
    }
    lines.push(
        "",
        "Restore the declared mappings with `pulumi up --refresh`, or change `Pulumi.<stack>.yaml` to accept what Azure holds.",
        "",
    );
    return lines.join("\n");
}

export function registerDriftReport(program: Command): void {
    program
        .command("drift-report")
        .description(
            "Report the mappings a `pulumi preview --refresh --expect-no-changes --json` found drifted, as Markdown " +
                "(also appended to $GITHUB_STEP_SUMMARY when set). Exit code 1 on drift, 2 if the preview failed or the file is not its JSON.",
        )
        .argument("<preview.json>", "the output of `pulumi preview --refresh --expect-no-changes --json` (- for stdin)")
        .option("--output <file>", "also write the report to this file")
        .option("--title <title>", "the report's heading", "Tenant mapping drift")
        .action((file: string, options: { output?: string; title: string }) => {
            const report = driftReport(parsePreviewJson(readFileSync(file === "-" ? 0 : file, "utf8")));
            const markdown = renderMarkdown(report, options.title);
            process.stdout.write(markdown);
            if (options.output) writeFileSync(options.output, markdown);
            if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, markdown);
            process.exitCode = report.errors.length > 0 ? 2 : report.drifted.length > 0 ? 1 : 0;
        });
}
