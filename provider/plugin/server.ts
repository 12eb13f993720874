/**
 * Serves the plugin with @pulumi/pulumi's provider server (`provider.main`), plus the three calls that server
 * does not pass on to a provider in @pulumi/pulumi 3.276 (read in node_modules/@pulumi/pulumi/provider/server.js):
 *
 * - Configure: the server answers it without telling the provider, so the provider would never see its
 *   configuration (credentials, cloud, locale...). Here the provider gets the inputs, and the answer says it
 *   takes no secrets or resources: the engine then sends plain values and marks outputs secret again itself.
 * - CheckConfig: unimplemented there; here the settings are checked at preview, naming the key.
 * - Diff: the server drops a detailed diff; here it is sent, so preview names each changed input and why a
 *   mapping is replaced.
 *
 * The server's service object is not exported, so these handlers are put in front of it as it is registered
 * with gRPC: the smallest change that keeps every other call (check, create, read, update, delete, invoke,
 * schema, cancel) the SDK's own.
 */
import * as path from "node:path";
import * as pulumiProvider from "@pulumi/pulumi/provider";
import type { DetailedDiff, PropertyDiffKind } from "./detailedDiff";

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
const provproto = require("@pulumi/pulumi/proto/provider_pb");
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");

type Props = Record<string, unknown>;
type Callback = (error: unknown, response?: unknown) => void;
type Handler = (call: { request: any }, callback: Callback) => void;

export interface PluginProvider extends pulumiProvider.Provider {
    checkConfig(inputs: Props): { property: string; reason: string }[];
    configure(inputs: Props, engineAddress: string | undefined): void;
    detailedDiff(id: string, urn: string, olds: Props, news: Props): Promise<Omit<DetailedDiff, "updates">>;
}

const KINDS: Record<PropertyDiffKind, number> = {
    add: provproto.PropertyDiff.Kind.ADD,
    addReplace: provproto.PropertyDiff.Kind.ADD_REPLACE,
    delete: provproto.PropertyDiff.Kind.DELETE,
    deleteReplace: provproto.PropertyDiff.Kind.DELETE_REPLACE,
    update: provproto.PropertyDiff.Kind.UPDATE,
    updateReplace: provproto.PropertyDiff.Kind.UPDATE_REPLACE,
};

/** The engine's address: the first argument that is not one of the flags the engine may put before it. */
export function engineAddressOf(args: string[]): string | undefined {
    for (let i = 0; i < args.length; i++) {
        if (args[i] === "--tracing") i++;
        else if (!args[i].startsWith("-")) return args[i];
    }
    return undefined;
}

function handlers(plugin: PluginProvider, engineAddress: string | undefined): Record<string, Handler> {
    const answer = (callback: Callback, work: () => Promise<unknown>) =>
        work().then(
            (response) => callback(null, response),
            (error) => callback(error),
        );
    return {
        checkConfig: (call, callback) =>
            answer(callback, async () => {
                const response = new provproto.CheckResponse();
                const news = call.request.getNews();
                response.setInputs(news);
                response.setFailuresList(
                    plugin.checkConfig(news?.toJavaScript() ?? {}).map(({ property, reason }) => {
                        const failure = new provproto.CheckFailure();
                        failure.setProperty(property);
                        failure.setReason(reason);
                        return failure;
                    }),
                );
                return response;
            }),
        configure: (call, callback) =>
            answer(callback, async () => {
                plugin.configure(call.request.getArgs()?.toJavaScript() ?? {}, engineAddress);
                const response = new provproto.ConfigureResponse();
                response.setAcceptsecrets(false);
                response.setAcceptresources(false);
                return response;
            }),
        diff: (call, callback) =>
            answer(callback, async () => {
                const request = call.request;
                const diff = await plugin.detailedDiff(
                    request.getId(),
                    request.getUrn(),
                    request.getOlds()?.toJavaScript() ?? {},
                    request.getNews()?.toJavaScript() ?? {},
                );
                const response = new provproto.DiffResponse();
                response.setChanges(
                    diff.changes ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE,
                );
                response.setReplacesList(diff.replaces);
                response.setDeletebeforereplace(diff.deleteBeforeReplace);
                response.setDiffsList(Object.keys(diff.detailedDiff));
                response.setHasdetaileddiff(true);
                const details = response.getDetaileddiffMap();
                for (const [name, kind] of Object.entries(diff.detailedDiff)) {
                    const property = new provproto.PropertyDiff();
                    property.setKind(KINDS[kind]);
                    property.setInputdiff(true);
                    details.set(name, property);
                }
                return response;
            }),
    };
}

/** Starts the provider server, prints its port (the engine reads it) and serves until the engine stops it. */
export async function serve(plugin: PluginProvider, args: string[]): Promise<void> {
    // The gRPC module the SDK's server registers its service with (one copy per install, usually the same as ours).
    const server = require.resolve("@pulumi/pulumi/provider/server");
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [path.dirname(server)] }));
    const addService = grpc.Server.prototype.addService;
    let adapted = false;
    grpc.Server.prototype.addService = function (service: unknown, implementation: object) {
        if (service === provrpc.ResourceProviderService) {
            implementation = Object.assign(Object.create(implementation), handlers(plugin, engineAddressOf(args)));
            adapted = true;
        }
        return addService.call(this, service, implementation);
    };
    try {
        await pulumiProvider.main(plugin, args);
    } finally {
        grpc.Server.prototype.addService = addService;
    }
    if (!adapted) {
        throw new Error(
            "azurestack-tenant-mappings: the provider server of this @pulumi/pulumi did not register through its " +
                "@grpc/grpc-js: install the @pulumi/pulumi version the package names (docs/plugin.md).",
        );
    }
}
