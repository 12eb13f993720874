/** What `npm run bench` was asked to do, shared by the orchestrating process and its job processes. */
export interface BenchOptions {
    n: number[];
    runs: number;
    repeat: number;
    latency: number;
    parallel?: number;
    throttledN: number;
    throttled: boolean;
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
