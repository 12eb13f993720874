/** bench/results/latest.md: the same results as latest.json, as tables. */
import { setsSection } from "./setsReport";
import type { BenchResults } from "./results";

const seconds = (ms: number) => (ms / 1000).toFixed(2);

export function markdownReport(r: BenchResults): string {
    const lines: string[] = [];
    lines.push(`# Benchmark results`, "");
    lines.push(
        `\`${r.settings.command}\` on ${r.generatedAt.slice(0, 10)}: ${r.machine.cpus} CPUs (${r.machine.cpuModel}), Node ${r.machine.node}, ` +
            `Pulumi ${r.machine.pulumi}; emulator ARM latency ${r.settings.armLatencyMs} ms; engine parallelism ${r.settings.parallel}; ` +
            `${r.settings.runs} run(s), phases that change nothing measured ${r.settings.repeat}× per run; wall times are medians, ` +
            `ratios the median of paired measurements (ours next to the floor); ${r.durationSeconds} s in all. Serialized provider (stored twice per resource): ` +
            `ours ${r.serializedProviderBytes.ours} bytes, the floor's ${r.serializedProviderBytes.floor}.`,
        "",
    );
    lines.push(
        "| N | phase | wall (s) | floor (s) | ratio | ARM req/mapping | by method (per mapping) | token req | provider hosts (calling ARM) | ARM connections | peak RSS ours / floor (MiB) |",
    );
    lines.push("| ---: | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |");
    for (const p of r.phases) {
        const methods =
            Object.entries(p.armRequestsPerMappingByMethod)
                .map(([m, v]) => `${m} ${v}`)
                .join(", ") || "–";
        lines.push(
            `| ${p.n} | ${p.phase} | ${seconds(p.wallMs)} | ${seconds(p.floorWallMs)} | ${p.ratio.toFixed(2)} | ${p.armRequestsPerMapping} | ` +
                `${methods} | ${p.tokenRequests} | ${p.providerProcesses} (${p.providerProcessesCallingArm}) | ${p.armConnections} | ` +
                `${p.providerPeakRssMiB ?? "?"} / ${p.floorProviderPeakRssMiB ?? "?"} |`,
        );
    }
    if ((r.backends ?? []).length > 0) {
        lines.push("", "## State on Azure Blob Storage", "");
        lines.push(
            "Ours again, with the state in a blob container (`azblob://`, Azurite on loopback) instead of the file backend: " +
                "what remote checkpoints cost. Storage requests are the container's, from Azurite's access log (writes: PUT and DELETE).",
            "",
        );
        lines.push("| N | phase | azblob (s) | file (s) | ratio | storage requests (writes) | ARM requests |");
        lines.push("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
        for (const b of r.backends ?? []) {
            lines.push(
                `| ${b.n} | ${b.phase} | ${seconds(b.wallMs)} | ${seconds(b.fileWallMs)} | ${b.ratio.toFixed(2)} | ` +
                    `${b.storageRequests} (${b.storageWrites}) | ${b.armRequests} |`,
            );
        }
    }
    const variants = r.throttledVariants ?? [];
    if (variants.length > 0) {
        const t = variants[0]!;
        lines.push("", `## Throttled bulk create`, "");
        lines.push(
            `\`up\` of a new stack of ${t.n} mappings under the emulator's write bucket (${t.bucket.burst} burst, ` +
                `${t.bucket.refillPerSecond}/s refill; reads at ARM's default 250/25); the bucket cannot admit them in less than ` +
                `${seconds(t.theoreticalMinMs)} s:`,
            "",
        );
        lines.push(
            "| engine | wall (s) | ratio to bucket minimum | write window (s) | window ratio | failures | PUTs sent | 429s | most 429s for one PUT |",
        );
        lines.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (const v of variants) {
            lines.push(
                `| ${v.variant} | ${seconds(v.wallMs)} | ${v.ratio ?? "n/a"} | ${seconds(v.writeWindowMs)} | ` +
                    `${v.writeWindowRatio ?? "n/a"} | ${v.failures} | ${v.putRequests} | ${v.throttledResponses} | ${v.maxThrottledAnswersForOneRequest} |`,
            );
        }
        for (const v of variants) if (v.error) lines.push("", `Error (${v.variant}): ${v.error}`);
        if (t.unthrottledUpWallMs !== undefined) {
            lines.push(
                "",
                `With the engine's defaults the same \`up\` takes ${seconds(t.unthrottledUpWallMs)} s unthrottled ` +
                    `(the floor's: ${seconds(t.floorUpWallMs ?? 0)} s), see the table above.`,
            );
        }
    }
    lines.push(...scaleSection(r), ...engineLimitSection(r), ...peersSection(r), ...setsSection(r));
    lines.push("", "## Targets", "", "| target | N | measured | met |", "| --- | ---: | --- | --- |");
    for (const target of r.targets)
        lines.push(`| ${target.target} | ${target.n ?? ""} | ${target.measured} | ${target.met ? "yes" : "**no**"} |`);
    return `${lines.join("\n")}\n`;
}

const mib = (v: number | undefined) => (v === undefined ? "?" : String(Math.round(v)));

/** The scale rows: one table, the same in latest.md and docs/performance.md. */
export function scaleSection(r: BenchResults): string[] {
    const s = r.scale;
    if (!s) return [];
    const lines = [
        "",
        `## ${s.n.toLocaleString("en-US")} mappings on ${s.stamps} stamps`,
        "",
        `ARM's buckets on (writes ${s.bucket.writes.burst} burst + ${s.bucket.writes.refillPerSecond}/s, reads ${s.bucket.reads.burst} + ` +
            `${s.bucket.reads.refillPerSecond}/s, one registration subscription), ${s.pageSize} mappings per listing page; ours and the floor ` +
            "both with `PULUMI_SKIP_CHECKPOINTS=true` (state written once at the end), so the ratios measure the provider, not the file backend:",
        "",
        "| operation | wall (s) | floor (s) | ratio | ARM requests | listing pages / mapping GETs / writes | 429s | peak RSS ours / floor (MiB) |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ];
    for (const row of s.rows) {
        const detail =
            row.listingPages !== undefined
                ? `${row.listingPages} / ${row.mappingGets} / ${row.writes}`
                : Object.entries(row.armByMethod)
                      .map(([m, v]) => `${m} ${v}`)
                      .join(", ") || "–";
        const vs =
            row.bucketMinimumMs !== undefined
                ? `${seconds(row.bucketMinimumMs)} (bucket minimum)`
                : row.floorWallMs !== undefined
                  ? seconds(row.floorWallMs)
                  : "–";
        const ratio = row.bucketRatio !== undefined ? row.bucketRatio.toFixed(2) : row.ratio !== undefined ? row.ratio.toFixed(2) : "–";
        lines.push(
            `| ${row.label}${row.failures ? ` (${row.failures} failed)` : ""} | ${seconds(row.wallMs)} | ${vs} | ${ratio} | ${row.armRequests} | ${detail} | ` +
                `${row.throttled} | ${mib(row.providerPeakRssMiB)} / ${mib(row.floorProviderPeakRssMiB)} |`,
        );
    }
    const b = s.budgets;
    lines.push(
        "",
        `Request budgets: drift check ${b.driftCheck.measured} of ${b.driftCheck.allowed} allowed (${b.driftCheck.listingPages} listing pages + 2 per stamp); ` +
            `adoption ${b.adoption.measured} of ${b.adoption.allowed}, ${b.adoption.writes ?? "?"} writes.`,
    );
    const l = s.layout;
    if (l)
        lines.push(
            "",
            `One stack per stamp (the same data, ${l.stacks} stacks): the ${l.stamp} stack's \`up\` of ${l.mappings} mappings with the engine's defaults ` +
                `(checkpoints on) takes ${seconds(l.up.wallMs)} s (the floor's ${seconds(l.up.floorWallMs ?? 0)} s), ${l.up.armRequests} ARM requests.`,
        );
    return lines;
}

export function engineLimitSection(r: BenchResults): string[] {
    const e = r.engineLimit;
    if (!e) return [];
    const lines = [
        "",
        "## Where a single stack stops scaling",
        "",
        `\`up\` of a new stack with the engine's defaults (the file backend rewrites the whole state after every step): ` +
            e.points.map((p) => `N = ${p.n}: ${seconds(p.wallMs)} s (floor ${seconds(p.floorWallMs)} s)`).join("; ") +
            ".",
    ];
    if (e.fit && e.nAtTenMinutes) {
        const f = (c: [number, number, number]) => `${Math.round(c[0])} + ${c[1].toFixed(2)}·N + ${c[2].toFixed(5)}·N² ms`;
        lines.push(
            "",
            `${e.method}: ours ${f(e.fit.ours)}, the floor ${f(e.fit.floor)}. A single stack's \`up\` passes 10 minutes at ` +
                `N ≈ ${e.nAtTenMinutes.ours.toLocaleString("en-US")} (the floor's at ${e.nAtTenMinutes.floor.toLocaleString("en-US")}).`,
        );
    } else {
        lines.push("", "Fewer than three values of N were measured: no fit (the full run measures 50, 200 and 500).");
    }
    return lines;
}

export function peersSection(r: BenchResults): string[] {
    const p = r.peers;
    if (!p) return [];
    const lines = [
        "",
        "## Ours next to what CSPs use today",
        "",
        `Same emulator, same latency (${r.settings.armLatencyMs} ms), ${p.n} mappings on two stamps (az: fewer, each call starts Python). ` +
            `ours: the root stack with the engine's defaults; sdk: one Node process calling @azure/arm-azurestack per mapping, ${p.parallel} at a time; ` +
            "az: a bash loop of `az resource create|show|delete`, one mapping at a time.",
        "",
        "| tool | operation | mappings | wall (s) | ms per mapping | ARM requests per mapping |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ];
    for (const row of p.rows) {
        lines.push(
            `| ${row.tool} | ${row.operation} | ${row.n} | ${seconds(row.wallMs)} | ${row.wallMsPerMapping} | ${row.armRequestsPerMapping} |`,
        );
    }
    if (p.ratios.length > 0) {
        lines.push("", "| operation | ours ÷ | wall per mapping | requests per mapping |", "| --- | --- | ---: | ---: |");
        for (const x of p.ratios) lines.push(`| ${x.operation} | ${x.peer} | ${x.wallPerMapping}× | ${x.requestsPerMapping ?? "–"}× |`);
    }
    if (p.azSkipped) lines.push("", `az: not measured in this run (${p.azSkipped}).`);
    return lines;
}
