/**
 * `npm run demo`: the root stack against the emulator, end to end. Starts the emulator with the demo seed,
 * runs a real `pulumi preview` and `pulumi up` of the root stack (stack "demo", Pulumi.demo.yaml), then
 * compares the mappings in the emulator with the stack outputs. Stops the emulator on the way out.
 *
 * State is kept in .demo/ (emulator state and Pulumi file backend together), so a second run shows an
 * unchanged stack; `npm run demo -- --fresh` starts over.
 */
import { mkdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../emulator";
import { PROJECT_ROOT } from "../runner/engine";
import { openStack } from "../runner/stack";

const DEMO_DIR = path.join(PROJECT_ROOT, ".demo");

async function main(): Promise<number> {
    if (process.argv.includes("--fresh")) rmSync(DEMO_DIR, { recursive: true, force: true });
    mkdirSync(DEMO_DIR, { recursive: true });
    const emulator = await startEmulator({
        seed: path.join(PROJECT_ROOT, "emulator", "seeds", "demo.yaml"),
        statePath: path.join(DEMO_DIR, "emulator-state.json"),
    });
    try {
        heading(`Emulator: ARM ${emulator.armEndpoint}, Microsoft Entra ${emulator.authorityHost} (seed emulator/seeds/demo.yaml)`);
        const stack = await openStack({ stackName: "demo", backendDir: path.join(DEMO_DIR, "backend"), env: emulator.clientEnv() });
        const print = (text: string) => process.stdout.write(text);

        heading("pulumi preview --stack demo");
        await stack.preview({ onOutput: print, diff: false });
        const writesDuringPreview = armWrites(emulator);

        heading("pulumi up --stack demo --yes");
        await stack.up({ onOutput: print });

        const outputs = (await stack.outputs()).mappings?.value as Record<string, Mapping> | undefined ?? {};
        return report(emulator, outputs, writesDuringPreview);
    } finally {
        await emulator.stop();
    }
}

interface Mapping {
    stamp: string;
    registrationId: string;
    customerSubscriptionId: string;
    tenantId: string;
}

function report(emulator: RunningEmulator, outputs: Record<string, Mapping>, writesDuringPreview: number): number {
    heading("Result: stack outputs vs. mappings in the emulator");
    const registrations = [...new Set(Object.values(outputs).map((m) => m.registrationId))];
    const rows: string[][] = [["mapping", "customer subscription", "tenant (stack)", "tenant (emulator)", ""]];
    let mismatches = 0;
    for (const [name, mapping] of Object.entries(outputs).sort()) {
        const inAzure = emulator.state.mapping(mapping.registrationId, mapping.customerSubscriptionId);
        const ok = inAzure?.tenantId === mapping.tenantId;
        if (!ok) mismatches++;
        rows.push([name, mapping.customerSubscriptionId, mapping.tenantId, inAzure?.tenantId ?? "(missing)", ok ? "ok" : "MISMATCH"]);
    }
    for (const registration of registrations) {
        for (const m of emulator.state.mappings(registration)) {
            const declared = Object.values(outputs).some((o) => o.registrationId === registration && o.customerSubscriptionId === m.subscriptionId);
            if (!declared) rows.push([`(not in stack) ${registration.split("/").pop()}`, m.subscriptionId, "", m.tenantId, "undeclared"]);
        }
    }
    printTable(rows);
    const byMethod: Record<string, number> = {};
    for (const r of emulator.requestLog().filter((r) => r.kind === "arm")) byMethod[r.method] = (byMethod[r.method] ?? 0) + 1;
    console.log(`\nARM requests by method: ${JSON.stringify(byMethod)}; token requests: ${emulator.counters().tokenRequests}; ` +
        `writes during preview: ${writesDuringPreview}.`);
    console.log(mismatches === 0
        ? `All ${Object.keys(outputs).length} declared mappings are in the emulator exactly as the stack says.`
        : `${mismatches} mapping(s) differ between the stack and the emulator.`);
    return mismatches === 0 && writesDuringPreview === 0 ? 0 : 1;
}

function armWrites(emulator: RunningEmulator): number {
    return emulator.requestLog().filter((r) => r.kind === "arm" && r.method !== "GET").length;
}

function heading(text: string): void {
    console.log(`\n=== ${text}\n`);
}

function printTable(rows: string[][]): void {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd());
}

main().then((code) => process.exit(code), (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
});
