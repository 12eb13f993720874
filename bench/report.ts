/** bench/results/latest.md: the same results as latest.json, as tables. */
import type { BenchResults } from "./results";

const seconds = (ms: number) => (ms / 1000).toFixed(2);

export function markdownReport(r: BenchResults): string {
    const lines: string[] = [];
    lines.push(`# Benchmark results`, "");
    lines.push(`\`${r.settings.command}\` on ${r.generatedAt.slice(0, 10)}: ${r.machine.cpus} CPUs (${r.machine.cpuModel}), Node ${r.machine.node}, ` +
        `Pulumi ${r.machine.pulumi}; emulator ARM latency ${r.settings.armLatencyMs} ms; engine parallelism ${r.settings.parallel}; ` +
        `${r.settings.runs} run(s), phases that change nothing measured ${r.settings.repeat}× per run; wall times are medians, ` +
        `ratios the median of paired measurements (ours next to the floor); ${r.durationSeconds} s in all. Serialized provider (stored twice per resource): ` +
        `ours ${r.serializedProviderBytes.ours} bytes, the floor's ${r.serializedProviderBytes.floor}.`, "");
    lines.push("| N | phase | wall (s) | floor (s) | ratio | ARM req/mapping | by method (per mapping) | token req | provider hosts (calling ARM) | ARM connections | peak RSS ours / floor (MiB) |");
    lines.push("| ---: | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |");
    for (const p of r.phases) {
        const methods = Object.entries(p.armRequestsPerMappingByMethod).map(([m, v]) => `${m} ${v}`).join(", ") || "–";
        lines.push(`| ${p.n} | ${p.phase} | ${seconds(p.wallMs)} | ${seconds(p.floorWallMs)} | ${p.ratio.toFixed(2)} | ${p.armRequestsPerMapping} | ` +
            `${methods} | ${p.tokenRequests} | ${p.providerProcesses} (${p.providerProcessesCallingArm}) | ${p.armConnections} | ` +
            `${p.providerPeakRssMiB ?? "?"} / ${p.floorProviderPeakRssMiB ?? "?"} |`);
    }
    if ((r.backends ?? []).length > 0) {
        lines.push("", "## State on Azure Blob Storage", "");
        lines.push("Ours again, with the state in a blob container (`azblob://`, Azurite on loopback) instead of the file backend: " +
            "what remote checkpoints cost. Storage requests are the container's, from Azurite's access log (writes: PUT and DELETE).", "");
        lines.push("| N | phase | azblob (s) | file (s) | ratio | storage requests (writes) | ARM requests |");
        lines.push("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
        for (const b of r.backends ?? []) {
            lines.push(`| ${b.n} | ${b.phase} | ${seconds(b.wallMs)} | ${seconds(b.fileWallMs)} | ${b.ratio.toFixed(2)} | ` +
                `${b.storageRequests} (${b.storageWrites}) | ${b.armRequests} |`);
        }
    }
    const variants = r.throttledVariants ?? [];
    if (variants.length > 0) {
        const t = variants[0]!;
        lines.push("", `## Throttled bulk create`, "");
        lines.push(`\`up\` of a new stack of ${t.n} mappings under the emulator's write bucket (${t.bucket.burst} burst, ` +
            `${t.bucket.refillPerSecond}/s refill; reads at ARM's default 250/25); the bucket cannot admit them in less than ` +
            `${seconds(t.theoreticalMinMs)} s:`, "");
        lines.push("| engine | wall (s) | ratio to bucket minimum | write window (s) | window ratio | failures | PUTs sent | 429s | most 429s for one PUT |");
        lines.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (const v of variants) {
            lines.push(`| ${v.variant} | ${seconds(v.wallMs)} | ${v.ratio ?? "n/a"} | ${seconds(v.writeWindowMs)} | ` +
                `${v.writeWindowRatio ?? "n/a"} | ${v.failures} | ${v.putRequests} | ${v.throttledResponses} | ${v.maxThrottledAnswersForOneRequest} |`);
        }
        for (const v of variants) if (v.error) lines.push("", `Error (${v.variant}): ${v.error}`);
        if (t.unthrottledUpWallMs !== undefined) {
            lines.push("", `With the engine's defaults the same \`up\` takes ${seconds(t.unthrottledUpWallMs)} s unthrottled ` +
                `(the floor's: ${seconds(t.floorUpWallMs ?? 0)} s), see the table above.`);
        }
    }
    lines.push("", "## Targets", "", "| target | N | measured | met |", "| --- | ---: | --- | --- |");
    for (const target of r.targets) lines.push(`| ${target.target} | ${target.n ?? ""} | ${target.measured} | ${target.met ? "yes" : "**no**"} |`);
    return `${lines.join("\n")}\n`;
}
