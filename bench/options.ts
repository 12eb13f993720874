/** What `npm run bench` was asked to do, shared by the orchestrating process and its job processes. */
export interface BenchOptions {
    n: number[];
    runs: number;
    repeat: number;
    latency: number;
    parallel?: number;
    throttledN: number;
    throttled: boolean;
    /** N mappings on `stamps` stamps under ARM's buckets (bench/scale.ts); n 0 = skipped. */
    scale: { n: number; stamps: number };
    /** Ours next to the SDK (n mappings) and az (azN mappings); n 0 = skipped. */
    peers: { n: number; azN: number };
    /**
     * Registration sets: n mappings on `stamps` stamps (n 0 = skipped), the single-stack ladder, one set of peerN beside
     * the SDK script; `only`: nothing else, merged into the results file already in `out` (bench/setsRun.ts).
     */
    sets: { n: number; stamps: number; ladder: number[]; peerN: number; only: boolean };
    out: string;
    quick: boolean;
}

export function log(text: string): void {
    process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
}

export function expect(condition: boolean, what: string): void {
    if (!condition) throw new Error(`benchmark run invalid: ${what}`);
}

export function round(value: number, digits: number): number {
    const f = 10 ** digits;
    return Math.round(value * f) / f;
}

export function maxDefined(values: Array<number | undefined>): number | undefined {
    const defined = values.filter((v): v is number => v !== undefined);
    return defined.length > 0 ? Math.max(...defined) : undefined;
}

export function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
