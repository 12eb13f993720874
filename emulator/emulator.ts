/**
 * The running emulator: two HTTPS servers (ARM with the admin API, and the login host) sharing one request
 * pipeline — request ids, fault injection, authentication, throttling, the handler, latency, logging.
 */
import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isIP, type AddressInfo, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { handleAdmin } from "./admin.js";
import { ArmApi, checkApiVersion, parseArmPath, subscriptionOf, type ArmSettings, type Reply } from "./arm.js";
import { generateCertificates } from "./certs.js";
import { ArmError } from "./errors.js";
import { FaultInjector } from "./faults.js";
import { Identity, type MintFederatedTokenOptions } from "./identity.js";
import { RequestLog } from "./log.js";
import { handleLogin, loginKind } from "./login.js";
import { checkPlatformApiVersion, parsePlatformPath, PlatformApi } from "./platform.js";
import { StateApi, StateStore } from "./state.js";
import { Throttler } from "./throttle.js";
import type { Counters, EmulatorOptions, FaultRule, PutResponseMode, RequestKind, RequestLogEntry, SubscriptionIdMatching, ThrottlingOptions } from "./types.js";

const MAX_BODY_BYTES = 1024 * 1024;

/** Settings that can be changed while the emulator runs (configure(), admin PATCH /_emulator/settings). */
export interface EmulatorSettings {
  putResponse: PutResponseMode;
  subscriptionIdMatching: SubscriptionIdMatching;
  mappingName: "bare" | "qualified";
  pageSize: number;
  tokenLifetimeSeconds: number;
  latencyMs: number;
}

export interface RunningEmulator {
  /** e.g. "https://127.0.0.1:40123" (no trailing slash); also serves the admin API under /_emulator/. */
  readonly armEndpoint: string;
  /** e.g. "https://127.0.0.1:40124": pass as @azure/identity's `authorityHost` (with disableInstanceDiscovery). */
  readonly authorityHost: string;
  /** The directory tenant the seeded clients live in. */
  readonly tenantId: string;
  /** The throw-away CA that signed both servers' certificates (for NODE_EXTRA_CA_CERTS). */
  readonly caCertPath: string;
  readonly caCertPem: string;
  /** Direct state access, behind the API's back. */
  readonly state: StateApi;
  /** Set when listening on a non-loopback host (allowRemote): the admin API requires `Authorization: Bearer <adminToken>`. */
  readonly adminToken: string | undefined;
  /** Environment for a seeded client (default: the first one with a secret). */
  clientEnv(clientId?: string): Record<string, string>;
  /** A JWT from the emulator's external OIDC issuer, accepted as client_assertion for seeded federated credentials. */
  mintFederatedToken(opts?: MintFederatedTokenOptions): Promise<string>;
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  counters(): Counters;
  resetCounters(): void;
  setFaults(rules: FaultRule[]): void;
  faults(): FaultRule[];
  setLatency(ms: number): void;
  /** Replaces the throttling settings (false turns it off); every bucket starts full again. */
  setThrottling(options: false | ThrottlingOptions): void;
  settings(): EmulatorSettings & { throttling: false | Required<ThrottlingOptions> };
  configure(patch: Partial<EmulatorSettings>): void;
  /** Closes both servers and every open socket (hung requests too), then flushes the state file. */
  stop(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = new Emulator(options);
  try {
    await emulator.start();
  } catch (err) {
    await emulator.stop(); // close whatever did start, remove the work directory
    throw err;
  }
  return emulator;
}

class Emulator implements RunningEmulator {
  armEndpoint = "";
  authorityHost = "";
  caCertPath = "";
  caCertPem = "";
  adminToken: string | undefined;
  readonly state: StateApi;
  private readonly store: StateStore;
  private readonly log: RequestLog;
  private readonly injector: FaultInjector;
  private readonly throttler: Throttler;
  private readonly current: EmulatorSettings;
  private readonly arm: ArmApi;
  private readonly platform: PlatformApi;
  private identity!: Identity;
  private servers: Server[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly hung = new Set<() => void>();
  private readonly sleeping = new Set<() => void>();
  private readonly workDir: string;
  private readonly ownsWorkDir: boolean;
  private federatedTokenFiles = new Map<string, string>();
  private refreshTimer: NodeJS.Timeout | undefined;
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: EmulatorOptions) {
    const matching = options.subscriptionIdMatching ?? "case-sensitive";
    this.current = {
      putResponse: options.putResponse ?? "201-empty",
      subscriptionIdMatching: matching,
      mappingName: options.mappingName ?? "bare",
      pageSize: options.pageSize ?? 100,
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
      latencyMs: options.latencyMs ?? 0,
    };
    validateSettings(this.current);
    this.store = new StateStore(options.seed, options.statePath, matching);
    this.state = new StateApi(this.store);
    this.log = new RequestLog(options.requestLogLimit);
    this.injector = new FaultInjector(options.faults ?? [], options.faultSeed ?? 1);
    this.throttler = new Throttler(options.throttling);
    this.arm = new ArmApi(this.store, this.current as ArmSettings, () => this.armEndpoint);
    this.platform = new PlatformApi(this.store);
    this.ownsWorkDir = !options.workDir;
    this.workDir = options.workDir ?? mkdtempSync(join(tmpdir(), "azs-emulator-"));
  }

