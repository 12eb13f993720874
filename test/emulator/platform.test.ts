/**
 * ARM's own resources that standard clients read around the registration API (tenants, subscriptions,
 * resource groups, the Microsoft.AzureStack provider), ARM's error shape for what is not served, `location`
 * in PUT bodies, and the certificates under strict X.509 verification (openssl verify -x509_strict).
 */
import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:tls";
import { generateCertificates, trustBundle, writeTrustBundle } from "../../emulator/https.js";
import { API_VERSIONS, startEmulator, type RunningEmulator } from "../../emulator/index.js";
import { C, EMULATOR_REG_SUB, emulatorSuiteSeed, RG, T } from "../support/fixtures.js";
import { outputOf } from "../support/processes.js";
import { call, getToken, mappingPath, regPath } from "./helpers.js";

const EXTRA_SUB = "5ab00000-0000-4000-8000-0000000000ff";
const OTHER_RG_SUB = "5ab00000-0000-4000-8000-0000000000ee";

describe("emulator: ARM platform resources", function () {
    let emu: RunningEmulator;
    let token: string;
    const get = (path: string, apiVersion = "2022-12-01") => call(emu, "GET", path, { token, apiVersion });

    before(async () => {
        const seed = emulatorSuiteSeed();
        seed.subscriptions = [{ id: EXTRA_SUB, displayName: "CSP partner tools", state: "Warned" }];
        seed.registrations!.push({ subscriptionId: OTHER_RG_SUB, resourceGroup: "registrations-eu", name: "stamp-eu" });
        emu = await startEmulator({ seed, throttling: false });
        token = await getToken(emu);
    });
    after(async () => emu.stop());

    it("lists the seed's subscriptions and every registration's subscription, with tenantId, state and displayName", async () => {
        const res = await get("/subscriptions");
        expect(res.status).to.equal(200);
        expect(res.json.count).to.deep.equal({ type: "Total", value: 3 });
        expect(res.json.value.map((s: { subscriptionId: string }) => s.subscriptionId)).to.deep.equal([
            EXTRA_SUB,
            EMULATOR_REG_SUB,
            OTHER_RG_SUB,
        ]);
        expect(res.json.value[0]).to.deep.include({
            id: `/subscriptions/${EXTRA_SUB}`,
            tenantId: emu.tenantId,
            displayName: "CSP partner tools",
            state: "Warned",
        });
        expect(res.json.value[1]).to.deep.include({
            tenantId: emu.tenantId,
            state: "Enabled",
            displayName: "Azure Stack registrations 5ab00000",
        });
        const one = await get(`/subscriptions/${EMULATOR_REG_SUB.toUpperCase()}`);
        expect(one.status).to.equal(200);
        expect(one.json).to.deep.equal(res.json.value[1]);
        const missing = await get("/subscriptions/00000000-0000-4000-8000-000000000000");
        expect(missing.status).to.equal(404);
        expect(missing.json.error.code).to.equal("SubscriptionNotFound");
        const tenants = await get("/tenants", "2022-12-01");
        expect(tenants.json.value.map((t: { tenantId: string }) => t.tenantId)).to.deep.equal([emu.tenantId]);
    });

    it("gets and lists resource groups (those holding registrations), any casing of the path", async () => {
        const rg = await get(`/subscriptions/${EMULATOR_REG_SUB}/resourcegroups/AZURESTACK`);
        expect(rg.status).to.equal(200);
        expect(rg.json).to.deep.equal({
            id: `/subscriptions/${EMULATOR_REG_SUB}/resourceGroups/${RG}`,
            name: RG,
            type: "Microsoft.Resources/resourceGroups",
            location: "westcentralus",
            properties: { provisioningState: "Succeeded" },
        });
        const list = await get(`/subscriptions/${OTHER_RG_SUB}/resourceGroups`);
        expect(list.json.value.map((g: { name: string }) => g.name)).to.deep.equal(["registrations-eu"]);
        const missing = await get(`/subscriptions/${EMULATOR_REG_SUB}/resourceGroups/nope`);
        expect(missing.status).to.equal(404);
        expect(missing.json.error.code).to.equal("ResourceGroupNotFound");
        // ARM's existence check (az group exists): 204 or 404, no body.
        expect(
            (await call(emu, "HEAD", `/subscriptions/${EMULATOR_REG_SUB}/resourcegroups/${RG}`, { token, apiVersion: "2022-09-01" }))
                .status,
        ).to.equal(204);
        expect(
            (await call(emu, "HEAD", `/subscriptions/${EMULATOR_REG_SUB}/resourcegroups/nope`, { token, apiVersion: "2022-09-01" })).status,
        ).to.equal(404);
    });

    it("gets the Microsoft.AzureStack provider with both resource types, their api-versions (newest first) and locations", async () => {
        const res = await get(`/subscriptions/${EMULATOR_REG_SUB}/providers/microsoft.azurestack`, "2024-11-01");
        expect(res.status).to.equal(200);
        expect(res.json).to.deep.include({
            id: `/subscriptions/${EMULATOR_REG_SUB}/providers/Microsoft.AzureStack`,
            namespace: "Microsoft.AzureStack",
            registrationState: "Registered",
        });
        const types = res.json.resourceTypes as { resourceType: string; apiVersions: string[]; locations: string[] }[];
        expect(types.map((t) => t.resourceType)).to.deep.equal(["registrations", "registrations/customerSubscriptions"]);
        for (const t of types) {
            expect(t.apiVersions).to.deep.equal([...API_VERSIONS].reverse());
            expect(t.locations).to.deep.equal(["global"]);
        }
        const list = await get(`/subscriptions/${EMULATOR_REG_SUB}/providers`);
        expect(list.json.value).to.deep.equal([res.json]);
        const tenantLevel = await get("/providers/Microsoft.AzureStack");
        expect(tenantLevel.json.id).to.equal("/providers/Microsoft.AzureStack");
        const other = await get(`/subscriptions/${EMULATOR_REG_SUB}/providers/Microsoft.Compute`);
        expect(other.status).to.equal(404);
        expect(other.json.error.code).to.equal("InvalidResourceNamespace");
    });

    it("answers ARM's error shape for what it does not serve, a missing or malformed api-version and other methods", async () => {
        for (const [method, path, status, code] of [
            ["GET", "/subscriptions", 400, "MissingApiVersionParameter"],
            ["GET", "/subscriptions?api-version=latest", 400, "InvalidApiVersionParameter"],
            ["PUT", `/subscriptions/${EMULATOR_REG_SUB}/resourceGroups/newgroup?api-version=2022-12-01`, 405, "MethodNotAllowed"],
            ["GET", "/locations?api-version=2022-12-01", 404, "NotFound"],
            [
                "GET",
                `/subscriptions/${EMULATOR_REG_SUB}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachines?api-version=2022-12-01`,
                404,
                "InvalidResourceType",
            ],
        ] as const) {
            const res = await call(emu, method, path, {
                token,
                apiVersion: null,
                ...(method === "PUT" && { body: { location: "westcentralus" } }),
            });
            expect(res.status, `${method} ${path}`).to.equal(status);
            expect(Object.keys(res.json), path).to.deep.equal(["error"]);
            expect(res.json.error.code, path).to.equal(code);
            expect(res.json.error.message, path).to.be.a("string").and.not.equal("");
        }
        const unauthenticated = await call(emu, "GET", "/subscriptions", { apiVersion: "2022-12-01" });
        expect(unauthenticated.status).to.equal(401);
        expect(unauthenticated.json.error.code).to.equal("InvalidAuthenticationToken");
    });

    it("accepts `location` in a mapping PUT (az resource create sends the group's) and answers the spec's resource, which has none", async () => {
        emu.configure({ putResponse: "200-body" });
        const res = await call(emu, "PUT", mappingPath("stamp1", C(7)), {
            token,
            apiVersion: "2022-06-01",
            body: { location: "westcentralus", properties: { tenantId: T(7) } },
        });
        expect(res.status).to.equal(200);
        expect(res.json).to.not.have.property("location");
        expect(res.json.properties).to.deep.equal({ tenantId: T(7) });
        const bad = await call(emu, "PUT", mappingPath("stamp1", C(8)), { token, body: { location: 5, properties: { tenantId: T(8) } } });
        expect(bad.status).to.equal(400);
        expect(bad.json.error).to.include({ code: "InvalidRequestContent", target: "location" });
        const registration = await call(emu, "GET", regPath("stamp1"), { token });
        expect(registration.json.location).to.equal("global");
        emu.configure({ putResponse: "201-empty" });
    });
});

