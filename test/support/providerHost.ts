/**
 * Drives a real provider process over gRPC, as the engine does, in either form of the product: the
 * `@pulumi/pulumi/cmd/dynamic-provider` host with the same serialized `__provider` in every request (the
 * dynamic resource), or the provider plugin bin/pulumi-resource-azurestack-tenant-mappings (the plugin
 * resource). Configure first, then the CRUD calls. One process serves every resource of a deployment, as the
 * engine's does: `sets()` drives the registration sets (CustomerSubscriptionMappingSet) through the same process.
 */
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const structproto = require("google-protobuf/google/protobuf/struct_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const statusproto = require("@pulumi/pulumi/proto/status_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const provproto = require("@pulumi/pulumi/proto/provider_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
import { customerSubscriptionMappingProvider, customerSubscriptionMappingSetProvider } from "../../provider";
import { CONFIG_NAMESPACE } from "../../provider/settings";
import { MAPPING_TOKEN, SET_TOKEN } from "../../provider/packageSchema";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";
import { compileCacheEnv, startCommand, type StartedCommand } from "./processes";

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..", "..");
const TYPE = "pulumi-nodejs:dynamic/azurestack:CustomerSubscriptionMapping";
const SET_TYPE = "pulumi-nodejs:dynamic/azurestack:CustomerSubscriptionMappingSet";
export const urnOf = (name: string, type = TYPE) => `urn:pulumi:test::protocol::${type}::${name}`;
/** A registration set's URN (the dynamic resource's type). */
export const setUrnOf = (name: string) => urnOf(name, SET_TYPE);

/** The dynamic resource (through the dynamic-provider host) or the plugin resource (through the plugin). */
export type ProviderForm = "dynamic" | "plugin";
export const PLUGIN = path.join(PROJECT_ROOT, "bin", "pulumi-resource-azurestack-tenant-mappings");

type Props = Record<string, unknown>;

/** What a failed Create/Update carried: the message, and the id/properties of a partial failure. */
export interface ProviderCallError extends Error {
    grpcCode?: number;
    /** `provider`: the `__provider` the properties carried (stripped from `properties`). */
    initFailure?: { id: string; properties: Props; reasons: string[]; provider?: unknown };
}

export class ProviderHost {
    private host?: StartedCommand;
    private client?: any;
    serializedProvider = "";
    /** The registration set's serialized provider, sent instead by the set view (`sets()`). */
    serializedSetProvider = "";
    private kind: "mapping" | "set" = "mapping";

    constructor(readonly form: ProviderForm = "dynamic") {}

    urnOf(name: string): string {
        if (this.kind === "set") return urnOf(name, this.form === "plugin" ? SET_TOKEN : SET_TYPE);
        return urnOf(name, this.form === "plugin" ? MAPPING_TOKEN : TYPE);
    }

    /** The same provider process, driving CustomerSubscriptionMappingSet resources. */
    sets(): ProviderHost {
        const view = Object.create(this) as ProviderHost;
        view.kind = "set";
        return view;
    }

    get stdout(): string {
        return this.host?.stdout() ?? "";
    }

    get stderr(): string {
        return this.host?.stderr() ?? "";
    }

    /**
     * Starts the host with `env` (credentials, endpoints, NODE_EXTRA_CA_CERTS) from the project directory. Of this
     * process's environment it gets only PATH, HOME and the run's Node.js compile cache (the engine passes on all of
     * its environment; the compile cache changes no behaviour).
     */
    async start(env: Record<string, string>): Promise<void> {
        if (this.form === "dynamic") {
            this.serializedProvider = (
                await pulumi.runtime.serializeFunction(() => customerSubscriptionMappingProvider, { allowSecrets: true })
            ).text;
            this.serializedSetProvider = (
                await pulumi.runtime.serializeFunction(() => customerSubscriptionMappingSetProvider, { allowSecrets: true })
            ).text;
        }
        const script = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [PROJECT_ROOT] });
        const [command, args] = this.form === "plugin" ? [PLUGIN, []] : [process.execPath, [script]];
        const host = startCommand(command, [...args, "127.0.0.1:0"], {
            cwd: PROJECT_ROOT,
            env: {
                PATH: [path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
                HOME: process.env.HOME,
                ...compileCacheEnv(),
                ...env,
            },
        });
        this.host = host;
        const port = await new Promise<string>((resolve, reject) => {
            host.child.stdout!.on("data", () => {
                const match = /^(\d+)\s*$/m.exec(host.stdout());
                if (match) resolve(match[1]);
            });
            void host.exited.then(({ code }) => reject(new Error(`provider host exited with ${code}: ${host.stderr()}`)));
        });
        this.client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    }

    /**
     * What the host wrote to stderr from `offset` on, once it contains `text` (or the host has had 10 s).
     * The pipe is read asynchronously: a line written before an RPC answered may arrive after the answer.
     */
    async stderrFrom(offset: number, text: string): Promise<string> {
        for (let waited = 0; !this.stderr.slice(offset).includes(text) && waited < 10_000; waited += 20) {
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
        return this.stderr.slice(offset);
    }

    /** Ends the process: SIGTERM, or SIGINT as the engine first ends a provider's when its operation is over. */
    async stop(signal: "SIGTERM" | "SIGINT" = "SIGTERM"): Promise<void> {
        this.client?.close();
        const host = this.host;
        if (host && host.child.exitCode === null) {
            host.child.kill(signal);
            await host.exited;
        }
    }

    /**
     * Stack configuration as the engine sends it: the whole of it, namespaces preserved, to the dynamic-provider
     * host; only the package's own keys, without their namespace, to a plugin.
     */
    configure(config: Record<string, string> = {}): Promise<void> {
        const request = new provproto.ConfigureRequest();
        const own = `${CONFIG_NAMESPACE}:`;
        const args =
            this.form === "dynamic"
                ? config
                : Object.fromEntries(Object.entries(config).flatMap(([k, v]) => (k.startsWith(own) ? [[k.slice(own.length), v]] : [])));
        request.setArgs(structproto.Struct.fromJavaScript(args));
        request.setAcceptsecrets(true);
        return this.call("configure", request).then(() => undefined);
    }

    async check(name: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
        const request = new provproto.CheckRequest();
        request.setUrn(this.urnOf(name));
        request.setOlds(this.struct(olds));
        request.setNews(this.struct(news));
        const response = await this.call("check", request);
        return {
            inputs: strip(response.getInputs().toJavaScript()),
            failures: response.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
        };
    }

    async diff(
        name: string,
        id: string,
        olds: Props,
        news: Props,
    ): Promise<{ changes: string; replaces: string[]; deleteBeforeReplace: boolean; detailedDiff?: Record<string, string> }> {
        const request = new provproto.DiffRequest();
        request.setId(id);
        request.setUrn(this.urnOf(name));
        request.setOlds(this.struct(olds));
        request.setNews(this.struct(news));
        const response = await this.call("diff", request);
        const changes = ["DIFF_UNKNOWN", "DIFF_NONE", "DIFF_SOME"][response.getChanges()];
        const kinds = ["add", "addReplace", "delete", "deleteReplace", "update", "updateReplace"];
        let detailedDiff: Record<string, string> | undefined;
        if (response.getHasdetaileddiff()) {
            detailedDiff = {};
            response.getDetaileddiffMap().forEach((property: any, name: string) => (detailedDiff![name] = kinds[property.getKind()]));
        }
        const decision = { changes, replaces: response.getReplacesList(), deleteBeforeReplace: response.getDeletebeforereplace() };
        return detailedDiff ? { ...decision, detailedDiff } : decision;
    }

    async create(name: string, inputs: Props): Promise<{ id: string; outputs: Props }> {
        const request = new provproto.CreateRequest();
        request.setUrn(this.urnOf(name));
        request.setProperties(this.struct(inputs));
        const response = await this.call("create", request);
        return { id: response.getId(), outputs: strip(response.getProperties().toJavaScript()) };
    }

    async read(name: string, id: string, props: Props): Promise<{ id: string; outputs: Props; inputs?: Props }> {
        const request = new provproto.ReadRequest();
        request.setId(id);
        request.setUrn(this.urnOf(name));
        request.setProperties(this.struct(props));
        const response = await this.call("read", request);
        const inputs = response.getInputs();
        return {
            id: response.getId(),
            outputs: strip(response.getProperties().toJavaScript()),
            inputs: inputs ? strip(inputs.toJavaScript()) : undefined,
        };
    }

    async update(name: string, id: string, olds: Props, news: Props): Promise<Props> {
        const request = new provproto.UpdateRequest();
        request.setId(id);
        request.setUrn(this.urnOf(name));
        request.setOlds(this.struct(olds));
        request.setNews(this.struct(news));
        const response = await this.call("update", request);
        return strip(response.getProperties().toJavaScript());
    }

    async delete(name: string, id: string, props: Props): Promise<void> {
        const request = new provproto.DeleteRequest();
        request.setId(id);
        request.setUrn(this.urnOf(name));
        request.setProperties(this.struct(props));
        await this.call("delete", request);
    }

    /** The plugin's CheckConfig of provider inputs (short keys). */
    async checkConfig(news: Props): Promise<{ property: string; reason: string }[]> {
        const request = new provproto.CheckRequest();
        request.setUrn(`urn:pulumi:test::protocol::pulumi:providers:${CONFIG_NAMESPACE}::default`);
        request.setOlds(structproto.Struct.fromJavaScript({}));
        request.setNews(structproto.Struct.fromJavaScript(news));
        const response = await this.call("checkConfig", request);
        return response.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() }));
    }

    /** A function of the plugin (an invoke). */
    async invoke(token: string, args: Props): Promise<Props> {
        const request = new provproto.InvokeRequest();
        request.setTok(token);
        request.setArgs(structproto.Struct.fromJavaScript(args));
        const response = await this.call("invoke", request);
        return response.getReturn().toJavaScript();
    }

    /** The plugin's package schema. */
    async schema(): Promise<Record<string, any>> {
        const response = await this.call("getSchema", new provproto.GetSchemaRequest());
        return JSON.parse(response.getSchema());
    }

    /** Every Struct the engine sends a dynamic provider carries the serialized provider, as it is stored in state. */
    private struct(props: Props) {
        const text = this.kind === "set" ? this.serializedSetProvider : this.serializedProvider;
        const provider = this.form === "dynamic" ? { __provider: text } : {};
        return structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify({ ...props, ...provider })));
    }

    private call(method: string, request: unknown): Promise<any> {
        return new Promise((resolve, reject) => {
            this.client[method](request, (error: grpc.ServiceError | null, response: unknown) => {
                if (!error) return resolve(response);
                const failure: ProviderCallError = new Error(error.details || error.message);
                failure.grpcCode = error.code;
                const details = error.metadata?.get("grpc-status-details-bin")?.[0];
                if (details) {
                    const status = statusproto.Status.deserializeBinary(details as Buffer);
                    for (const any of status.getDetailsList()) {
                        const init = provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
                        const properties = init.getProperties()?.toJavaScript() ?? {};
                        failure.initFailure = {
                            id: init.getId(),
                            properties: strip(properties),
                            reasons: init.getReasonsList(),
                            provider: properties.__provider,
                        };
                    }
                }
                reject(failure);
            });
        });
    }
}

function strip(props: Props): Props {
    const { __provider: _ignored, ...rest } = props;
    return rest;
}

/** The error a provider call failed with; a call that succeeds fails the test. */
export async function failureOf(promise: Promise<unknown>): Promise<ProviderCallError> {
    return promise.then(
        () => {
            throw new Error("expected the call to fail");
        },
        (e: ProviderCallError) => e,
    );
}

/**
 * A fresh emulator and a fresh provider host (so nothing is cached from other tests), configured with
 * `config`; `env` adjusts the emulator's client environment. Both are stopped afterwards.
 */
export async function withFreshHost(
    options: {
        emulator: EmulatorOptions;
        config?: Record<string, string>;
        env?: (clientEnv: Record<string, string>) => Record<string, string>;
        form?: ProviderForm;
    },
    fn: (emulator: RunningEmulator, host: ProviderHost) => Promise<void>,
): Promise<void> {
    const emulator = await startEmulator(options.emulator);
    const host = new ProviderHost(options.form);
    try {
        await host.start((options.env ?? ((e) => e))(emulator.clientEnv()));
        await host.configure(options.config ?? {});
        await fn(emulator, host);
    } finally {
        await host.stop();
        await emulator.stop();
    }
}
