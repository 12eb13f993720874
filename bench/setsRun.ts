/**
 * The registration sets' part of `npm run bench` (bench/sets.ts, setsLimit.ts, setsPeer.ts), each in a job process;
 * and `npm run bench -- --only-sets`, which runs this part alone (the full run takes over an hour on a 2-core machine)
 * and merges it, under `sets`, into the results file already there, so the rest of that run's rows stay beside it.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { runJob } from "./jobs";
import { log, type BenchOptions } from "./options";
import type { BenchResults, SetsResult } from "./results";

export async function measureSets(options: BenchOptions): Promise<SetsResult | undefined> {
    const { n, stamps, ladder, peerN } = options.sets;
    if (n === 0) return undefined;
    const started = new Date().toISOString();
    const scale = await runJob({ kind: "sets-scale", n, stamps }, options);
    const peer = peerN > 0 ? await runJob({ kind: "sets-peer", n: peerN }, options) : undefined;
    const limit = ladder.length > 0 ? await runJob({ kind: "sets-limit", ladder, stamps }, options) : undefined;
    return {
        generatedAt: started,
        command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
        scale,
        ...(peer ? { peer } : {}),
        ...(limit ? { limit } : {}),
    };
}

/** The results file in `out`, to merge a sets-only run into; undefined when there is none yet. */
export function earlierResults(out: string): BenchResults | undefined {
    const file = path.join(out, "latest.json");
    if (!existsSync(file)) return undefined;
    log(`--only-sets: the other rows stay those of ${file} (${JSON.parse(readFileSync(file, "utf8")).generatedAt})`);
    return JSON.parse(readFileSync(file, "utf8")) as BenchResults;
}
