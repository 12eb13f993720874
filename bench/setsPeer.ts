/**
 * One registration set creating N mappings (1,000 in the full run) without throttling, beside the bare SDK script
 * (bench/peers/sdk.ts: @azure/arm-azurestack, one PUT per mapping) at the same concurrency: the set writes
 * SET_PARALLELISM entries at a time, so the script runs as many. Each on a registration of its own of one emulator,
 * with the same latency. The set is a program of its own, the set alone (as the script is the PUTs alone: the root
 * stack's per-mapping outputs are not part of creating mappings): its `pulumi up` of a new stack with the engine's
 * defaults, from its start to the summary it prints last, against the script's process, start to end. Runs in a job process (jobs.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../emulator";
import { CustomerSubscriptionMappingSet } from "../provider";
import { SET_PARALLELISM } from "../provider/set/apply";
import { measure } from "./measure";
import { runSdkScript } from "./peers/run";
import { expect, log, round, type BenchOptions } from "./options";
import type { SetsPeerResult } from "./results";
import { openBenchStack } from "./stack";
import {
    customerSubscription,
    emulatorSeed,
    mappingsIn,
    REGISTRATION_SUBSCRIPTION,
    RESOURCE_GROUP,
    stampsOf,
    tenant,
    withSets,
    type StackData,
} from "./world";

/** N tenants from customer `from` on, each on `stamp` only. */
function onStamp(n: number, from: number, stamp: string, name: string): StackData {
    const tenants = Array.from({ length: n }, (_, i) => [
        `customer-${String(from + i).padStart(6, "0")}`,
        { tenantId: tenant(from + i), customerSubscriptionId: customerSubscription(from + i), stamps: [stamp] },
    ]);
    return {
        registrations: {
            [stamp]: { registrationSubscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RESOURCE_GROUP, registrationName: name },
        },
        tenants: Object.fromEntries(tenants),
    };
}

export async function benchSetsPeer(n: number, options: BenchOptions): Promise<SetsPeerResult> {
    // The set on one stamp, the script on the other, N customers each.
    const [[oursStamp, oursName], [sdkStamp, sdkName]] = Object.entries(stampsOf(2)) as [string, string][];
    const oursData = withSets(onStamp(n, 1, oursStamp!, oursName!));
    const scriptData = onStamp(n, n + 1, sdkStamp!, sdkName!);
    const world: StackData = {
        registrations: { ...oursData.registrations, ...scriptData.registrations },
        tenants: { ...oursData.tenants, ...scriptData.tenants },
    };
    // @azure/arm-azurestack 2.1.1 declares only 200 for a PUT: answer with the body, for both.
    const emulator = await startEmulator({
        seed: emulatorSeed(world),
        latencyMs: options.latency,
        throttling: false,
        putResponse: "200-body",
    });
    const scratch = mkdtempSync(path.join(os.tmpdir(), "bench-sets-peer-"));
    const theSet = async () => {
        const { set: _set, ...registration } = oursData.registrations[oursStamp!]!;
        const mappings = Object.fromEntries(Object.values(oursData.tenants).map((t) => [t.customerSubscriptionId, t.tenantId]));
        new CustomerSubscriptionMappingSet(oursStamp!, { ...registration, mappings });
        return {};
    };
    const stack = await openBenchStack(`sets-peer-${n}`, theSet, emulator.clientEnv(), oursData, options.parallel);
    try {
        // The set's wall is that of `pulumi up` itself, to the summary it prints last ("Duration: …"): the Automation
        // API's up() then also runs `pulumi stack output` and `pulumi stack history`, which a user's `pulumi up` does
        // not and the script has no counterpart of (about 1 s on this machine).
        const started = Date.now();
        let upEnded = 0;
        const measured = await measure(emulator, () =>
            stack.stack.up({ onOutput: (text) => void (/^Duration: /m.test(text) && (upEnded = Date.now())) }),
        );
        expect(upEnded > 0, "pulumi up should print its Duration line");
        const o = { ...measured, wallMs: upEnded - started };
        expect(mappingsIn(emulator, oursData) === n, `the set should create ${n} mappings`);
        const file = path.join(scratch, "mappings.json");
        const registration = scriptData.registrations[sdkStamp!]!;
        writeFileSync(
            file,
            JSON.stringify(
                Object.values(scriptData.tenants).map((t) => ({
                    ...registration,
                    customerSubscriptionId: t.customerSubscriptionId,
                    tenantId: t.tenantId,
                })),
            ),
        );
        const s = await measure(emulator, () => runSdkScript("create", file, SET_PARALLELISM, emulator.clientEnv()));
        expect(mappingsIn(emulator, scriptData) === n, `the script should create ${n} mappings`);
        const result = {
            n,
            parallel: SET_PARALLELISM,
            oursWallMs: o.wallMs,
            sdkWallMs: s.wallMs,
            ratio: round(o.wallMs / s.wallMs, 3),
            oursArmRequests: o.armRequests,
            sdkArmRequests: s.armRequests,
        };
        log(
            `sets beside the SDK: ${n} mappings, ${SET_PARALLELISM} at a time: set ${o.wallMs} ms, script ${s.wallMs} ms (${result.ratio}×)`,
        );
        return result;
    } finally {
        stack.dispose();
        rmSync(scratch, { recursive: true, force: true });
        await emulator.stop();
    }
}