  get tenantId(): string {
    return this.store.tenantId;
  }

  async start(): Promise<void> {
    const host = this.options.host ?? "127.0.0.1";
    if (!isLoopback(host)) {
      if (!this.options.allowRemote) {
        throw new Error(`host ${host} is not a loopback address: the admin API hands out client secrets and mints tokens, so the emulator listens on loopback only unless remote access is allowed explicitly (allowRemote: true, CLI --allow-remote), and then requires the admin token it prints at start`);
      }
      this.adminToken = randomBytes(32).toString("base64url");
    }
    const [certs, identity] = await Promise.all([generateCertificates(host), Identity.create()]);
    this.identity = identity;
    this.caCertPem = certs.caCertPem;
    this.caCertPath = join(this.workDir, "emulator-ca.pem");
    writeFileSync(this.caCertPath, certs.caCertPem);
    await this.store.init();
    const tls = { key: certs.keyPem, cert: `${certs.certPem}\n${certs.caCertPem}` };
    const arm = await this.listen(tls, host, this.options.port ?? 0, "arm");
    const login = await this.listen(tls, host, this.options.authPort ?? 0, "login");
    const urlHost = host.includes(":") ? `[${host}]` : host;
    this.armEndpoint = `https://${urlHost}:${arm}`;
    this.authorityHost = `https://${urlHost}:${login}`;
    await this.writeFederatedTokenFiles();
    this.refreshTimer = setInterval(() => void this.writeFederatedTokenFiles().catch(() => undefined), 10 * 60_000);
    this.refreshTimer.unref();
  }

