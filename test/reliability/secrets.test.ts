/**
 * Secrets: with a client secret, a federated token file and live tokens in the environment (and a client
 * secret in stack config), nothing a run leaves behind or prints holds any of them: the state file and its
 * backups and history, the serialized provider, the stack config file, the CLI's output with verbose
 * logging flowed to the plugins (--logflow -v=11 --logtostderr --debug, and AZURE_LOG_LEVEL=verbose for
 * the Azure SDK), and the error messages of failing runs (Azure errors, a wrong secret, a refused token).
 * The scan looks for every secret verbatim, URL- and base64-encoded, and for any JWT at all.
 */
import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as https from "node:https";
import * as path from "node:path";
import type { UpOptions } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { T } from "../support/fixtures";
import { EngineStack, type StackData } from "../support/engineStack";
import { EAST, FiguresTable, generatedData, reliabilitySeed, stampRef, WEST } from "./harness";

const SECRET_CLIENT = "5ec00000-0000-4000-8000-00000000000a";
const FEDERATED_CLIENT = "5ec00000-0000-4000-8000-00000000000b";
const NON_CSP_SUB = "0c500000-0000-4000-8000-0000000000aa";
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}/;

/** Every way a secret could appear in text: verbatim, URL-encoded, base64 (alone or as Basic credentials). */
function forms(name: string, value: string, clientId?: string): [string, string][] {
    const out: [string, string][] = [
        [name, value],
        [`${name} (URL-encoded)`, encodeURIComponent(value)],
        [`${name} (base64)`, Buffer.from(value).toString("base64")],
    ];
    if (clientId) out.push([`${name} (Basic credentials)`, Buffer.from(`${clientId}:${value}`).toString("base64")]);
    // A long value cut short is still a leak: its first 24 characters are distinctive enough.
    if (value.length > 40) out.push([`${name} (prefix)`, value.slice(0, 24)]);
    return out;
}

/** Names of the secrets found in `text`, and "a JWT" when any token-shaped string is there. */
export function leaks(text: string, secrets: [string, string][]): string[] {
    const found = secrets.filter(([, value]) => value.length >= 8 && text.includes(value)).map(([name]) => name);
    if (JWT.test(text)) found.push(`a JWT (${JWT.exec(text)![0].slice(0, 12)}…)`);
    return found;
}

function filesBelow(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const file = path.join(dir, e.name);
        return e.isDirectory() ? filesBelow(file) : e.isFile() ? [file] : [];
    });
}

/** A live ARM access token from the emulator, as `az account get-access-token` would give one. */
function liveAccessToken(emulator: RunningEmulator, clientId: string, secret: string): Promise<string> {
    const body = new URLSearchParams({
        grant_type: "client_credentials",
        client_id: clientId,
        client_secret: secret,
        scope: `${emulator.armEndpoint}/.default`,
    }).toString();
    return new Promise((resolve, reject) => {
        const request = https.request(
            `${emulator.authorityHost}/${emulator.tenantId}/oauth2/v2.0/token`,
            {
                method: "POST",
                ca: emulator.caCertPem,
                headers: { "content-type": "application/x-www-form-urlencoded" },
            },
            (response) => {
                let text = "";
                response.on("data", (chunk) => (text += chunk));
                response.on("end", () => {
                    const token = (JSON.parse(text) as { access_token?: string }).access_token;
                    if (token) resolve(token);
                    else reject(new Error(`no token: ${text}`));
                });
            },
        );
        request.on("error", reject);
        request.end(body);
    });
}

