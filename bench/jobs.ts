/**
 * Each run of the phases and each throttled create runs in a process of its own: the inline programs and
 * the emulator live in the process that drives the engine, and the Pulumi SDK keeps memory across
 * operations (about 10 MiB per operation at N = 200), so a long benchmark in one process would grow to
 * gigabytes and measure its own garbage collector. A job process starts clean and exits when done.
 *
 *   parent: runJob(job, options) -> forks `node dist/bench/jobs.js`, sends the job, awaits the answer
 *   child:  receives the job, runs it, sends the result back, exits
 */
import { fork } from "node:child_process";
import { benchRun, type RunMeasurements } from "./phases";
import type { BenchOptions } from "./options";
import { benchPeers } from "./peers/run";
import type { PeerResult, ScaleResult, SetsLimitResult, SetsPeerResult, SetsScaleResult, ThrottledResult } from "./results";
import { benchScale } from "./scale";
import { benchSetsAtScale } from "./sets";
import { benchSetsLimit } from "./setsLimit";
import { benchSetsPeer } from "./setsPeer";
import { benchThrottled, type ThrottledVariant } from "./throttled";

export type Job =
    | { kind: "run"; n: number; run: number }
    | { kind: "throttled"; n: number; variant: ThrottledVariant }
    | { kind: "scale"; n: number; stamps: number }
    | { kind: "peers"; n: number; azN: number }
    | { kind: "sets-scale"; n: number; stamps: number }
    | { kind: "sets-limit"; ladder: number[]; stamps: number }
    | { kind: "sets-peer"; n: number };

type Answer = { ok: true; value: unknown } | { ok: false; error: string };

export function runJob(job: { kind: "run"; n: number; run: number }, options: BenchOptions): Promise<RunMeasurements>;
export function runJob(job: { kind: "throttled"; n: number; variant: ThrottledVariant }, options: BenchOptions): Promise<ThrottledResult>;
export function runJob(job: { kind: "scale"; n: number; stamps: number }, options: BenchOptions): Promise<ScaleResult>;
export function runJob(job: { kind: "peers"; n: number; azN: number }, options: BenchOptions): Promise<PeerResult>;
export function runJob(job: { kind: "sets-scale"; n: number; stamps: number }, options: BenchOptions): Promise<SetsScaleResult>;
export function runJob(job: { kind: "sets-limit"; ladder: number[]; stamps: number }, options: BenchOptions): Promise<SetsLimitResult>;
export function runJob(job: { kind: "sets-peer"; n: number }, options: BenchOptions): Promise<SetsPeerResult>;
export function runJob(job: Job, options: BenchOptions): Promise<unknown> {
    return new Promise((resolve, reject) => {
        const child = fork(__filename, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
        let answer: Answer | undefined;
        child.on("message", (message: Answer) => {
            answer = message;
        });
        child.on("error", reject);
        child.on("exit", (code) => {
            if (answer?.ok) resolve(answer.value);
            else reject(new Error(answer && !answer.ok ? answer.error : `the benchmark job ${JSON.stringify(job)} exited with ${code}`));
        });
        child.send({ job, options });
    });
}

async function serve(message: { job: Job; options: BenchOptions }): Promise<unknown> {
    const { job, options } = message;
    switch (job.kind) {
        case "run":
            return benchRun(job.n, job.run, options);
        case "throttled":
            return benchThrottled(job.n, options, job.variant);
        case "scale":
            return benchScale(job.n, job.stamps, options);
        case "peers":
            return benchPeers(job.n, job.azN, options);
        case "sets-scale":
            return benchSetsAtScale(job.n, job.stamps, options);
        case "sets-limit":
            return benchSetsLimit(job.ladder, job.stamps, options);
        case "sets-peer":
            return benchSetsPeer(job.n, options);
    }
}

if (require.main === module) {
    process.once("message", (message: { job: Job; options: BenchOptions }) => {
        serve(message).then(
            (value) => process.send!({ ok: true, value } satisfies Answer, () => process.exit(0)),
            (error) =>
                process.send!(
                    { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Answer,
                    () => process.exit(1),
                ),
        );
    });
}
