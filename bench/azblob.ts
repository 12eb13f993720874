/**
 * The cost of remote checkpoints: the root stack's `up` and no-change preview of the same N mappings with
 * its state on Azure Blob Storage (Pulumi's azblob:// backend; Azurite, Microsoft's storage emulator, on
 * loopback), measured in the same job as the file-backend phases and against the same emulator. Storage
 * requests are counted from Azurite's access log.
 */
import type { Stack } from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../emulator";
import { tenantMappingsStack } from "../program/stack";
import { AZURITE_ACCOUNT, azuriteBackendUrl, azuriteStorageEnv, startAzurite } from "../scripts/azurite";
import { measure, type PhaseMeasurement } from "./measure";
import { expect, log, type BenchOptions } from "./options";
import { openBenchStack } from "./stack";
import { mappingsIn, type StackData } from "./world";

export const AZBLOB_PHASES = ["up", "preview-nochange"] as const;
export type AzblobPhase = (typeof AZBLOB_PHASES)[number];

export interface AzblobMeasurement extends PhaseMeasurement {
    storageRequests: number;
    /** Requests that change the account (PUT, DELETE): checkpoints, the lock, history. */
    storageWrites: number;
}

const CONTAINER = "bench-state";

export async function benchAzblob(
    n: number,
    run: number,
    emulator: RunningEmulator,
    data: StackData,
    options: BenchOptions,
): Promise<Record<AzblobPhase, AzblobMeasurement[]>> {
    const azurite = await startAzurite();
    const result: Record<AzblobPhase, AzblobMeasurement[]> = { up: [], "preview-nochange": [] };
    let handle: { stack: Stack; dispose: () => void } | undefined;
    try {
        await azurite.createContainer(CONTAINER);
        handle = await openBenchStack(
            `azblob-${n}`,
            tenantMappingsStack,
            {
                ...emulator.clientEnv(),
                ...azuriteStorageEnv(),
                PULUMI_BACKEND_URL: azuriteBackendUrl(CONTAINER, `127.0.0.1:${azurite.port}`),
            },
            data,
            options.parallel,
        );
        const stack = handle.stack;
        const measured = async (phase: AzblobPhase, operation: () => Promise<unknown>) => {
            const before = azurite.requests().length;
            const { log: _requests, ...m } = await measure(emulator, operation);
            const storage = azurite
                .requests()
                .slice(before)
                .filter((r) => r.url.startsWith(`/${AZURITE_ACCOUNT}/${CONTAINER}`));
            const row = {
                ...m,
                storageRequests: storage.length,
                storageWrites: storage.filter((r) => r.method === "PUT" || r.method === "DELETE").length,
            };
            result[phase].push(row);
            log(
                `N=${n} run ${run}/${options.runs} ${phase.padEnd(16)} azblob ${String(row.wallMs).padStart(6)} ms  storage requests ` +
                    `${row.storageRequests} (${row.storageWrites} writes)  ARM ${JSON.stringify(row.armByMethod)}`,
            );
        };
        await measured("up", async () => {
            const up = await stack.up();
            expect(
                up.summary.resourceChanges?.create === n + 1,
                `azblob up should create ${n + 1}, got ${JSON.stringify(up.summary.resourceChanges)}`,
            );
        });
        expect(
            mappingsIn(emulator, data) === n,
            `the emulator should hold ${n} mappings after the azblob up, holds ${mappingsIn(emulator, data)}`,
        );
        for (let repeat = 1; repeat <= options.repeat; repeat++) {
            await measured("preview-nochange", async () => {
                const preview = await stack.preview({ expectNoChanges: true });
                expect(
                    preview.changeSummary?.same === n + 1,
                    `azblob preview-nochange should see ${n + 1} same, got ${JSON.stringify(preview.changeSummary)}`,
                );
            });
        }
        await stack.destroy();
    } finally {
        handle?.dispose();
        await azurite.stop();
    }
    return result;
}
