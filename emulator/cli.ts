/**
 * Command line: starts the emulator, prints its endpoints and the environment a client needs, runs until
 * SIGINT/SIGTERM and stops cleanly (state flushed). `npm run emulator -- --help` lists the options.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { copyFileSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { startEmulator } from "./emulator.js";
import { validateFaultRules } from "./faults.js";
import type { BucketOptions, EmulatorOptions } from "./types.js";

function wholeNumber(min: number) {
    return (value: string): number => {
        const n = Number(value);
        if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`must be a whole number ≥ ${min}`);
        return n;
    };
}

function bucket(value: string): BucketOptions {
    const m = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(value);
    if (!m || Number(m[1]) < 1) throw new InvalidArgumentError("must be BURST/REFILL_PER_SECOND, e.g. 200/10");
    return { burst: Number(m[1]), refillPerSecond: Number(m[2]) };
}

function shellQuote(value: string): string {
    return `'${value.replace(/'/g, `'\\''`)}'`;
}

export async function main(argv: string[]): Promise<void> {
    const program = new Command()
        .name("emulator")
        .description("Local emulator of the Microsoft.AzureStack registration API (ARM) and its token endpoint, over HTTPS.")
        .option(
            "--seed <file>",
            "YAML/JSON seed: tenant, clients, registrations, known subscriptions (used when the state file does not exist yet)",
        )
        .option("--state <file>", "persist state to this file (atomic writes); loaded instead of the seed when it exists")
        .option("--host <host>", "address to listen on (loopback only unless --allow-remote)", "127.0.0.1")
        .option("--allow-remote", "allow a non-loopback --host; the admin API then requires the admin token printed at start")
        .option("--port <n>", "ARM (and admin API) port; 0 = any free port", wholeNumber(0), 0)
        .option("--auth-port <n>", "login (token) endpoint port; 0 = any free port", wholeNumber(0), 0)
        .addOption(
            new Option("--put-response <mode>", "how PUT of a customer subscription answers")
                .choices(["201-empty", "200-body"])
                .default("201-empty"),
        )
        .option(
            "--case-insensitive-ids",
            "match customer subscription ids case-insensitively, as ARM routing does (default: case sensitive, as Microsoft's tenant registration page says)",
        )
        .addOption(
            new Option("--mapping-name <form>", "`name` of a customer subscription resource")
                .choices(["bare", "qualified"])
                .default("bare"),
        )
        .option("--page-size <n>", "customerSubscriptions list page size", wholeNumber(1), 100)
        .option("--latency <ms>", "latency added to every ARM response", wholeNumber(0), 0)
        .option("--token-lifetime <s>", "lifetime of access tokens in seconds", wholeNumber(1), 3600)
        .option("--no-throttling", "turn ARM throttling off")
        .option("--throttle-writes <burst/refill>", "write bucket, e.g. 200/10", bucket)
        .option("--throttle-reads <burst/refill>", "read bucket, e.g. 250/25", bucket)
        .option("--faults <file>", "YAML/JSON list of fault rules (see docs/emulator.md)")
        .option("--fault-seed <n>", "seed of the RNG of probabilistic fault rules", wholeNumber(0), 1)
        .option("--client <clientId>", "seeded client whose environment is printed (default: the first with a secret)")
        .option("--env-file <file>", "write a sourceable file exporting the client environment")
        .option("--ca-file <file>", "also write the throw-away CA certificate (PEM) here")
        .parse(argv);
    const o = program.opts<{
        seed?: string;
        state?: string;
        host: string;
        allowRemote?: boolean;
        port: number;
        authPort: number;
        putResponse: "201-empty" | "200-body";
        caseInsensitiveIds?: boolean;
        mappingName: "bare" | "qualified";
        pageSize: number;
        latency: number;
        tokenLifetime: number;
        throttling: boolean;
        throttleWrites?: BucketOptions;
        throttleReads?: BucketOptions;
        faults?: string;
        faultSeed: number;
        client?: string;
        envFile?: string;
        caFile?: string;
    }>();

    const options: EmulatorOptions = {
        host: o.host,
        allowRemote: o.allowRemote === true,
        port: o.port,
        authPort: o.authPort,
        putResponse: o.putResponse,
        subscriptionIdMatching: o.caseInsensitiveIds ? "arm-case-insensitive" : "case-sensitive",
        mappingName: o.mappingName,
        pageSize: o.pageSize,
        latencyMs: o.latency,
        tokenLifetimeSeconds: o.tokenLifetime,
        throttling: o.throttling
            ? { ...(o.throttleWrites && { writes: o.throttleWrites }), ...(o.throttleReads && { reads: o.throttleReads }) }
            : false,
        faultSeed: o.faultSeed,
    };
    if (o.seed) options.seed = o.seed;
    if (o.state) options.statePath = o.state;
    if (o.faults) options.faults = validateFaultRules(parseYaml(readFileSync(o.faults, "utf8")));

    const emu = await startEmulator(options);
    // Signals are handled before anything announces the emulator (env file, banner): a script that waits for
    // either and then stops it must get a clean stop with the state flushed, never Node's default kill.
    let stopping = false;
    const stop = (signal: string) => {
        if (stopping) process.exit(1); // a second signal: give up waiting
        stopping = true;
        process.stderr.write(`${signal}: stopping the emulator\n`);
        // The env file holds the client secret and is valid only while this emulator runs: remove it.
        const removeEnvFile = () => o.envFile && rmSync(o.envFile, { force: true });
        emu.stop().then(
            () => {
                removeEnvFile();
                process.exit(0);
            },
            (err: Error) => {
                removeEnvFile();
                process.stderr.write(`error while stopping: ${err.message}\n`);
                process.exit(1);
            },
        );
    };
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
    if (o.caFile) copyFileSync(emu.caCertPath, o.caFile);
    const env = emu.clientEnv(o.client);
    if (o.caFile) env.NODE_EXTRA_CA_CERTS = o.caFile;
    const exports = Object.entries(env)
        .map(([k, v]) => `export ${k}=${shellQuote(v)}`)
        .join("\n");
    if (o.envFile) {
        writeFileSync(`${o.envFile}.tmp`, `# Written by the Azure Stack registration emulator; valid while it runs.\n${exports}\n`, {
            mode: 0o600,
        });
        renameSync(`${o.envFile}.tmp`, o.envFile);
    }
    const s = emu.settings();
    process.stdout.write(
        [
            "Azure Stack registration emulator is running.",
            `  ARM endpoint:    ${emu.armEndpoint}`,
            `  Authority host:  ${emu.authorityHost}   (@azure/identity: authorityHost + disableInstanceDiscovery: true)`,
            `  Tenant:          ${emu.tenantId}`,
            `  CA certificate:  ${o.caFile ?? emu.caCertPath}`,
            `  Admin API:       ${emu.armEndpoint}/_emulator/${emu.adminToken === undefined ? "" : "   (requires the admin token below)"}`,
            ...(emu.adminToken === undefined
                ? []
                : [`  Admin token:     ${emu.adminToken}   (send as 'Authorization: Bearer <token>' to the admin API)`]),
            `  State file:      ${o.state ?? "(not persisted)"}`,
            `  PUT answers:     ${s.putResponse}; ids ${s.subscriptionIdMatching}; page size ${s.pageSize}; throttling ${s.throttling ? `writes ${s.throttling.writes.burst}/${s.throttling.writes.refillPerSecond}s reads ${s.throttling.reads.burst}/${s.throttling.reads.refillPerSecond}s` : "off"}`,
            "",
            o.envFile ? `Environment written to ${o.envFile} (source it). Client environment:` : "Client environment:",
            exports,
            "",
            "Press Ctrl-C to stop.",
            "",
        ].join("\n"),
    );
}

if (require.main === module) {
    main(process.argv).catch((err: Error) => {
        process.stderr.write(`emulator: ${err.message}\n`);
        process.exit(1);
    });
}
