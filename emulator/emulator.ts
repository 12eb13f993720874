/**
 * The running emulator: two HTTPS servers (ARM with the admin API, and the login host) sharing one request
 * pipeline, and the RunningEmulator API over its state, log, faults, throttling and settings; with the
 * environment a seeded client needs, and the federated token files it names.
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { adminTokenFor, handleAdmin } from "./admin.js";
import { ArmApi } from "./arm.js";
import { FaultInjector, Throttler } from "./faults.js";
import { generateCertificates, HttpsServers, Waits, writeTrustBundle } from "./https.js";
import { Identity, type MintFederatedTokenOptions } from "./identity.js";
import { RequestLog, TrafficLog } from "./log.js";
import { RequestPipeline } from "./pipeline.js";
import { PlatformApi } from "./platform.js";
import type { ClientRecord } from "./seed.js";
import { StateStore } from "./state.js";
import { StateApi } from "./stateApi.js";
import {
    initialSettings,
    validateSettings,
    type Counters,
    type EmulatorOptions,
    type EmulatorSettings,
    type Endpoints,
    type FaultRule,
    type RequestLogEntry,
    type RunningEmulator,
    type ThrottlingOptions,
    type TrafficRecord,
} from "./types.js";

export class Emulator implements RunningEmulator {
    armEndpoint = "";
    authorityHost = "";
    caCertPath = "";
    caCertPem = "";
    /** What clientEnv() gives as NODE_EXTRA_CA_CERTS: this process's NODE_EXTRA_CA_CERTS certificates plus the CA. */
    private caBundlePath = "";
    adminToken: string | undefined;
    readonly state: StateApi;
    private readonly store: StateStore;
    private readonly log: RequestLog;
    private readonly trafficLog: TrafficLog;
    private readonly injector: FaultInjector;
    private readonly throttler: Throttler;
    private readonly current: EmulatorSettings;
    private readonly arm: ArmApi;
    private readonly platform: PlatformApi;
    private identity!: Identity;
    private federatedTokenFiles: FederatedTokenFiles | undefined;
    private readonly servers = new HttpsServers();
    private readonly waits = new Waits();
    private readonly workDir: string;
    private readonly ownsWorkDir: boolean;
    private stopping: Promise<void> | undefined;

    constructor(private readonly options: EmulatorOptions) {
        this.current = initialSettings(options);
        this.store = new StateStore(options.seed, options.statePath, this.current.subscriptionIdMatching);
        this.state = new StateApi(this.store);
        this.log = new RequestLog(options.requestLogLimit);
        this.trafficLog = new TrafficLog(options.recordTraffic === true, options.requestLogLimit);
        this.injector = new FaultInjector(options.faults ?? [], options.faultSeed ?? 1);
        this.throttler = new Throttler(options.throttling);
        this.arm = new ArmApi(this.store, this.current, () => this.armEndpoint);
        this.platform = new PlatformApi(this.store);
        this.ownsWorkDir = !options.workDir;
        this.workDir = options.workDir ?? mkdtempSync(join(tmpdir(), "azs-emulator-"));
    }

    get tenantId(): string {
        return this.store.tenantId;
    }

    async start(): Promise<void> {
        const host = this.options.host ?? "127.0.0.1";
        this.adminToken = adminTokenFor(host, this.options.allowRemote);
        const [certs, identity] = await Promise.all([generateCertificates(host), Identity.create()]);
        this.identity = identity;
        this.caCertPem = certs.caCertPem;
        this.caCertPath = join(this.workDir, "emulator-ca.pem");
        writeFileSync(this.caCertPath, certs.caCertPem);
        this.caBundlePath = join(this.workDir, "emulator-ca-bundle.pem");
        writeTrustBundle(this.caBundlePath, certs.caCertPem);
        await this.store.init();
        const pipeline = new RequestPipeline({
            store: this.store,
            log: this.log,
            traffic: this.trafficLog,
            injector: this.injector,
            throttler: this.throttler,
            identity,
            arm: this.arm,
            platform: this.platform,
            settings: this.current,
            waits: this.waits,
            endpoints: () => this.endpoints(),
            adminToken: this.adminToken,
            admin: (req) => handleAdmin(this, this.store, req),
        });
        const tls = { key: certs.keyPem, cert: `${certs.certPem}\n${certs.caCertPem}` };
        const arm = await this.servers.listen(tls, host, this.options.port ?? 0, (req, res) => void pipeline.handle(req, res, "arm"));
        const login = await this.servers.listen(
            tls,
            host,
            this.options.authPort ?? 0,
            (req, res) => void pipeline.handle(req, res, "login"),
        );
        const urlHost = host.includes(":") ? `[${host}]` : host;
        this.armEndpoint = `https://${urlHost}:${arm}`;
        this.authorityHost = `https://${urlHost}:${login}`;
        this.federatedTokenFiles = new FederatedTokenFiles(this.workDir, identity, this.store);
        await this.federatedTokenFiles.start();
    }

    private endpoints(): Endpoints {
        return { armEndpoint: this.armEndpoint, authorityHost: this.authorityHost, tenantId: this.store.tenantId };
    }

    // ---- the RunningEmulator API ----

    clientEnv(clientId?: string): Record<string, string> {
        return clientEnvironment(this.store.clients, clientId, this.endpoints(), this.caBundlePath, (id) =>
            this.federatedTokenFiles?.fileOf(id),
        );
    }

    mintFederatedToken(opts?: MintFederatedTokenOptions): Promise<string> {
        return this.identity.mintFederatedToken(this.store.clients, opts);
    }

    requestLog(): RequestLogEntry[] {
        return this.log.list();
    }

    clearRequestLog(): void {
        this.log.clear();
    }

    traffic(): TrafficRecord[] {
        return this.trafficLog.list();
    }

    clearTraffic(): void {
        this.trafficLog.clear();
    }

    counters(): Counters {
        return this.log.counters();
    }

    resetCounters(): void {
        this.log.resetCounters();
    }

    setFaults(rules: FaultRule[]): void {
        this.injector.set(rules);
    }

    faults(): FaultRule[] {
        return this.injector.rules();
    }

    setLatency(ms: number): void {
        this.configure({ latencyMs: ms });
    }

    setThrottling(options: false | ThrottlingOptions): void {
        this.throttler.configure(options);
    }

    settings(): EmulatorSettings & { throttling: false | Required<ThrottlingOptions> } {
        return { ...this.current, throttling: this.throttler.settings() };
    }

    configure(patch: Partial<EmulatorSettings>): void {
        const next = { ...this.current, ...patch };
        validateSettings(next);
        Object.assign(this.current, next);
        this.store.matching = next.subscriptionIdMatching;
    }

    stop(): Promise<void> {
        this.stopping ??= this.doStop();
        return this.stopping;
    }

    private async doStop(): Promise<void> {
        this.federatedTokenFiles?.stop();
        this.waits.releaseAll();
        await this.servers.close();
        await this.store.flush();
        if (this.ownsWorkDir) rmSync(this.workDir, { recursive: true, force: true });
    }
}

