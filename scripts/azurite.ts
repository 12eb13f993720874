/**
 * Azurite's blob service (Microsoft's Azure Storage emulator, pinned in scripts/azurite-tool/ and kept in the
 * tool cache by scripts/ensure-azurite.sh) as the Pulumi state backend `azblob://` without a cloud: for the
 * team suite (test/team/), the benchmark's azblob rows, and by hand:
 *
 *   node dist/scripts/azurite.js [--container pulumi-state] [--data <dir>]
 *
 * starts it on 127.0.0.1 (a free port), creates the container as a user creates it on Azure, prints the
 * environment that points Pulumi at it (examples/github-actions/README.md, "Trying it locally") and runs
 * until Ctrl-C. Azurite answers with its access log on stdout; it is kept as the request log.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../runner/engine";
import { ensuredTool, requireFromNpmTool } from "../runner/tools";

/** Azurite's one built-in account and its key, published in Azurite's README: not a secret. */
export const AZURITE_ACCOUNT = "devstoreaccount1";
export const AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/** One line of Azurite's access log. */
export interface StorageRequest {
    method: string;
    /** Path and query, e.g. /devstoreaccount1/pulumi-state/.pulumi/locks/...?comp=list */
    url: string;
    status: number;
}

/**
 * The part of @azure/storage-blob (installed with Azurite, scripts/azurite-tool/) the suites use: the package is
 * not a dependency of this repository, so its declarations are not at hand.
 */
export interface ContainerClient {
    create(): Promise<unknown>;
    getBlobClient(name: string): { downloadToBuffer(): Promise<Buffer> };
    listBlobsFlat(options?: { prefix?: string }): AsyncIterable<{ name: string }>;
}
interface BlobServiceClient {
    getProperties(): Promise<unknown>;
    getContainerClient(name: string): ContainerClient;
}
interface StorageBlob {
    BlobServiceClient: new (url: string, credential: unknown) => BlobServiceClient;
    StorageSharedKeyCredential: new (account: string, key: string) => unknown;
}

export interface RunningAzurite {
    /** http://127.0.0.1:<port>/devstoreaccount1 */
    readonly blobEndpoint: string;
    readonly port: number;
    /** The requests Azurite answered so far, oldest first. */
    requests(): StorageRequest[];
    container(name: string): ContainerClient;
    /** Creates a container, as on Azure before the first `pulumi login` (the backend does not create it). */
    createContainer(name: string): Promise<void>;
    stop(): Promise<void>;
}

/**
 * `PULUMI_BACKEND_URL` for a container on the emulator, in the form examples/github-actions/README.md
 * shows: `localemu=true` puts the account name in the path as Azurite expects, `domain` is its address.
 */
export function azuriteBackendUrl(container: string, domain: string): string {
    return `azblob://${container}?localemu=true&domain=${domain}&protocol=http`;
}

/** The environment the CLI needs besides the URL: the account and its shared key. */
export function azuriteStorageEnv(key = AZURITE_KEY): Record<string, string> {
    return { AZURE_STORAGE_ACCOUNT: AZURITE_ACCOUNT, AZURE_STORAGE_KEY: key };
}

const ACCESS_LOG = /"([A-Z]+) (\S+) HTTP\/[\d.]+" (\d{3})/;

/** Starts Azurite's blob service on 127.0.0.1 on a free port, its data in `dataDir` (default: a new temporary directory). */
export async function startAzurite(options: { dataDir?: string } = {}): Promise<RunningAzurite> {
    const ownDir = options.dataDir === undefined;
    const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), "azurite-"));
    // Azurite and its client, from the tool cache (scripts/ensure-azurite.sh; seconds when cached, installed first if not).
    const tool = ensuredTool(PROJECT_ROOT, "azurite");
    const azuriteMain = path.join(tool, "node_modules", "azurite", "dist", "src", "blob", "main.js");
    // --disableTelemetry: Azurite otherwise reports usage to Microsoft; tests send nothing off the machine.
    // --skipApiVersionCheck: clients newer than the emulator (Pulumi's Go SDK, @azure/storage-blob) send
    // service versions it has not listed yet; the operations the backend uses are the same.
    const child = spawn(
        process.execPath,
        [azuriteMain, "--blobHost", "127.0.0.1", "--blobPort", "0", "--location", dataDir, "--disableTelemetry", "--skipApiVersionCheck"],
        { stdio: ["ignore", "pipe", "pipe"] },
    );
    const log: StorageRequest[] = [];
    let output = "";
    let pending = "";
    const port = await new Promise<number>((resolve, reject) => {
        child.stdout!.on("data", (chunk: Buffer) => {
            output += chunk;
            pending += chunk;
            const lines = pending.split("\n");
            pending = lines.pop() ?? "";
            for (const line of lines) {
                const request = ACCESS_LOG.exec(line);
                if (request) log.push({ method: request[1]!, url: request[2]!, status: Number(request[3]) });
                const listening = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
                if (listening) resolve(Number(listening[1]));
            }
        });
        child.stderr!.on("data", (chunk: Buffer) => (output += chunk));
        child.on("error", reject);
        child.on("exit", (code) => reject(new Error(`Azurite exited with ${code} before listening:\n${output}`)));
    });
    const blobEndpoint = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
    const { BlobServiceClient, StorageSharedKeyCredential } = requireFromNpmTool<StorageBlob>(tool, "@azure/storage-blob");
    const service = new BlobServiceClient(blobEndpoint, new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY));
    // Azurite prints "listens on" before it installs its SIGINT/SIGTERM handlers (which flush its data on the
    // way out), in the same turn of its event loop: once it has answered a request, they are in place, and a
    // stop() right after this returns is a clean one.
    await service.getProperties();
    return {
        blobEndpoint,
        port,
        requests: () => [...log],
        container: (name) => service.getContainerClient(name),
        createContainer: async (name) => {
            await service.getContainerClient(name).create();
        },
        stop: () =>
            stopChild(child).then(() => {
                if (ownDir) rmSync(dataDir, { recursive: true, force: true });
            }),
    };
}

function stopChild(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
    });
}

async function main(): Promise<void> {
    const arg = (name: string) => {
        const i = process.argv.indexOf(name);
        return i > 0 ? process.argv[i + 1] : undefined;
    };
    const container = arg("--container") ?? "pulumi-state";
    // Signals are handled from the start: one that arrives while Azurite starts stops it once it has, and
    // nothing is announced before a stop would be a clean one.
    let azurite: RunningAzurite | undefined;
    let stopRequested = false;
    const stop = () => {
        if (azurite) void azurite.stop().then(() => process.exit(0));
        else stopRequested = true;
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    azurite = await startAzurite({ dataDir: arg("--data") });
    if (stopRequested) return stop();
    await azurite.createContainer(container).catch((error: { statusCode?: number }) => {
        if (error.statusCode !== 409) throw error; // 409: it exists (a --data directory used before)
    });
    const env = { PULUMI_BACKEND_URL: azuriteBackendUrl(container, `127.0.0.1:${azurite.port}`), ...azuriteStorageEnv() };
    console.log(
        Object.entries(env)
            .map(([k, v]) => `export ${k}='${v}'`)
            .join("\n"),
    );
    console.error(`Azurite's blob service at ${azurite.blobEndpoint}, container ${container}; Ctrl-C stops it.`);
}

if (require.main === module) {
    main().catch((error) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
    });
}
