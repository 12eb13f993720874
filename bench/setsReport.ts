/**
 * The registration sets' section of latest.md and docs/performance.md: the rows at scale with the single mappings'
 * figures of the same results file beside them, the single-stack ladder, and one set beside the SDK script.
 */
import type { BenchResults, ScaleRow, SetRow } from "./results";

const seconds = (ms: number | undefined) => (ms === undefined ? "–" : (ms / 1000).toFixed(2));

/** The single mappings' scale row that measured the same operation (bench/scale.ts), if this results file has one. */
function singles(r: BenchResults, row: SetRow): ScaleRow | undefined {
    if (row.backend !== "file" || !r.scale || r.scale.n !== row.n) return undefined;
    const prefix = { up: "up: create all", "no-change": "no-change preview", drift: "drift check", adoption: "adoption" }[
        row.label as string
    ];
    return prefix ? r.scale.rows.find((s) => s.label.startsWith(prefix)) : undefined;
}

export function setsSection(r: BenchResults): string[] {
    const sets = r.sets;
    if (!sets) return [];
    const lines = ["", "## Registration sets", "", `Measured ${sets.generatedAt.slice(0, 10)} by \`${sets.command}\`.`];
    const s = sets.scale;
    if (s) {
        lines.push(
            "",
            `${s.n.toLocaleString("en-US")} mappings on ${s.stamps} stamps as one \`CustomerSubscriptionMappingSet\` per stamp, in one stack, ` +
                "the engine's defaults (checkpoints on), ARM's buckets on " +
                `(writes ${s.bucket.writes.burst} burst + ${s.bucket.writes.refillPerSecond}/s), ${s.pageSize} mappings per listing page; ` +
                `${s.handMade} mappings made by hand before the warn, fail and adoption rows. Beside them, the single mappings' ` +
                "row of the same operation from the scale rows above (one resource per mapping, measured with checkpoints off):",
            "",
            "| operation | backend | wall (s) | ARM requests (allowed) | writes | ÷ bucket minimum | found | single mappings: wall (s) / ARM requests |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
        );
        for (const row of s.rows) {
            const single = singles(r, row);
            lines.push(
                `| ${row.label}${row.failures ? ` (${row.failures} failed)` : ""} | ${row.backend} | ${seconds(row.wallMs)} | ` +
                    `${row.armRequests}${row.allowedRequests !== undefined ? ` (${row.allowedRequests})` : ""} | ${row.writes} | ` +
                    `${row.bucketRatio ?? "–"} | ${row.found ?? "–"} | ${single ? `${seconds(single.wallMs)} / ${single.armRequests}` : "–"} |`,
            );
        }
        for (const row of s.rows) if (row.error) lines.push("", `Error (${row.label}): ${row.error}`);
    }
    const l = sets.limit;
    if (l) {
        lines.push(
            "",
            `One stack of sets on ${l.stamps} stamps, without throttling, the engine's defaults: \`up\` creating all N, then a ` +
                "no-change preview and a drift check, on a ladder of N that stops at the first step over 10 minutes.",
            "",
            "| N | up (s) | no-change preview (s) | drift check (s) | within 10 minutes |",
            "| ---: | ---: | ---: | ---: | --- |",
            ...l.ladder.map(
                (x) =>
                    `| ${x.n.toLocaleString("en-US")} | ${seconds(x.upMs)} | ${seconds(x.noChangeMs)} | ${seconds(x.driftMs)} | ` +
                    `${x.withinLimit ? "yes" : `**no**${x.error ? ` (${x.error})` : ""}`} |`,
            ),
            "",
            l.largestN !== undefined
                ? `Largest N measured within 10 minutes: ${l.largestN.toLocaleString("en-US")}` +
                      (l.ladder.every((x) => x.withinLimit) ? " (the largest tried; larger N were not measured)." : ".")
                : "No N of the ladder finished within 10 minutes.",
        );
    }
    const p = sets.peer;
    if (p) {
        lines.push(
            "",
            `One set creating ${p.n.toLocaleString("en-US")} mappings without throttling: ${seconds(p.oursWallMs)} s (\`pulumi up\` of a new ` +
                `stack, from its start to the summary it prints last, ${p.oursArmRequests} ARM requests), the SDK script at the same concurrency (${p.parallel}) ` +
                `${seconds(p.sdkWallMs)} s (${p.sdkArmRequests} requests): ${p.ratio}×.`,
        );
    }
    return lines;
}