// ---- the client environment ----
// The environment variables a seeded client needs to reach the emulator with @azure/identity's EnvironmentCredential.

/** `clientId` undefined: the first client with a secret, else the first. */
function clientEnvironment(
    clients: ClientRecord[],
    clientId: string | undefined,
    endpoints: Endpoints,
    /** A bundle: the certificates NODE_EXTRA_CA_CERTS named before, plus the emulator's CA (https.ts). */
    caBundlePath: string,
    federatedTokenFile: (clientId: string) => string | undefined,
): Record<string, string> {
    const client = clientId
        ? clients.find((c) => c.clientId.toLowerCase() === clientId.toLowerCase())
        : (clients.find((c) => c.clientSecret) ?? clients[0]);
    if (!client) throw new Error(`no seeded client ${clientId ?? ""}`);
    const env: Record<string, string> = {
        AZURE_RESOURCE_MANAGER_ENDPOINT: endpoints.armEndpoint,
        AZURE_AUTHORITY_HOST: endpoints.authorityHost,
        AZURE_TENANT_ID: endpoints.tenantId,
        AZURE_CLIENT_ID: client.clientId,
        NODE_EXTRA_CA_CERTS: caBundlePath,
    };
    if (client.clientSecret) env.AZURE_CLIENT_SECRET = client.clientSecret;
    else {
        const file = federatedTokenFile(client.clientId);
        if (file) env.AZURE_FEDERATED_TOKEN_FILE = file;
    }
    return env;
}

// ---- federated token files ----
// One token file per client with a federated credential (for AZURE_FEDERATED_TOKEN_FILE), refreshed while the emulator runs.

const REFRESH_MS = 10 * 60_000;

class FederatedTokenFiles {
    private readonly files = new Map<string, string>();
    private refreshTimer: NodeJS.Timeout | undefined;

    constructor(
        private readonly workDir: string,
        private readonly identity: Identity,
        private readonly store: StateStore,
    ) {}

    /** Writes the files now, then again every ten minutes, well within the tokens' hour. */
    async start(): Promise<void> {
        await this.write();
        this.refreshTimer = setInterval(() => void this.write().catch(() => undefined), REFRESH_MS);
        this.refreshTimer.unref();
    }

    stop(): void {
        clearInterval(this.refreshTimer);
    }

    fileOf(clientId: string): string | undefined {
        return this.files.get(clientId);
    }

    private async write(): Promise<void> {
        for (const client of this.store.clients.filter((c) => c.federatedCredentials.length > 0)) {
            const file = join(this.workDir, `federated-token-${client.clientId.replace(/[^\w.-]/g, "_")}.jwt`);
            const token = await this.identity.mintFederatedToken(this.store.clients, { clientId: client.clientId, lifetimeSeconds: 3600 });
            writeFileSync(`${file}.tmp`, token, { mode: 0o600 });
            renameSync(`${file}.tmp`, file);
            this.files.set(client.clientId, file);
        }
    }
}
