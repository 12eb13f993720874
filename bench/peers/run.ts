/**
 * Ours next to what a CSP would otherwise use, on one emulator with the same latency, for the same N
 * mappings on two stamps: create, drift check and delete.
 *   ours:  the root stack: `up`, `preview --refresh --expect-no-changes`, `destroy` (the engine's defaults);
 *   (b) sdk: one Node process calling @azure/arm-azurestack per mapping, as many at a time as the engine
 *       runs (8 here): PUT, GET, DELETE each (peers/sdk.ts);
 *   (a) az:  a bash loop of `az resource create|show|delete` per mapping (peers/az-loop.sh), when AZ names
 *       an az executable; on fewer mappings (each `az` starts Python: seconds per call).
 * The emulator answers PUTs with 200 and the body: @azure/arm-azurestack 2.1.1 declares only 200.
 * Runs in a job process of its own (jobs.ts).
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { tenantMappingsStack } from "../../program/stack";
import { PROJECT_ROOT } from "../../runner/engine";
import { measure } from "../measure";
import { expect, log, round, type BenchOptions } from "../options";
import type { PeerResult, PeerRow } from "../results";
import { openBenchStack } from "../stack";
import { emulatorSeed, mappingsIn, stackData, type StackData } from "../world";

const run = promisify(execFile);
const OPERATIONS = ["create", "drift check", "delete"] as const;

interface FlatMapping {
    registrationSubscriptionId: string;
    resourceGroup: string;
    registrationName: string;
    customerSubscriptionId: string;
    tenantId: string;
}

function flatten(data: StackData): FlatMapping[] {
    return Object.values(data.tenants).flatMap((t) =>
        t.stamps.map((s) => ({
            ...data.registrations[s]!,
            customerSubscriptionId: t.customerSubscriptionId,
            tenantId: t.tenantId,
        })),
    );
}

const idOf = (m: FlatMapping) =>
    `/subscriptions/${m.registrationSubscriptionId}/resourceGroups/${m.resourceGroup}` +
    `/providers/Microsoft.AzureStack/registrations/${m.registrationName}/customerSubscriptions/${m.customerSubscriptionId}`;

export async function benchPeers(n: number, azN: number, options: BenchOptions): Promise<PeerResult> {
    const data = stackData(n);
    const emulator = await startEmulator({
        seed: emulatorSeed(data),
        latencyMs: options.latency,
        throttling: false,
        putResponse: "200-body",
    });
    const scratch = mkdtempSync(path.join(os.tmpdir(), "bench-peers-"));
    const rows: PeerRow[] = [];
    const add = (
        tool: PeerRow["tool"],
        operation: PeerRow["operation"],
        mappings: number,
        m: { wallMs: number; armRequests: number },
        note?: string,
    ) => {
        const r: PeerRow = {
            tool,
            operation,
            n: mappings,
            wallMs: m.wallMs,
            wallMsPerMapping: round(m.wallMs / mappings, 1),
            armRequests: m.armRequests,
            armRequestsPerMapping: round(m.armRequests / mappings, 3),
            ...(note ? { note } : {}),
        };
        rows.push(r);
        log(
            `peers N=${mappings} ${tool.padEnd(4)} ${operation.padEnd(11)} ${m.wallMs} ms, ${m.armRequests} ARM requests${note ? ` (${note})` : ""}`,
        );
    };
    let azSkipped: string | undefined;
    try {
        // Ours.
        const ours = await openBenchStack(`peers-ours-${n}`, tenantMappingsStack, emulator.clientEnv(), data, options.parallel);
        try {
            add("ours", "create", n, await measure(emulator, () => ours.stack.up()));
            expect(mappingsIn(emulator, data) === n, "ours: up should create every mapping");
            add("ours", "drift check", n, await measure(emulator, () => ours.stack.preview({ refresh: true, expectNoChanges: true })));
            add("ours", "delete", n, await measure(emulator, () => ours.stack.destroy()));
            expect(mappingsIn(emulator, data) === 0, "ours: destroy should delete every mapping");
        } finally {
            ours.dispose();
        }

        // (b) the SDK, one process per operation (as a script would be run).
        const all = flatten(data);
        const file = path.join(scratch, "mappings.json");
        writeFileSync(file, JSON.stringify(all));
        for (const [operation, verb] of [
            ["create", "create"],
            ["drift check", "show"],
            ["delete", "delete"],
        ] as const) {
            add("sdk", operation, n, await measure(emulator, () => runSdkScript(verb, file, options.parallel ?? 8, emulator.clientEnv())));
        }
        expect(mappingsIn(emulator, data) === 0, "sdk: every mapping deleted");

        // (a) az, on the first azN mappings.
        const az = process.env.AZ;
        if (!az) {
            azSkipped =
                "AZ is not set: npm run bench sets it (scripts/ensure-azure-clients.sh); running dist/bench/run.js directly, set AZ=<that bin directory>/az";
        } else {
            const some = all.slice(0, azN);
            const tsv = path.join(scratch, "mappings.tsv");
            writeFileSync(tsv, some.map((m) => `${idOf(m)}\t${m.tenantId}`).join("\n") + "\n");
            const configDir = path.join(scratch, "az");
            mkdirSync(configDir);
            const loop = path.join(PROJECT_ROOT, "bench", "peers", "az-loop.sh");
            const azEnv = {
                PATH: process.env.PATH ?? "",
                HOME: process.env.HOME ?? "",
                AZ: az,
                AZURE_CONFIG_DIR: configDir,
                AZURE_CORE_COLLECT_TELEMETRY: "false",
                AZURE_CORE_ONLY_SHOW_ERRORS: "true",
                ...emulator.clientEnv(),
            };
            try {
                const setup = await measure(emulator, () => run(loop, ["setup"], { env: azEnv }));
                log(`peers az setup (cloud register, login): ${setup.wallMs} ms, ${setup.armRequests} ARM requests`);
                for (const [operation, verb] of [
                    ["create", "create"],
                    ["drift check", "show"],
                    ["delete", "delete"],
                ] as const) {
                    let answer = "";
                    const m = await measure(emulator, async () => {
                        answer = (await run(loop, [verb, tsv], { env: azEnv, maxBuffer: 1 << 20 })).stdout;
                    });
                    expect(/failures=0 drifted=0/.test(answer), `az peer ${verb}: ${answer.trim()}`);
                    add("az", operation, some.length, m, `sign-in once before: ${setup.wallMs} ms`);
                }
            } catch (error) {
                azSkipped = `az failed against the emulator: ${String((error as Error).message)
                    .split("\n")
                    .slice(0, 3)
                    .join(" / ")}`;
            }
        }
    } finally {
        rmSync(scratch, { recursive: true, force: true });
        await emulator.stop();
    }
    if (azSkipped) log(`peers: az not measured: ${azSkipped}`);
    return { n, parallel: options.parallel ?? 8, rows, ratios: ratiosOf(rows), ...(azSkipped ? { azSkipped } : {}) };
}

/** The SDK script (peers/sdk.ts) on the mappings in `file`, `parallel` at a time, in a process of its own; it must answer ok. */
export async function runSdkScript(
    verb: "create" | "show" | "delete",
    file: string,
    parallel: number,
    env: Record<string, string>,
): Promise<void> {
    const sdk = path.join(PROJECT_ROOT, "dist", "bench", "peers", "sdk.js");
    const { stdout } = await run(process.execPath, [sdk, verb, file, String(parallel)], {
        env: { PATH: process.env.PATH ?? "", ...env },
        maxBuffer: 1 << 20,
    });
    const out = JSON.parse(stdout.trim().split("\n").pop() ?? "{}");
    expect(out.ok === true, `sdk peer ${verb}: ${stdout.trim()}`);
}

/** Ours over each peer, per mapping, for each operation. */
function ratiosOf(rows: PeerRow[]): PeerResult["ratios"] {
    const per = (tool: PeerRow["tool"], operation: PeerRow["operation"]) => rows.find((r) => r.tool === tool && r.operation === operation);
    return OPERATIONS.flatMap((operation) =>
        (["sdk", "az"] as const).flatMap((peer) => {
            const o = per("ours", operation);
            const p = per(peer, operation);
            if (!o || !p) return [];
            return [
                {
                    operation,
                    peer,
                    wallPerMapping: round(o.wallMsPerMapping / p.wallMsPerMapping, 3),
                    requestsPerMapping: p.armRequestsPerMapping > 0 ? round(o.armRequestsPerMapping / p.armRequestsPerMapping, 3) : null,
                },
            ];
        }),
    );
}