describe("reliability: secrets never reach state, the serialized provider, logs or error messages", function () {
    this.timeout(10 * 60_000);
    const CLIENT_SECRET = `rel-client-secret-${randomBytes(16).toString("hex")}`;
    const WRONG_SECRET = `rel-wrong-secret-${randomBytes(16).toString("hex")}`;
    const REQUEST_TOKEN = `rel-actions-request-token-${randomBytes(16).toString("hex")}`;
    let emulator: RunningEmulator;
    let secrets: [string, string][];
    let baseEnv: Record<string, string>;
    let federatedTokenFile: string;
    const stacks: EngineStack[] = [];
    const table = new FiguresTable("Secrets: texts scanned after each sign-in path, secrets found");

    before(async () => {
        emulator = await startEmulator({
            seed: reliabilitySeed(10, {
                clients: [
                    { clientId: SECRET_CLIENT, clientSecret: CLIENT_SECRET, displayName: "rel-secret-client" },
                    {
                        clientId: FEDERATED_CLIENT,
                        displayName: "rel-federated-client",
                        federatedCredentials: [
                            { issuer: "https://token.actions.githubusercontent.com", subject: "repo:contoso/mappings:environment:prod" },
                        ],
                    },
                ],
                customerSubscriptions: [...reliabilitySeed(10).customerSubscriptions!, { id: NON_CSP_SUB, isCsp: false }],
            }),
            throttling: false,
        });
        federatedTokenFile = emulator.clientEnv(FEDERATED_CLIENT).AZURE_FEDERATED_TOKEN_FILE;
        const federatedToken = readFileSync(federatedTokenFile, "utf8").trim();
        const oidcToken = await emulator.mintFederatedToken({ clientId: FEDERATED_CLIENT });
        const accessToken = await liveAccessToken(emulator, SECRET_CLIENT, CLIENT_SECRET);
        secrets = [
            ...forms("the client secret", CLIENT_SECRET, SECRET_CLIENT),
            ...forms("the wrong client secret", WRONG_SECRET, SECRET_CLIENT),
            ...forms("the federated token file's token", federatedToken),
            ...forms("ARM_OIDC_TOKEN", oidcToken),
            ...forms("the live ARM access token", accessToken),
            ...forms("ACTIONS_ID_TOKEN_REQUEST_TOKEN", REQUEST_TOKEN),
        ];
        const { AZURE_CLIENT_ID: _a, AZURE_CLIENT_SECRET: _b, AZURE_TENANT_ID: _c, ...endpoints } = emulator.clientEnv(SECRET_CLIENT);
        // Every run has all of them in its environment, whichever sign-in path it uses.
        baseEnv = {
            ...endpoints,
            AZURE_FEDERATED_TOKEN_FILE: federatedTokenFile,
            ARM_OIDC_TOKEN: oidcToken,
            AZURE_ACCESS_TOKEN: accessToken,
            ACTIONS_ID_TOKEN_REQUEST_URL: `${emulator.authorityHost}/no-such-token-service`,
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
            AZURE_LOG_LEVEL: "verbose",
        };
    });
    beforeEach(async () => {
        // Each sign-in path starts from registrations without mappings.
        for (const name of [EAST, WEST]) {
            for (const m of emulator.state.mappings(stampRef(name))) await emulator.state.deleteMapping(stampRef(name), m.subscriptionId);
        }
    });
    after(async () => {
        table.print();
        for (const stack of stacks) await stack.dispose();
        await emulator?.stop();
    });

    it("the scan finds a planted secret in any of its forms, and any JWT", () => {
        for (const [name, value] of secrets) expect(leaks(`prefix ${value} suffix`, secrets), name).to.include(name);
        expect(leaks("Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig", [])).to.have.length(1);
        expect(leaks("nothing to see", secrets)).to.deep.equal([]);
    });

    const verbose: Pick<UpOptions, "logFlow" | "logVerbosity" | "logToStdErr" | "debug"> = {
        logFlow: true,
        logVerbosity: 11,
        logToStdErr: true,
        debug: true,
    };

    /** Runs the stack through up, a changing preview, refresh and a failing up; returns every text to scan. */
    async function exercise(stack: EngineStack, data: StackData): Promise<{ texts: Record<string, string>; verboseBytes: number }> {
        const texts: Record<string, string> = {};
        let stderr = "";
        const onError = (text: string) => (stderr += text);
        const up = await stack.stack.up({ ...verbose, onOutput: stack.onOutput, onError });
        texts["up: stdout"] = up.stdout;
        data.tenants.t001.tenantId = T(9);
        await stack.setData(data);
        const preview = await stack.stack.preview({ ...verbose, diff: true, onOutput: stack.onOutput, onError });
        texts["preview --diff: stdout"] = preview.stdout;
        await stack.stack.up({ ...verbose, onOutput: stack.onOutput, onError });
        const refresh = await stack.stack.refresh({ ...verbose, onOutput: stack.onOutput, onError });
        texts["refresh: stdout"] = refresh.stdout;
        // An error Azure answers (with its request ids), through the same verbose run.
        data.tenants.notCsp = { tenantId: T(8), customerSubscriptionId: NON_CSP_SUB, stamps: ["east"] };
        await stack.setData(data);
        const failure = await stack.stack.up({ ...verbose, onOutput: stack.onOutput, onError }).then(
            () => undefined,
            (e) => e,
        );
        expect(failure, "the up with a non-CSP subscription fails").to.not.equal(undefined);
        expect(String(failure.message)).to.match(/InvalidCSPSubscription/);
        texts["failing up: error message"] = String(failure.message);
        texts["verbose logs (stderr of every command)"] = stderr;
        texts["all CLI stdout"] = stack.output;
        const state = JSON.parse(stack.stateText());
        const providers = state.checkpoint.latest.resources
            .filter((r: any) => r.type.endsWith("CustomerSubscriptionMapping"))
            .map((r: any) => r.outputs.__provider as string);
        expect(providers.length).to.be.greaterThan(0);
        texts["serialized providers"] = providers.join("\n");
        for (const file of filesBelow(stack.workDir)) {
            texts[`file ${path.relative(stack.workDir, file)}`] = readFileSync(file, "utf8");
        }
        return { texts, verboseBytes: stderr.length };
    }

    /**
     * Pulumi's own RPC trace at -v=9 and above logs the Configure request it sends the dynamic provider, and
     * that request carries the whole stack config, secrets decrypted. Lines of that trace are counted apart
     * (`tolerateEngineTrace`); every other line must be clean.
     */
    const ENGINE_CONFIGURE_TRACE = /"msg":"Marshaling property for RPC\[Provider\[[^\]]*\]\.Configure\(\)\.inputs\]: .*"v":(9|1\d)\}/;

    function expectNoLeaks(label: string, texts: Record<string, string>, verboseBytes: number, tolerateEngineTrace = false): void {
        let traced = 0;
        const scanned = Object.fromEntries(
            Object.entries(texts).map(([where, text]) => [
                where,
                !tolerateEngineTrace
                    ? text
                    : text
                          .split("\n")
                          .filter((line) => {
                              const inTrace = ENGINE_CONFIGURE_TRACE.test(line) && leaks(line, secrets).length > 0;
                              if (inTrace) traced++;
                              return !inTrace;
                          })
                          .join("\n"),
            ]),
        );
        const found = Object.entries(scanned).flatMap(([where, text]) => leaks(text, secrets).map((s) => `${s} in ${where}`));
        table.add({
            "sign-in path": label,
            "texts scanned": Object.keys(texts).length,
            "verbose log bytes": verboseBytes,
            "secrets found": found.length,
            "in Pulumi's -v>=9 Configure trace": tolerateEngineTrace ? traced : "-",
        });
        // Where: the text around each verbatim hit, the secret masked, so the failure says what printed it.
        const context = Object.entries(scanned).flatMap(([where, text]) =>
            secrets
                .filter(([, v]) => v.length >= 8 && text.includes(v))
                .map(
                    ([name, v]) =>
                        `${name} in ${where}: …${text
                            .slice(Math.max(0, text.indexOf(v) - 300), text.indexOf(v) + v.length + 100)
                            .split(v)
                            .join("<SECRET>")}…`,
                ),
        );
        expect(found, context.join("\n\n")).to.deep.equal([]);
    }

    const smallData = () => generatedData(4);

    it("client secret (ARM_CLIENT_ID/ARM_CLIENT_SECRET/ARM_TENANT_ID)", async () => {
        const stack = await new EngineStack("secrets-client-secret").open(
            { ...baseEnv, ARM_TENANT_ID: emulator.tenantId, ARM_CLIENT_ID: SECRET_CLIENT, ARM_CLIENT_SECRET: CLIENT_SECRET },
            smallData(),
        );
        stacks.push(stack);
        const { texts, verboseBytes } = await exercise(stack, smallData());
        expect(verboseBytes, "verbose logging was on").to.be.greaterThan(100_000);
        expectNoLeaks("client secret in ARM_CLIENT_SECRET", texts, verboseBytes);
    });

    it("workload identity (ARM_USE_OIDC with ARM_OIDC_TOKEN_FILE_PATH), the client secret of another app also set", async () => {
        const env = {
            ...baseEnv,
            ARM_USE_OIDC: "true",
            ARM_TENANT_ID: emulator.tenantId,
            ARM_CLIENT_ID: FEDERATED_CLIENT,
            ARM_OIDC_TOKEN_FILE_PATH: federatedTokenFile,
            AZURE_CLIENT_ID: SECRET_CLIENT,
            AZURE_CLIENT_SECRET: CLIENT_SECRET,
        };
        delete (env as Record<string, string>).ARM_OIDC_TOKEN; // ARM_OIDC_TOKEN would win over the file
        const stack = await new EngineStack("secrets-oidc").open(env, smallData());
        stacks.push(stack);
        emulator.clearRequestLog();
        const { texts, verboseBytes } = await exercise(stack, smallData());
        expect(
            emulator
                .requestLog()
                .filter((r) => r.kind === "arm")
                .every((r) => r.caller !== undefined),
        ).to.equal(true);
        expectNoLeaks("federated token file (ARM_USE_OIDC)", texts, verboseBytes);
    });

    it("client secret in stack config (azure-native:clientSecret, a Pulumi secret)", async () => {
        const stack = await new EngineStack("secrets-config").open(baseEnv, smallData());
        stacks.push(stack);
        await stack.stack.setAllConfig({
            "azure-native:clientId": { value: SECRET_CLIENT },
            "azure-native:tenantId": { value: emulator.tenantId },
            "azure-native:clientSecret": { value: CLIENT_SECRET, secret: true },
        });
        const { texts, verboseBytes } = await exercise(stack, smallData());
        // The engine's -v>=9 trace of Configure prints it (a Pulumi behaviour: keep credentials out of stack
        // config, or verbose logs below 9, when logs are collected); nothing else may.
        expectNoLeaks("client secret in stack config (secret)", texts, verboseBytes, true);
        expect(texts["file Pulumi.e2e.yaml"], "the stack config file holds it encrypted").to.match(/secure: /);
    });

    it("failed sign-ins: a wrong client secret, a refused federated token", async () => {
        const texts: Record<string, string> = {};
        let verboseBytes = 0;
        const refused = await emulator.mintFederatedToken({ clientId: FEDERATED_CLIENT, subject: "repo:attacker/fork:pull_request" });
        secrets.push(...forms("the refused federated token", refused));
        const cases: Array<[string, Record<string, string>, RegExp]> = [
            [
                "wrong client secret",
                { ARM_TENANT_ID: emulator.tenantId, ARM_CLIENT_ID: SECRET_CLIENT, ARM_CLIENT_SECRET: WRONG_SECRET },
                /AADSTS7000215|invalid_client|secret/i,
            ],
            [
                "refused federated token",
                { ARM_USE_OIDC: "true", ARM_TENANT_ID: emulator.tenantId, ARM_CLIENT_ID: FEDERATED_CLIENT, ARM_OIDC_TOKEN: refused },
                /AADSTS/,
            ],
        ];
        for (const [label, env, expected] of cases) {
            const stack = await new EngineStack(`secrets-fail-${label.replace(/\W+/g, "-")}`).open({ ...baseEnv, ...env }, smallData());
            stacks.push(stack);
            let stderr = "";
            const failure = await stack.stack.up({ ...verbose, onOutput: stack.onOutput, onError: (t) => (stderr += t) }).then(
                () => undefined,
                (e) => e,
            );
            expect(failure, label).to.not.equal(undefined);
            expect(String(failure.message), label).to.match(expected);
            texts[`${label}: error message`] = String(failure.message);
            texts[`${label}: verbose logs`] = stderr;
            texts[`${label}: state`] = stack.stateText();
            verboseBytes += stderr.length;
        }
        expectNoLeaks("failed sign-ins (wrong secret, refused token)", texts, verboseBytes);
    });
});