  private listen(tls: { key: string; cert: string }, host: string, port: number, which: "arm" | "login"): Promise<number> {
    const server = createServer({ ...tls, keepAlive: true }, (req, res) => void this.handle(req, res, which));
    server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    server.on("tlsClientError", () => undefined); // e.g. a client that does not trust the CA
    this.servers.push(server);
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
    });
  }

  // ---- the pipeline ----

  private async handle(req: IncomingMessage, res: ServerResponse, which: "arm" | "login"): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? "/", "https://emulator.invalid");
    const path = url.pathname;
    const method = (req.method ?? "GET").toUpperCase();
    const kind: RequestKind = which === "login" ? loginKind(path) : path === "/_emulator" || path.startsWith("/_emulator/") ? "admin" : path.startsWith("/metadata/") ? "metadata" : "arm";
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const requestId = randomUUID();
    const correlationRequestId = header("x-ms-correlation-request-id") ?? requestId;
    const clientRequestId = header("x-ms-client-request-id") ?? header("client-request-id");
    const entry: RequestLogEntry = { time: new Date().toISOString(), method, path, status: 0, latencyMs: 0, kind, requestId, correlationRequestId };
    const apiVersion = url.searchParams.get("api-version");
    if (apiVersion !== null) entry.apiVersion = apiVersion;
    if (clientRequestId !== undefined) entry.clientRequestId = clientRequestId;
    const acceptLanguage = header("accept-language");
    if (acceptLanguage !== undefined) entry.acceptLanguage = acceptLanguage;
    const headers: Record<string, string> = { "x-ms-request-id": requestId, "x-ms-correlation-request-id": correlationRequestId };
    if (clientRequestId !== undefined) {
      headers["x-ms-client-request-id"] = clientRequestId;
      if (which === "login") headers["client-request-id"] = clientRequestId;
    }
    let logged = false;
    const record = () => {
      if (logged) return;
      logged = true;
      entry.latencyMs = Math.round((performance.now() - started) * 1000) / 1000;
      this.log.add(entry);
    };

    const decision = kind === "admin" ? { latencyMs: 0, fired: [] } : this.injector.decide(method, path, kind);
    const action = decision.action;
    if (decision.fired.length) entry.fault = action?.kind ?? "latency";
    // A refused request is still someone's: the log names the caller, as it does for answered ones.
    let early: Promise<Buffer> | undefined;
    if (action) {
      if (kind === "token") early = readBody(req).catch(() => Buffer.alloc(0));
      const caller = await this.faultedCaller(kind, req, early);
      if (caller !== undefined) entry.caller = caller;
    }
    if (action?.kind === "reset") {
      record();
      req.socket.destroy();
      return;
    }
    if (action?.kind === "hang") {
      const release = () => {
        this.hung.delete(release);
        record();
        req.socket.destroy();
      };
      this.hung.add(release);
      res.on("close", release);
      req.resume();
      return;
    }

    let reply: Reply;
    try {
      const body = await (early ?? readBody(req));
      if (action) reply = faultReply(action);
      else if (kind === "admin" && !this.adminAuthorized(req.headers.authorization)) reply = adminTokenRequired();
      else if (kind === "admin") reply = await handleAdmin(this, this.store, { method, path, query: url.searchParams, body });
      else if (which === "login") {
        reply = await handleLogin(
          { identity: this.identity, store: this.store, authorityHost: this.authorityHost, armEndpoint: this.armEndpoint, tokenLifetimeSeconds: () => this.current.tokenLifetimeSeconds },
          { method, path, body, correlationId: correlationRequestId },
        );
      } else if (kind === "metadata") reply = this.metadataEndpoints(url.searchParams);
      else reply = await this.handleArm(req, method, path, url.searchParams, body, entry);
    } catch (err) {
      if (err instanceof ArmError) reply = { status: err.status, body: err.body(), errorCode: err.code };
      else if ((err as { code?: string }).code === "BODY_TOO_LARGE") reply = errorReply(new ArmError("InvalidRequestContent", `The request body is larger than ${MAX_BODY_BYTES} bytes.`, undefined, 413));
      else reply = errorReply(new ArmError("InternalServerError", `The emulator failed: ${(err as Error).message}`));
    }
    if (reply.errorCode) entry.errorCode = reply.errorCode;
    if (reply.caller) entry.caller = reply.caller;
    const delay = decision.latencyMs + (kind === "arm" ? this.current.latencyMs : 0);
    if (delay > 0) await this.sleep(delay);
    entry.status = reply.status;
    send(res, reply, headers);
    record(); // before the client can have read the answer, so a test that got it finds it in the log
  }

  private adminAuthorized(authorization: string | undefined): boolean {
    if (this.adminToken === undefined) return true; // loopback only: whoever can reach it is on this machine
    const given = Buffer.from(/^Bearer (.+)$/i.exec(authorization ?? "")?.[1] ?? "");
    const wanted = Buffer.from(this.adminToken);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  }

  /** Who sent a request a fault refuses: the token's oid on ARM, the client id on the token endpoint. */
  private async faultedCaller(kind: RequestKind, req: IncomingMessage, body: Promise<Buffer> | undefined): Promise<string | undefined> {
    if (kind === "token" && body) return new URLSearchParams((await body).toString("utf8")).get("client_id") ?? undefined;
    if (kind !== "arm") return undefined;
    try {
      const caller = await this.identity.verifyArmToken(req.headers.authorization, { armEndpoint: this.armEndpoint, authorityHost: this.authorityHost, tenantId: this.store.tenantId });
      return caller.objectId;
    } catch {
      return undefined; // no valid token: the fault answers anyway, as it acts before authentication
    }
  }

  /** Authentication, throttling, api-version and the ARM handlers. */
  private async handleArm(req: IncomingMessage, method: string, path: string, query: URLSearchParams, body: Buffer, entry: RequestLogEntry): Promise<Reply> {
    let caller;
    try {
      caller = await this.identity.verifyArmToken(req.headers.authorization, { armEndpoint: this.armEndpoint, authorityHost: this.authorityHost, tenantId: this.store.tenantId });
    } catch (err) {
      if (!(err instanceof ArmError)) throw err;
      return {
        status: 401,
        headers: { "www-authenticate": `Bearer authorization_uri="${this.authorityHost}/${this.store.tenantId}", error="invalid_token", error_description="${err.message.replace(/"/g, "'")}"` },
        body: err.body(),
        errorCode: err.code,
      };
    }
    entry.caller = caller.objectId;
    const headers: Record<string, string> = {};
    const bucket = method === "GET" || method === "HEAD" ? "reads" : "writes";
    const subscription = subscriptionOf(path);
    const decision = subscription === undefined ? undefined : this.throttler.take(caller.objectId, subscription, bucket);
    if (decision) {
      headers[`x-ms-ratelimit-remaining-subscription-${bucket}`] = String(decision.remaining);
      if (!decision.allowed) {
        const seconds = decision.retryAfterSeconds!;
        headers["retry-after"] = String(seconds);
        const err = new ArmError("SubscriptionRequestsThrottled", `Number of ${bucket === "writes" ? "write" : "read"} requests for subscription '${subscription}' and caller '${caller.objectId}' exceeded the limit. Retry after ${seconds} second(s).`);
        return { status: 429, headers, body: err.body(), errorCode: err.code };
      }
    }
    let reply: Reply;
    try {
      const platformRoute = parsePlatformPath(path);
      if (platformRoute) {
        checkPlatformApiVersion(query);
        reply = this.platform.handle(platformRoute, method);
      } else {
        const route = parseArmPath(path);
        if (route instanceof ArmError) throw route;
        const apiVersion = checkApiVersion(query, route);
        reply = await this.arm.handle(route, apiVersion, { method, path, query, headers: req.headers, body, caller: caller.objectId });
      }
    } catch (err) {
      if (!(err instanceof ArmError)) throw err;
      reply = errorReply(err);
    }
    reply.headers = { ...reply.headers, ...headers };
    return reply;
  }

  /**
   * The ARM metadata endpoint clients read to find the login endpoint and audience, in each api-version's
   * shape: 2022-09-01 and newer (what `az cloud register` asks) one object for this cloud; 2019-05-01 up to
   * then the array of clouds; older (Azure Stack Hub's 2015-01-01, msrestazure's 1.0) its legacy document.
   */
  private metadataEndpoints(query: URLSearchParams): Reply {
    const version = query.get("api-version") ?? "2015-01-01";
    const arm = `${this.armEndpoint}/`;
    const authentication = { loginEndpoint: `${this.authorityHost}/`, audiences: [arm], tenant: this.store.tenantId, identityProvider: "AAD" };
    if (version < "2019-05-01") return { status: 200, body: { galleryEndpoint: "", graphEndpoint: "", portalEndpoint: "", authentication } };
    const cloud = { name: "AzureStackEmulator", resourceManager: arm, portal: "", authentication, suffixes: {} };
    if (version < "2022-09-01") return { status: 200, body: [cloud] };
    return { status: 200, body: cloud };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleeping.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleeping.add(wake);
    });
  }

  // ---- the RunningEmulator API ----

  clientEnv(clientId?: string): Record<string, string> {
    const clients = this.store.clients;
    const client = clientId ? clients.find((c) => c.clientId.toLowerCase() === clientId.toLowerCase()) : clients.find((c) => c.clientSecret) ?? clients[0];
    if (!client) throw new Error(`no seeded client ${clientId ?? ""}`);
    const env: Record<string, string> = {
      AZURE_RESOURCE_MANAGER_ENDPOINT: this.armEndpoint,
      AZURE_AUTHORITY_HOST: this.authorityHost,
      AZURE_TENANT_ID: this.tenantId,
      AZURE_CLIENT_ID: client.clientId,
      NODE_EXTRA_CA_CERTS: this.caCertPath,
    };
    if (client.clientSecret) env.AZURE_CLIENT_SECRET = client.clientSecret;
    else {
      const file = this.federatedTokenFiles.get(client.clientId);
      if (file) env.AZURE_FEDERATED_TOKEN_FILE = file;
    }
    return env;
  }

  mintFederatedToken(opts?: MintFederatedTokenOptions): Promise<string> {
    return this.identity.mintFederatedToken(this.store.clients, opts);
  }

  /** One token file per client with a federated credential (for AZURE_FEDERATED_TOKEN_FILE), refreshed while running. */
  private async writeFederatedTokenFiles(): Promise<void> {
    for (const client of this.store.clients.filter((c) => c.federatedCredentials.length > 0)) {
      const file = join(this.workDir, `federated-token-${client.clientId.replace(/[^\w.-]/g, "_")}.jwt`);
      const token = await this.identity.mintFederatedToken(this.store.clients, { clientId: client.clientId, lifetimeSeconds: 3600 });
      writeFileSync(`${file}.tmp`, token, { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
      this.federatedTokenFiles.set(client.clientId, file);
    }
  }

  requestLog(): RequestLogEntry[] {
    return this.log.list();
  }

  clearRequestLog(): void {
    this.log.clear();
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
    clearInterval(this.refreshTimer);
    const closed = Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    for (const release of [...this.hung]) release();
    for (const wake of [...this.sleeping]) wake();
    for (const socket of this.sockets) socket.destroy();
    await closed;
    await this.store.flush();
    if (this.ownsWorkDir) rmSync(this.workDir, { recursive: true, force: true });
  }
}

function validateSettings(s: EmulatorSettings): void {
  if (s.putResponse !== "201-empty" && s.putResponse !== "200-body") throw new Error(`putResponse must be "201-empty" or "200-body", got ${JSON.stringify(s.putResponse)}`);
  if (s.subscriptionIdMatching !== "case-sensitive" && s.subscriptionIdMatching !== "arm-case-insensitive") throw new Error(`subscriptionIdMatching must be "case-sensitive" or "arm-case-insensitive", got ${JSON.stringify(s.subscriptionIdMatching)}`);
  if (s.mappingName !== "bare" && s.mappingName !== "qualified") throw new Error(`mappingName must be "bare" or "qualified", got ${JSON.stringify(s.mappingName)}`);
  if (!Number.isInteger(s.pageSize) || s.pageSize < 1) throw new Error(`pageSize must be a whole number ≥ 1, got ${s.pageSize}`);
  if (!Number.isInteger(s.tokenLifetimeSeconds) || s.tokenLifetimeSeconds < 1) throw new Error(`tokenLifetimeSeconds must be a whole number ≥ 1, got ${s.tokenLifetimeSeconds}`);
  if (typeof s.latencyMs !== "number" || !(s.latencyMs >= 0)) throw new Error(`latencyMs must be a number ≥ 0, got ${s.latencyMs}`);
}

function faultReply(rule: FaultRule): Reply {
  switch (rule.kind) {
    case "throttle": {
      const seconds = Math.max(1, Math.ceil(rule.retryAfterSeconds ?? 1));
      const err = new ArmError("SubscriptionRequestsThrottled", `Too many requests (injected fault). Retry after ${seconds} second(s).`);
      return { status: 429, headers: { "retry-after": String(seconds) }, body: err.body(), errorCode: err.code };
    }
    case "metadata-bad-gateway":
      return errorReply(new ArmError("MetadataResolverBadGatewayError", "An upstream service answered with an unexpected error (injected fault). This is transient: retry later."));
    default: {
      const status = rule.status ?? 503;
      const code = status === 502 ? "BadGateway" : status === 503 ? "ServiceUnavailable" : "InternalServerError";
      const reply = errorReply(new ArmError(code, `The service answered ${status} (injected fault).`, undefined, status));
      if (rule.retryAfterSeconds !== undefined) reply.headers = { "retry-after": String(Math.max(1, Math.ceil(rule.retryAfterSeconds))) };
      return reply;
    }
  }
}

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and localhost: addresses only this machine reaches. */
function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  if (h === "localhost" || h === "::1") return true;
  const v4 = h.startsWith("::ffff:") ? h.slice(7) : h;
  return isIP(v4) === 4 && v4.startsWith("127.");
}

function adminTokenRequired(): Reply {
  const message = "The emulator listens on a non-loopback address: the admin API requires 'Authorization: Bearer <admin token>' with the admin token it printed at start.";
  return { status: 401, headers: { "www-authenticate": "Bearer" }, body: { error: { code: "AdminTokenRequired", message } }, errorCode: "AdminTokenRequired" };
}

function errorReply(err: ArmError): Reply {
  return { status: err.status, body: err.body(), errorCode: err.code };
}

function send(res: ServerResponse, reply: Reply, base: Record<string, string>): void {
  if (res.destroyed) return;
  const headers: Record<string, string> = { ...base, ...reply.headers };
  let payload: Buffer | undefined;
  if (reply.body !== undefined) {
    payload = Buffer.from(JSON.stringify(reply.body));
    headers["content-type"] = "application/json; charset=utf-8";
  }
  headers["content-length"] = String(payload?.length ?? 0);
  res.writeHead(reply.status, headers);
  res.end(payload);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners("data");
        req.resume();
        reject(Object.assign(new Error("body too large"), { code: "BODY_TOO_LARGE" }));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
