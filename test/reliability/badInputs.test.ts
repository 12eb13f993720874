/**
 * The bad-input corpus (data/bad-inputs.json): every case is refused at preview with a message naming the
 * input (or the environment variable), and the emulator's request log shows zero requests for it, not even
 * for a token. Every case goes through the real dynamic-provider host over gRPC (as the engine drives it,
 * which pins the failing property exactly) and through `pulumi preview` of a program declaring the mapping
 * (what a user sees). Control cases show the same set-ups do reach the emulator with valid input.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { CustomerSubscriptionMapping } from "../../provider";
import { PROJECT_ROOT } from "../../runner/engine";
import { EngineStack, expectCliFailure } from "../support/engineStack";
import { ProviderHost } from "../support/providerHost";
import { FiguresTable, reliabilitySeed } from "./harness";

interface BadInput {
    category: string;
    name: string;
    set?: Record<string, unknown>;
    unset?: string[];
    env?: Record<string, string>;
    property: string;
    reason: string;
    /** When the resource class changes what reaches the provider (it passes only the inputs it knows). */
    engineProperty?: string;
    engineReason?: string;
}

const corpus = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "test", "reliability", "data", "bad-inputs.json"), "utf8")) as {
    base: Record<string, unknown>;
    cases: BadInput[];
};

function argsOf(c: BadInput): Record<string, unknown> {
    const args: Record<string, unknown> = { ...corpus.base };
    for (const key of c.unset ?? []) delete args[key];
    for (const [key, value] of Object.entries(c.set ?? {})) {
        const repeat = value as { repeat?: string; times?: number } | undefined;
        args[key] =
            repeat && typeof repeat === "object" && typeof repeat.repeat === "string" ? repeat.repeat.repeat(repeat.times ?? 1) : value;
    }
    return args;
}

const envKey = (c: BadInput) => JSON.stringify(c.env ?? {});

describe("reliability: bad-input corpus", function () {
    this.timeout(10 * 60_000);
    let emulator: RunningEmulator;
    const outcomes = new Map<string, { host?: boolean; engine?: boolean; requests: number }>();
    const table = new FiguresTable("Bad-input corpus: refused at preview, requests the emulator saw");

    before(async () => {
        emulator = await startEmulator({ seed: reliabilitySeed(), throttling: false });
    });
    after(async () => {
        const categories = [...new Set(corpus.cases.map((c) => c.category))];
        for (const category of categories) {
            const cases = corpus.cases.filter((c) => c.category === category);
            const seen = cases.map((c) => outcomes.get(c.name));
            table.add({
                category,
                cases: cases.length,
                "refused via provider host": seen.filter((o) => o?.host).length,
                "refused via pulumi preview": seen.filter((o) => o?.engine).length,
                "requests to the emulator": seen.reduce((sum, o) => sum + (o?.requests ?? 0), 0),
            });
        }
        table.print();
        await emulator?.stop();
    });

    it(`holds at least 40 cases covering every category of issue 5`, () => {
        expect(corpus.cases.length).to.be.at.least(40);
        expect(new Set(corpus.cases.map((c) => c.name)).size).to.equal(corpus.cases.length, "case names are unique");
        expect([...new Set(corpus.cases.map((c) => c.category))]).to.include.members([
            "path traversal",
            "URL characters",
            "percent-encoding",
            "Unicode look-alike",
            "whitespace / zero-width",
            "GUID forms",
            "empty strings",
            "over-long",
            "wrong types",
            "other resource type",
            "conflicting registration fields",
            "insecure endpoint",
        ]);
    });

    describe("through the dynamic-provider host (gRPC), every case", () => {
        const hosts = new Map<string, ProviderHost>();

        async function hostFor(c: BadInput): Promise<ProviderHost> {
            let host = hosts.get(envKey(c));
            if (!host) {
                host = new ProviderHost();
                await host.start({ ...emulator.clientEnv(), ...c.env });
                await host.configure({});
                hosts.set(envKey(c), host);
            }
            return host;
        }

        after(async () => {
            for (const host of hosts.values()) await host.stop();
        });

        it("control: the valid base mapping does reach the emulator (preflight)", async () => {
            const host = await hostFor({ category: "control", name: "control", property: "", reason: "" });
            emulator.clearRequestLog();
            const { failures } = await host.check("control", {}, corpus.base);
            expect(failures).to.deep.equal([]);
            expect(emulator.requestLog().filter((r) => r.kind === "arm")).to.have.length.greaterThan(0);
        });

        for (const c of corpus.cases) {
            it(`${c.category}: ${c.name}`, async () => {
                const host = await hostFor(c);
                emulator.clearRequestLog();
                const result = await host.check(`bad-${corpus.cases.indexOf(c)}`, {}, argsOf(c)).then(
                    (r) => r,
                    (e: Error) => ({ inputs: {}, failures: [{ property: c.property, reason: e.message }], thrown: true }),
                );
                const requests = emulator.requestLog().length;
                outcomes.set(c.name, { ...outcomes.get(c.name), requests: (outcomes.get(c.name)?.requests ?? 0) + requests });
                const pattern = new RegExp(c.reason);
                const named = result.failures.find((f) => f.property === c.property && pattern.test(f.reason));
                expect(
                    named,
                    `no failure on ${c.property} matching /${c.reason}/ in ${JSON.stringify(result.failures).slice(0, 2000)}`,
                ).to.not.equal(undefined);
                expect(named!.reason, "the message names the property").to.include(c.property);
                expect(emulator.requestLog(), "requests made for a refused input").to.deep.equal([]);
                outcomes.get(c.name)!.host = true;
            });
        }
    });

    describe("through the real engine (pulumi preview), every case", () => {
        const stacks = new Map<string, EngineStack>();

        async function stackFor(c: BadInput): Promise<EngineStack> {
            let stack = stacks.get(envKey(c));
            if (!stack) {
                stack = await new EngineStack(`bad-input-${stacks.size}`).open({ ...emulator.clientEnv(), ...c.env });
                stacks.set(envKey(c), stack);
            }
            return stack;
        }

        after(async () => {
            for (const stack of stacks.values()) await stack.dispose();
        });

        it("control: the valid base mapping previews, with preflight requests", async () => {
            const stack = await stackFor({ category: "control", name: "control", property: "", reason: "" });
            const program = async () => {
                new CustomerSubscriptionMapping("good", corpus.base as never);
            };
            emulator.clearRequestLog();
            await stack.stack.preview({ program, onOutput: stack.onOutput });
            expect(emulator.requestLog().filter((r) => r.kind === "arm")).to.have.length.greaterThan(0);
        });

        for (const c of corpus.cases) {
            it(`${c.category}: ${c.name}`, async () => {
                const stack = await stackFor(c);
                const args = argsOf(c);
                // A JavaScript caller: nothing stops it from passing any value.
                const program = async () => {
                    new CustomerSubscriptionMapping("bad", args as never);
                };
                emulator.clearRequestLog();
                const failure = await expectCliFailure(() => stack.stack.preview({ program, onOutput: stack.onOutput }));
                const requests = emulator.requestLog().length;
                outcomes.set(c.name, { ...outcomes.get(c.name), requests: (outcomes.get(c.name)?.requests ?? 0) + requests });
                const property = c.engineProperty ?? c.property;
                expect(failure.exitCode).to.not.equal(0);
                expect(failure.output).to.include(c.env ? property : `property ${property}`);
                expect(failure.output).to.match(new RegExp(c.engineReason ?? c.reason));
                expect(emulator.requestLog(), "requests made for a refused input").to.deep.equal([]);
                outcomes.get(c.name)!.engine = true;
            });
        }
    });
});