describe("emulator: certificates", function () {
    it("pass `openssl verify -x509_strict`: key identifiers, basic constraints, key usage and SAN", async () => {
        const emu = await startEmulator({ seed: emulatorSuiteSeed() });
        const dir = mkdtempSync(join(tmpdir(), "emulator-certs-"));
        try {
            const served = await new Promise<string>((resolve, reject) => {
                // The certificate the ARM port actually serves, as a client receives it.
                const url = new URL(emu.armEndpoint);
                const socket = connect({ host: url.hostname, port: Number(url.port), ca: emu.caCertPem }, () => {
                    const pem = `-----BEGIN CERTIFICATE-----\n${socket
                        .getPeerCertificate()
                        .raw.toString("base64")
                        .match(/.{1,64}/g)!
                        .join("\n")}\n-----END CERTIFICATE-----\n`;
                    socket.end();
                    resolve(pem);
                });
                socket.on("error", reject);
            });
            writeFileSync(join(dir, "ca.pem"), emu.caCertPem);
            writeFileSync(join(dir, "server.pem"), served);
            const verify = (file: string) =>
                outputOf("openssl", [
                    "verify",
                    "-x509_strict",
                    "-purpose",
                    "sslserver",
                    "-verify_ip",
                    "127.0.0.1",
                    "-CAfile",
                    join(dir, "ca.pem"),
                    join(dir, file),
                ]);
            expect(verify("server.pem")).to.include("server.pem: OK");
            const text = (file: string) => outputOf("openssl", ["x509", "-noout", "-text", "-in", join(dir, file)]);
            const ca = text("ca.pem");
            expect(ca).to.match(/Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
            expect(ca).to.match(/Key Usage: critical\s+Digital Signature, Certificate Sign, CRL Sign/);
            expect(ca).to.include("Subject Key Identifier");
            const server = text("server.pem");
            expect(server).to.match(/Basic Constraints: critical\s+CA:FALSE/);
            expect(server).to.include("Authority Key Identifier");
            expect(server).to.match(/Extended Key Usage:\s+TLS Web Server Authentication/);
            expect(server).to.match(/Subject Alternative Name:\s+DNS:localhost, IP Address:127\.0\.0\.1, IP Address:0:0:0:0:0:0:0:1/);
            // The AKI of the server certificate is the CA's SKI: the chain RFC 5280 describes.
            const ski = /Subject Key Identifier:\s+([0-9A-F:]+)/.exec(ca)![1];
            expect(/Authority Key Identifier:\s+(?:keyid:)?([0-9A-F:]+)/.exec(server)![1]).to.equal(ski);
        } finally {
            rmSync(dir, { recursive: true, force: true });
            await emu.stop();
        }
    });

    it("clientEnv()'s NODE_EXTRA_CA_CERTS keeps the certificates this process's NODE_EXTRA_CA_CERTS named, then adds the CA", async () => {
        const dir = mkdtempSync(join(tmpdir(), "emulator-bundle-"));
        const other = (await generateCertificates()).caCertPem; // another CA, as a corporate one would be
        const before = process.env.NODE_EXTRA_CA_CERTS;
        writeFileSync(join(dir, "corporate-ca.pem"), other);
        process.env.NODE_EXTRA_CA_CERTS = join(dir, "corporate-ca.pem");
        const emu = await startEmulator({ seed: emulatorSuiteSeed() });
        try {
            const bundle = readFileSync(emu.clientEnv().NODE_EXTRA_CA_CERTS!, "utf8");
            expect(bundle.indexOf(other.trim())).to.equal(0);
            expect(bundle.indexOf(emu.caCertPem.trim())).to.be.greaterThan(0);
            expect(readFileSync(emu.caCertPath, "utf8")).to.equal(emu.caCertPem); // caCertPath stays the CA alone
        } finally {
            if (before === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
            else process.env.NODE_EXTRA_CA_CERTS = before;
            await emu.stop();
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it("a bundle keeps what it is built from, even when that is the bundle itself, and holds the CA once", async () => {
        const dir = mkdtempSync(join(tmpdir(), "emulator-bundle-"));
        try {
            const [corporate, ca] = [(await generateCertificates()).caCertPem, (await generateCertificates()).caCertPem];
            const bundle = join(dir, "bundle.pem");
            writeFileSync(bundle, corporate);
            writeTrustBundle(bundle, ca, bundle); // an emulator started from a shell whose NODE_EXTRA_CA_CERTS is the bundle
            writeTrustBundle(bundle, ca, bundle);
            const text = readFileSync(bundle, "utf8");
            expect(text.startsWith(corporate.trim())).to.equal(true);
            expect(text.split(ca.trim()).length - 1).to.equal(1);
            expect(trustBundle(ca, join(dir, "missing.pem"))).to.equal(ca);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
