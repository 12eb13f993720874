/**
 * The reporter `npm test` runs each suite group with: mocha's spec output, unchanged, and every case's file,
 * title, time and outcome written as JSON to the file the reporter option `timings` names, for the table
 * scripts/testRun.ts prints at the end. Works in mocha's parallel mode too (the events arrive serialized).
 *
 *   mocha --reporter dist/scripts/testReporter.js --reporter-option timings=<file> ...
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { reporters, Runner, type Hook, type MochaOptions, type Runnable, type Test } from "mocha";

export interface CaseTiming {
    /** The spec file, relative to the project (e.g. dist/test/unit/docs.test.js). */
    file: string;
    title: string;
    durationMs: number;
    outcome: "passed" | "failed" | "pending";
}

export interface GroupTimings {
    cases: CaseTiming[];
    /** Failures outside a case (a `before` hook), which keep the cases of their suite from running. */
    hookFailures: string[];
}

const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

export default class SpecWithTimings extends reporters.Spec {
    constructor(runner: Runner, options: MochaOptions & { reporterOption?: Record<string, string> }) {
        super(runner, options);
        const output = options.reporterOption?.timings;
        if (!output) return;
        const timings: GroupTimings = { cases: [], hookFailures: [] };
        const record = (test: Runnable, outcome: CaseTiming["outcome"]) =>
            timings.cases.push({
                file: test.file ? path.relative(PROJECT_ROOT, test.file) : "",
                title: test.fullTitle(),
                durationMs: test.duration ?? 0,
                outcome,
            });
        const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Runner.constants;
        runner.on(EVENT_TEST_PASS, (test) => record(test, "passed"));
        runner.on(EVENT_TEST_PENDING, (test) => record(test, "pending"));
        runner.on(EVENT_TEST_FAIL, (test: Test | Hook) => {
            if (test.type === "hook") timings.hookFailures.push(test.fullTitle());
            else record(test, "failed");
        });
        runner.once(EVENT_RUN_END, () => writeFileSync(output, JSON.stringify(timings)));
    }
}
