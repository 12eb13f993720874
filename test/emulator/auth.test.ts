/**
 * The identity side over real HTTPS: OpenID discovery, the token endpoint (client secret and client
 * assertion) and ARM's 401 answers for missing, forged, mis-addressed and expired tokens.
 */
import { expect } from "chai";
import { decodeJwt, SignJWT, generateKeyPair } from "jose";
import { startEmulator, type RunningEmulator } from "../../emulator/index.js";
import {
    CLIENT_ID,
    CLIENT_OID,
    CLIENT_SECRET,
    emulatorSuiteSeed,
    FED_CLIENT_ID,
    FED_ISSUER,
    FED_SUBJECT,
    TENANT,
} from "../support/fixtures.js";
import { call, getToken, mappingPath, sleep, tokenRequest } from "./helpers.js";

const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

describe("emulator: identity", function () {
    let emu: RunningEmulator;
    before(async () => {
        emu = await startEmulator({ seed: emulatorSuiteSeed(), throttling: false });
    });
    after(async () => emu.stop());

    describe("OpenID metadata", () => {
        it("serves {authority}/{tenant}/v2.0/.well-known/openid-configuration with the fields MSAL requires", async () => {
            const res = await call(emu, "GET", `${emu.authorityHost}/${TENANT}/v2.0/.well-known/openid-configuration`, {
                apiVersion: null,
            });
            expect(res.status).to.equal(200);
            expect(res.json).to.include({
                token_endpoint: `${emu.authorityHost}/${TENANT}/oauth2/v2.0/token`,
                authorization_endpoint: `${emu.authorityHost}/${TENANT}/oauth2/v2.0/authorize`,
                issuer: `${emu.authorityHost}/${TENANT}/v2.0`,
                jwks_uri: `${emu.authorityHost}/${TENANT}/discovery/v2.0/keys`,
            });
            const keys = await call(emu, "GET", res.json.jwks_uri, { apiVersion: null });
            expect(keys.json.keys[0]).to.include({ kty: "RSA", alg: "RS256", use: "sig" });
        });

        it("answers 400 AADSTS90002 for an unknown tenant", async () => {
            const res = await call(
                emu,
                "GET",
                `${emu.authorityHost}/00000000-0000-4000-8000-000000000bad/v2.0/.well-known/openid-configuration`,
                { apiVersion: null },
            );
            expect(res.status).to.equal(400);
            expect(res.json.error_codes).to.deep.equal([90002]);
        });
    });

    describe("token endpoint", () => {
        it("issues an RS256 JWT for a client secret with aud = the ARM endpoint and the documented claims", async () => {
            const before = Math.floor(Date.now() / 1000);
            const res = await tokenRequest(emu, {
                grant_type: "client_credentials",
                client_id: CLIENT_ID,
                client_secret: CLIENT_SECRET,
                scope: `${emu.armEndpoint}/.default`,
            });
            expect(res.status).to.equal(200);
            expect(res.json).to.include({ token_type: "Bearer", expires_in: 3600 });
            const claims = decodeJwt(res.json.access_token);
            expect(claims).to.include({
                aud: emu.armEndpoint,
                iss: `${emu.authorityHost}/${TENANT}/`,
                tid: TENANT,
                oid: CLIENT_OID,
                appid: CLIENT_ID,
            });
            expect(claims.iat).to.be.at.least(before);
            expect(claims.nbf).to.equal(claims.iat);
            expect(claims.exp).to.equal(claims.iat! + 3600);
            expect(emu.requestLog().at(-1)).to.include({ kind: "token", status: 200, caller: CLIENT_ID });
        });

        it("keeps a trailing slash of the scope's resource in aud, and ARM accepts both forms", async () => {
            const withSlash = await getToken(emu, CLIENT_ID, CLIENT_SECRET, `${emu.armEndpoint}//.default`);
            expect(decodeJwt(withSlash).aud).to.equal(`${emu.armEndpoint}/`);
            expect((await call(emu, "GET", mappingPath("stamp1"), { token: withSlash })).status).to.equal(200);
        });

        it("supports the v1 endpoint with resource=", async () => {
            const res = await tokenRequest(
                emu,
                { grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET, resource: emu.armEndpoint },
                TENANT,
                "oauth2/token",
            );
            expect(res.status).to.equal(200);
            expect(decodeJwt(res.json.access_token).aud).to.equal(emu.armEndpoint);
        });

        it("refuses a wrong secret (401 invalid_client), an unknown client, another resource and another grant", async () => {
            const scope = `${emu.armEndpoint}/.default`;
            const wrong = await tokenRequest(emu, { grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: "nope", scope });
            expect(wrong.status).to.equal(401);
            expect(wrong.json).to.include({ error: "invalid_client" });
            expect(wrong.json.error_codes).to.deep.equal([7000215]);
            const unknown = await tokenRequest(emu, { grant_type: "client_credentials", client_id: "who", client_secret: "x", scope });
            expect(unknown.status).to.equal(400);
            expect(unknown.json.error_codes).to.deep.equal([700016]);
            const otherResource = await tokenRequest(emu, {
                grant_type: "client_credentials",
                client_id: CLIENT_ID,
                client_secret: CLIENT_SECRET,
                scope: "https://unknown.example/.default",
            });
            expect(otherResource.status).to.equal(400);
            expect(otherResource.json.error).to.equal("invalid_resource");
            const password = await tokenRequest(emu, { grant_type: "password", client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope });
            expect(password.json.error).to.equal("unsupported_grant_type");
        });

        it("accepts a client assertion from the external issuer matching a federated credential", async () => {
            const assertion = await emu.mintFederatedToken();
            expect(decodeJwt(assertion)).to.include({ iss: FED_ISSUER, sub: FED_SUBJECT, aud: "api://AzureADTokenExchange" });
            const res = await tokenRequest(emu, {
                grant_type: "client_credentials",
                client_id: FED_CLIENT_ID,
                client_assertion_type: ASSERTION_TYPE,
                client_assertion: assertion,
                scope: `${emu.armEndpoint}/.default`,
            });
            expect(res.status).to.equal(200);
            expect(decodeJwt(res.json.access_token).appid).to.equal(FED_CLIENT_ID);
        });

        it("refuses assertions with another subject, another audience, a foreign signature or an expired lifetime", async () => {
            const form = (assertion: string) => ({
                grant_type: "client_credentials",
                client_id: FED_CLIENT_ID,
                client_assertion_type: ASSERTION_TYPE,
                client_assertion: assertion,
                scope: `${emu.armEndpoint}/.default`,
            });
            const otherSubject = await tokenRequest(
                emu,
                form(await emu.mintFederatedToken({ subject: "repo:evil/fork:ref:refs/heads/main" })),
            );
            expect(otherSubject.status).to.equal(400);
            expect(otherSubject.json.error_codes).to.deep.equal([70021]);
            const otherAudience = await tokenRequest(emu, form(await emu.mintFederatedToken({ audience: "api://other" })));
            expect(otherAudience.json.error_codes).to.deep.equal([70021]);
            const { privateKey } = await generateKeyPair("RS256");
            const forged = await new SignJWT({})
                .setProtectedHeader({ alg: "RS256" })
                .setIssuer(FED_ISSUER)
                .setSubject(FED_SUBJECT)
                .setAudience("api://AzureADTokenExchange")
                .setIssuedAt()
                .setExpirationTime("1h")
                .sign(privateKey);
            const forgedRes = await tokenRequest(emu, form(forged));
            expect(forgedRes.status).to.equal(401);
            expect(forgedRes.json.error).to.equal("invalid_client");
            const expired = await tokenRequest(emu, form(await emu.mintFederatedToken({ lifetimeSeconds: -5 })));
            expect(expired.json.error_codes).to.deep.equal([700024]);
            // A client with only federated credentials has no secret to use.
            const secret = await tokenRequest(emu, {
                grant_type: "client_credentials",
                client_id: FED_CLIENT_ID,
                client_secret: "x",
                scope: `${emu.armEndpoint}/.default`,
            });
            expect(secret.status).to.equal(401);
        });
    });

    describe("ARM's bearer token check", () => {
        const expect401 = (res: Awaited<ReturnType<typeof call>>, code: string) => {
            expect(res.status).to.equal(401);
            expect(res.json.error.code).to.equal(code);
            expect(res.headers["www-authenticate"]).to.match(
                /^Bearer authorization_uri="https:\/\/127\.0\.0\.1:\d+\/[-0-9a-f]+", error="invalid_token", error_description=".+"$/,
            );
            expect(res.headers["x-ms-request-id"]).to.be.a("string");
        };

        it("answers 401 InvalidAuthenticationToken without a token or with a malformed header", async () => {
            expect401(await call(emu, "GET", mappingPath("stamp1")), "InvalidAuthenticationToken");
            expect401(
                await call(emu, "GET", mappingPath("stamp1"), { headers: { authorization: "Basic abc" } }),
                "InvalidAuthenticationToken",
            );
            expect401(await call(emu, "GET", mappingPath("stamp1"), { token: "not.a.jwt" }), "InvalidAuthenticationToken");
        });

        it("answers 401 InvalidAuthenticationToken for a token with a bad signature", async () => {
            const token = await getToken(emu);
            const [h, p] = token.split(".");
            const { privateKey } = await generateKeyPair("RS256");
            const foreign = await new SignJWT(decodeJwt(token)).setProtectedHeader({ alg: "RS256" }).sign(privateKey);
            expect401(await call(emu, "GET", mappingPath("stamp1"), { token: foreign }), "InvalidAuthenticationToken");
            const tampered = `${h}.${p}.${foreign.split(".")[2]}`;
            expect401(await call(emu, "GET", mappingPath("stamp1"), { token: tampered }), "InvalidAuthenticationToken");
        });

        it("answers 401 InvalidAuthenticationTokenAudience for a token of another audience (the public cloud's ARM)", async () => {
            const publicArm = await getToken(emu, CLIENT_ID, CLIENT_SECRET, "https://management.azure.com/.default");
            expect(decodeJwt(publicArm).aud).to.equal("https://management.azure.com");
            const res = await call(emu, "GET", mappingPath("stamp1"), { token: publicArm });
            expect401(res, "InvalidAuthenticationTokenAudience");
            expect(res.json.error.message).to.include("'https://management.azure.com'").and.include(emu.armEndpoint);
        });

        it("answers 401 InvalidAuthenticationToken for another emulator's token (another key and issuer)", async () => {
            const other = await startEmulator({ seed: emulatorSuiteSeed() });
            try {
                expect401(await call(emu, "GET", mappingPath("stamp1"), { token: await getToken(other) }), "InvalidAuthenticationToken");
            } finally {
                await other.stop();
            }
        });

        it("answers 401 ExpiredAuthenticationToken once the token's lifetime has passed", async function () {
            this.timeout(20_000);
            // 4 s: the first call must land within the lifetime even on a loaded machine (1 s failed there once).
            const shortLived = await startEmulator({ seed: emulatorSuiteSeed(), tokenLifetimeSeconds: 4 });
            try {
                const token = await getToken(shortLived);
                expect((await call(shortLived, "GET", mappingPath("stamp1"), { token })).status).to.equal(200);
                await sleep(Math.max(0, Number(decodeJwt(token).exp) * 1000 - Date.now()) + 1500);
                const res = await call(shortLived, "GET", mappingPath("stamp1"), { token });
                expect401(res, "ExpiredAuthenticationToken");
            } finally {
                await shortLived.stop();
            }
        });
    });
});
