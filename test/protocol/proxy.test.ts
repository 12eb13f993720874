/**
 * Behind a corporate proxy, through the real dynamic-provider host: a real forward proxy (npm `proxy`, the one
 * https-proxy-agent is tested against) that records every byte it receives in plain text. ARM requests and token
 * requests must reach the emulator through CONNECT tunnels with TLS inside, so the recording never holds a
 * bearer token, the client secret, a mapping's path or a PUT body; NO_PROXY sends the emulator's requests direct.
 */
import { expect } from "chai";
import * as http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createProxy } from "proxy";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { proxyFor } from "../../provider/arm/proxy";
import { C, mappingArgs, providerSuiteSeed, STAMP1, T } from "../support/fixtures";
import { ProviderHost } from "../support/providerHost";

class RecordingProxy {
    private readonly server = createProxy(http.createServer());
    private readonly sockets = new Set<Socket>();
    readonly received: Buffer[] = [];
    url = "";

    async start(): Promise<string> {
        this.server.on("connection", (socket: Socket) => {
            this.sockets.add(socket);
            socket.on("data", (chunk: Buffer) => this.received.push(chunk));
            socket.on("close", () => this.sockets.delete(socket));
        });
        await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
        this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
        return this.url;
    }

    /** Everything the proxy received, as text (tunnelled TLS shows up as unreadable bytes). */
    text(): string {
        return Buffer.concat(this.received).toString("latin1");
    }

    async stop(): Promise<void> {
        for (const socket of this.sockets) socket.destroy();
        await new Promise((resolve) => this.server.close(resolve));
    }
}

describe("ARM and token requests behind a proxy (HTTPS_PROXY / NO_PROXY)", function () {
    this.timeout(60_000);
    let emulator: RunningEmulator;
    let proxy: RecordingProxy;
    let host: ProviderHost;

    beforeEach(async () => {
        emulator = await startEmulator({ seed: providerSuiteSeed() });
        proxy = new RecordingProxy();
        await proxy.start();
        host = new ProviderHost();
    });
    afterEach(async () => {
        await host.stop();
        await proxy.stop();
        await emulator.stop();
    });

    async function createOneMapping(env: Record<string, string>): Promise<void> {
        await host.start({ ...emulator.clientEnv(), ...env });
        await host.configure();
        const inputs = mappingArgs(STAMP1, C(1), T(1));
        const checked = await host.check("m", {}, inputs);
        expect(checked.failures).to.deep.equal([]);
        await host.create("m", checked.inputs);
        expect(emulator.requestLog().some((r) => r.method === "PUT" && r.status >= 200 && r.status < 300)).to.equal(true);
    }

    for (const variable of ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY"]) {
        it(`${variable}: everything goes through CONNECT tunnels, and the proxy sees no token, secret, path or body`, async () => {
            await createOneMapping({ [variable]: proxy.url });
            const seen = proxy.text();
            const armHost = new URL(emulator.armEndpoint).host;
            const authorityHost = new URL(emulator.authorityHost).host;
            expect(seen).to.include(`CONNECT ${armHost} HTTP/1.1`);
            expect(seen).to.include(`CONNECT ${authorityHost} HTTP/1.1`);
            // Nothing but CONNECT requests in clear: no request line of an ordinary proxied request.
            expect(seen).not.to.match(/^(GET|PUT|POST|DELETE) /m);
            for (const secret of [
                "Bearer",
                "authorization",
                "Authorization",
                emulator.clientEnv().AZURE_CLIENT_SECRET,
                "client_secret",
                "customerSubscriptions",
                T(1),
            ]) {
                expect(seen, `the proxy saw ${secret}`).not.to.include(secret);
            }
        });
    }

    it("NO_PROXY naming the emulator's host sends its requests direct: the proxy sees nothing", async () => {
        await createOneMapping({ HTTPS_PROXY: proxy.url, NO_PROXY: "localhost,127.0.0.1" });
        expect(proxy.received).to.have.length(0);
    });

    it("no_proxy in lower case, with a domain suffix entry, is honoured as well", async () => {
        expect(proxyFor("https://management.stamp.corp.example", { https_proxy: proxy.url, no_proxy: ".corp.example" })).to.equal(
            undefined,
        );
        expect(proxyFor("https://corp.example", { HTTPS_PROXY: proxy.url, NO_PROXY: ".corp.example" })).to.equal(undefined);
        expect(proxyFor("https://management.other.example", { HTTPS_PROXY: proxy.url, NO_PROXY: ".corp.example" })).to.equal(proxy.url);
        await createOneMapping({ https_proxy: proxy.url, no_proxy: "127.0.0.1" });
        expect(proxy.received).to.have.length(0);
    });

    it("reads the variables in the Azure SDKs' order, and a proxy without a scheme as http://", () => {
        const env = { HTTP_PROXY: "http://plain:1", ALL_PROXY: "http://all:2", HTTPS_PROXY: "http://secure:3" };
        expect(proxyFor("https://arm.example", env)).to.equal("http://secure:3");
        expect(proxyFor("https://arm.example", { HTTP_PROXY: "http://plain:1", ALL_PROXY: "http://all:2" })).to.equal("http://all:2");
        expect(proxyFor("https://arm.example", { http_proxy: "proxy.corp:8080" })).to.equal("http://proxy.corp:8080");
        expect(proxyFor("https://arm.example", {})).to.equal(undefined);
    });

    it("an unreachable proxy fails the request with a network error that names neither credentials nor token", async () => {
        const unreachable = "http://user:proxy-password@127.0.0.1:9";
        await host.start({ ...emulator.clientEnv(), HTTPS_PROXY: unreachable, AZURESTACK_MAPPINGS_MAX_RETRIES: "0" });
        await host.configure();
        const error = await host.check("m", {}, mappingArgs(STAMP1, C(1), T(1))).then(
            () => undefined,
            (e: Error) => e,
        );
        const text = `${error?.message ?? ""}\n${host.stderr}`;
        expect(text).not.to.include("proxy-password");
        expect(emulator.requestLog().filter((r) => r.kind === "arm")).to.have.length(0);
    });
});
