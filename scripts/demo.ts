/**
 * `npm run demo`: the root stack against the emulator, end to end, with the commands a user types. Starts the
 * emulator with the demo seed, then runs the plain `pulumi` CLI in the repository root (Pulumi.yaml,
 * Pulumi.demo.yaml; the Node.js language host runs Pulumi.yaml's `main`), printing each command line before
 * it runs:
 *
 *   pulumi stack select --create demo
 *   pulumi preview
 *   pulumi up --yes
 *   pulumi preview --refresh --expect-no-changes
 *
 * then compares the stack outputs with the mappings in the emulator. Stops the emulator on the way out.
 *
 * State is kept in .demo/ (emulator state and Pulumi file backend together), so a second run shows an
 * unchanged stack; `npm run demo -- --fresh` starts over.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../emulator";
import { cliEnv, PROJECT_ROOT } from "../runner/engine";

const DEMO_DIR = path.join(PROJECT_ROOT, ".demo");

const COMMANDS = [["stack", "select", "--create", "demo"], ["preview"], ["up", "--yes"], ["preview", "--refresh", "--expect-no-changes"]];

/**
 * Ctrl-C reaches the running `pulumi` too (a terminal signals its whole process group): Pulumi winds down
 * its operations, which needs the emulator in this process until it exits. So this process does not die on
 * SIGINT: it runs no further command, and stops the emulator once the command has ended. A SIGTERM sent to
 * this process alone is passed on to the command.
 */
let interrupted = false;
let running: ChildProcess | undefined;
process.on("SIGINT", () => {
    interrupted = true;
});
process.on("SIGTERM", () => {
    interrupted = true;
    running?.kill("SIGTERM");
});

async function main(): Promise<number> {
    if (process.argv.includes("--fresh")) rmSync(DEMO_DIR, { recursive: true, force: true });
    mkdirSync(DEMO_DIR, { recursive: true });
    const emulator = await startEmulator({
        seed: path.join(PROJECT_ROOT, "emulator", "seeds", "demo.yaml"),
        statePath: path.join(DEMO_DIR, "emulator-state.json"),
    });
    try {
        heading(`Emulator: ARM ${emulator.armEndpoint}, Microsoft Entra ${emulator.authorityHost} (seed emulator/seeds/demo.yaml)`);
        const env = { ...process.env, ...cliEnv(path.join(DEMO_DIR, "backend"), emulator.clientEnv()) };
        console.log(`Pulumi: file backend in .demo/backend, passphrase from PULUMI_CONFIG_PASSPHRASE; Azure: the emulator's credentials.`);
        let writesDuringPreviews = 0;
        for (const args of COMMANDS) {
            if (interrupted) return 130;
            console.log(`\n$ ${["pulumi", ...args].join(" ")}\n`);
            const before = armWrites(emulator);
            const code = await pulumi(args, env, "inherit");
            if (args[0] === "preview") writesDuringPreviews += armWrites(emulator) - before;
            if (code !== 0) {
                console.error(`\n\`pulumi ${args.join(" ")}\` exited with ${code}.`);
                return 1;
            }
        }
        const outputs = await pulumi(["stack", "output", "--json"], env, "capture");
        const mappings = (JSON.parse(outputs).mappings ?? {}) as Record<string, Mapping>;
        return report(emulator, mappings, writesDuringPreviews);
    } finally {
        await emulator.stop();
    }
}

/** Runs the CLI in the repository root: printing to this terminal (resolves to the exit code), or captured (resolves to stdout). */
function pulumi(args: string[], env: NodeJS.ProcessEnv, output: "inherit"): Promise<number>;
function pulumi(args: string[], env: NodeJS.ProcessEnv, output: "capture"): Promise<string>;
function pulumi(args: string[], env: NodeJS.ProcessEnv, output: "inherit" | "capture"): Promise<number | string> {
    const child = spawn("pulumi", args, {
        cwd: PROJECT_ROOT,
        env,
        stdio: ["ignore", output === "inherit" ? "inherit" : "pipe", "inherit"],
    });
    running = child;
    let stdout = "";
    child.stdout?.on("data", (chunk) => (stdout += chunk));
    return new Promise((resolve, reject) => {
        child.on("error", reject);
        child.on("close", (code) => {
            if (output === "inherit") resolve(code ?? 1);
            else if (code === 0) resolve(stdout);
            else reject(new Error(`pulumi ${args.join(" ")} exited with ${code}`));
        });
    });
}

interface Mapping {
    stamp: string;
    registrationId: string;
    customerSubscriptionId: string;
    tenantId: string;
}

function report(emulator: RunningEmulator, outputs: Record<string, Mapping>, writesDuringPreviews: number): number {
    heading("Result: stack outputs (pulumi stack output --json) vs. mappings in the emulator");
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
            const declared = Object.values(outputs).some(
                (o) => o.registrationId === registration && o.customerSubscriptionId === m.subscriptionId,
            );
            if (!declared) rows.push([`(not in stack) ${registration.split("/").pop()}`, m.subscriptionId, "", m.tenantId, "undeclared"]);
        }
    }
    printTable(rows);
    const byMethod: Record<string, number> = {};
    for (const r of emulator.requestLog().filter((r) => r.kind === "arm")) byMethod[r.method] = (byMethod[r.method] ?? 0) + 1;
    console.log(
        `\nARM requests by method: ${JSON.stringify(byMethod)}; token requests: ${emulator.counters().tokenRequests}; ` +
            `writes during the previews: ${writesDuringPreviews}.`,
    );
    console.log(
        mismatches === 0
            ? `All ${Object.keys(outputs).length} declared mappings are in the emulator exactly as the stack says.`
            : `${mismatches} mapping(s) differ between the stack and the emulator.`,
    );
    return mismatches === 0 && writesDuringPreviews === 0 ? 0 : 1;
}

function armWrites(emulator: RunningEmulator): number {
    return emulator.requestLog().filter((r) => r.kind === "arm" && r.method !== "GET").length;
}

function heading(text: string): void {
    console.log(`\n=== ${text}\n`);
}

function printTable(rows: string[][]): void {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const row of rows)
        console.log(
            row
                .map((cell, i) => cell.padEnd(widths[i]))
                .join("  ")
                .trimEnd(),
        );
}

main().then(
    (code) => process.exit(code),
    (error) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
    },
);
