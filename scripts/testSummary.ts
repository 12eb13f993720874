/**
 * The table `npm test` ends with (scripts/testRun.ts): each group's wall time (from its first file's start
 * to its last file's end; groups overlap) and cases, the whole run's, and the ten slowest cases.
 */
import type { Group, Unit } from "./testGroups";
import type { CaseTiming, GroupTimings } from "./testReporter";

export interface UnitResult {
    unit: Unit;
    code: number;
    /** Epoch milliseconds. */
    started: number;
    ended: number;
    timings: GroupTimings;
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

function table(rows: string[][]): string {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
    const rule = `|${widths.map((w, i) => (i === 0 ? `${"-".repeat(w + 2)}` : `${"-".repeat(w + 1)}:`)).join("|")}|`;
    return [line(rows[0]), rule, ...rows.slice(1).map(line)].join("\n");
}

export function summary(groups: Group[], results: UnitResult[], wallMs: number): string {
    const rows = [["group", "result", "wall", "cases", "passed", "failed", "pending", "hook failures"]];
    const count = (cases: CaseTiming[], outcome: CaseTiming["outcome"]) => String(cases.filter((c) => c.outcome === outcome).length);
    const all: Array<CaseTiming & { group: string }> = [];
    let failed = false;
    for (const group of groups) {
        const mine = results.filter((r) => r.unit.group === group);
        if (mine.length === 0) continue;
        const cases = mine.flatMap((r) => r.timings.cases);
        const hooks = mine.flatMap((r) => r.timings.hookFailures);
        const ok = mine.every((r) => r.code === 0) && hooks.length === 0;
        failed ||= !ok;
        all.push(...cases.map((c) => ({ ...c, group: group.name })));
        const wall = Math.max(...mine.map((r) => r.ended)) - Math.min(...mine.map((r) => r.started));
        rows.push([
            group.name,
            ok ? "passed" : "FAILED",
            seconds(wall),
            String(cases.length),
            count(cases, "passed"),
            count(cases, "failed"),
            count(cases, "pending"),
            String(hooks.length),
        ]);
    }
    rows.push([
        "all",
        failed ? "FAILED" : "passed",
        seconds(wallMs),
        String(all.length),
        count(all, "passed"),
        count(all, "failed"),
        count(all, "pending"),
        "",
    ]);
    const slowest = [...all].sort((a, b) => b.durationMs - a.durationMs).slice(0, 10);
    const clip = (title: string) => (title.length > 110 ? `${title.slice(0, 107)}...` : title);
    const hookLines = results.flatMap((r) => r.timings.hookFailures.map((h) => `  ${r.unit.group.name}: ${h}`));
    return [
        "\nSuite groups (wall time from a group's first start to its last end; groups run side by side):",
        table(rows),
        "\nThe ten slowest cases:",
        table([["case", "group", "time"], ...slowest.map((c) => [clip(c.title), c.group, `${(c.durationMs / 1000).toFixed(1)} s`])]),
        ...(hookLines.length > 0 ? ["\nFailed hooks (their suites' cases did not run):", ...hookLines] : []),
        "",
    ].join("\n");
}
