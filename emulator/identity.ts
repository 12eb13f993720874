/**
 * The identity side: a Microsoft Entra-like authority (OpenID discovery, JWKS, OAuth2 token endpoint for
 * the client-credentials flow with a client secret or a client assertion), an external OIDC issuer (what
 * GitHub Actions or Kubernetes would be) whose tokens seeded federated credentials trust, and the check
 * ARM makes on each bearer token. Keys are generated at start and never leave the process.
 */
import { randomUUID, timingSafeEqual } from "node:crypto";
import {
    decodeJwt,
    errors as joseErrors,
    exportJWK,
    generateKeyPair,
    jwtVerify,
    SignJWT,
    type CryptoKey,
    type JWK,
    type JWTPayload,
} from "jose";
import type { ClientRecord, FederatedCredential } from "./seed.js";
import { FEDERATED_AUDIENCE } from "./seed.js";
import { ArmError } from "./errors.js";

const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

interface KeyPair {
    kid: string;
    privateKey: CryptoKey;
    publicKey: CryptoKey;
    jwk: JWK;
}

async function newKeyPair(): Promise<KeyPair> {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const kid = randomUUID().replace(/-/g, "");
    const jwk = { ...(await exportJWK(publicKey)), kid, use: "sig", alg: "RS256" };
    return { kid, privateKey, publicKey, jwk };
}

export interface MintFederatedTokenOptions {
    /** The seeded client whose federated credential the token is for. @default the first client with one */
    clientId?: string;
    /** @default the credential's issuer */
    issuer?: string;
    /** @default the credential's subject */
    subject?: string;
    /** @default the credential's audience (api://AzureADTokenExchange) */
    audience?: string;
    /** @default 3600 */
    lifetimeSeconds?: number;
}

/** A token-endpoint error in Microsoft Entra's shape. */
export class AadError extends Error {
    constructor(
        readonly status: number,
        readonly error: string,
        readonly aadCode: number,
        message: string,
    ) {
        super(`AADSTS${aadCode}: ${message}`);
    }
    body(correlationId: string): Record<string, unknown> {
        const timestamp = new Date()
            .toISOString()
            .replace("T", " ")
            .replace(/\.\d+Z$/, "Z");
        const traceId = randomUUID();
        return {
            error: this.error,
            error_description: `${this.message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
            error_codes: [this.aadCode],
            timestamp,
            trace_id: traceId,
            correlation_id: correlationId,
        };
    }
}

/** What ARM knows about the caller after checking its token. */
export interface Caller {
    objectId: string;
    appId: string;
    tenantId: string;
}

export class Identity {
    private constructor(
        private readonly authority: KeyPair,
        private readonly externalIssuer: KeyPair,
    ) {}

    static async create(): Promise<Identity> {
        return new Identity(await newKeyPair(), await newKeyPair());
    }

    /** The authority's public keys (JWKS). */
    jwks(): { keys: JWK[] } {
        return { keys: [this.authority.jwk] };
    }

    /** The external issuer's public keys, for transparency (the emulator never fetches them). */
    issuerJwks(): { keys: JWK[] } {
        return { keys: [this.externalIssuer.jwk] };
    }

    /** The `iss` of the access tokens of a tenant (v1 tokens, as ARM receives them from Entra). */
    static tokenIssuer(authorityHost: string, tenantId: string): string {
        return `${authorityHost}/${tenantId}/`;
    }

    async issueAccessToken(p: {
        authorityHost: string;
        tenantId: string;
        client: ClientRecord;
        audience: string;
        lifetimeSeconds: number;
    }): Promise<{ token: string; expiresIn: number }> {
        const now = Math.floor(Date.now() / 1000);
        const token = await new SignJWT({
            appid: p.client.clientId,
            appidacr: "1",
            idp: Identity.tokenIssuer(p.authorityHost, p.tenantId),
            idtyp: "app",
            oid: p.client.objectId,
            rh: "emulator",
            sub: p.client.objectId,
            tid: p.tenantId,
            uti: randomUUID().replace(/-/g, ""),
            ver: "1.0",
        })
            .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: this.authority.kid, x5t: this.authority.kid })
            .setIssuer(Identity.tokenIssuer(p.authorityHost, p.tenantId))
            .setAudience(p.audience)
            .setIssuedAt(now)
            .setNotBefore(now)
            .setExpirationTime(now + p.lifetimeSeconds)
            .sign(this.authority.privateKey);
        return { token, expiresIn: p.lifetimeSeconds };
    }

    /** A token from the external issuer, as a CI system would hand to a workload. */
    async mintFederatedToken(clients: ClientRecord[], opts: MintFederatedTokenOptions = {}): Promise<string> {
        const client = opts.clientId
            ? clients.find((c) => c.clientId.toLowerCase() === opts.clientId!.toLowerCase())
            : clients.find((c) => c.federatedCredentials.length > 0);
        const credential: Partial<FederatedCredential> = client?.federatedCredentials[0] ?? {};
        const issuer = opts.issuer ?? credential.issuer;
        const subject = opts.subject ?? credential.subject;
        if (!issuer || !subject)
            throw new Error("mintFederatedToken: no seeded client has a federated credential; give issuer and subject");
        const now = Math.floor(Date.now() / 1000);
        return new SignJWT({ jti: randomUUID() })
            .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: this.externalIssuer.kid })
            .setIssuer(issuer)
            .setSubject(subject)
            .setAudience(opts.audience ?? credential.audience ?? FEDERATED_AUDIENCE)
            .setIssuedAt(now)
            .setNotBefore(now)
            .setExpirationTime(now + (opts.lifetimeSeconds ?? 3600))
            .sign(this.externalIssuer.privateKey);
    }

    /** Authenticates a client at the token endpoint: a secret, or an assertion matching a federated credential. */
    async authenticateClient(clients: ClientRecord[], form: URLSearchParams): Promise<ClientRecord> {
        const clientId = form.get("client_id");
        if (!clientId)
            throw new AadError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.");
        const client = clients.find((c) => c.clientId.toLowerCase() === clientId.toLowerCase());
        if (!client)
            throw new AadError(
                400,
                "unauthorized_client",
                700016,
                `Application with identifier '${clientId}' was not found in the directory.`,
            );
        const secret = form.get("client_secret");
        const assertion = form.get("client_assertion");
        if (secret !== null) {
            if (!client.clientSecret || !sameString(secret, client.clientSecret)) {
                throw new AadError(
                    401,
                    "invalid_client",
                    7000215,
                    `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
                );
            }
            return client;
        }
        if (assertion !== null) {
            if (form.get("client_assertion_type") !== CLIENT_ASSERTION_TYPE) {
                throw new AadError(400, "invalid_request", 700023, `client_assertion_type must be '${CLIENT_ASSERTION_TYPE}'.`);
            }
            await this.checkAssertion(client, assertion);
            return client;
        }
        throw new AadError(
            401,
            "invalid_client",
            7000218,
            "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        );
    }

    private async checkAssertion(client: ClientRecord, assertion: string): Promise<void> {
        let claims: JWTPayload;
        try {
            claims = decodeJwt(assertion);
        } catch {
            throw new AadError(400, "invalid_request", 50027, "The client assertion is not a well-formed JWT.");
        }
        const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
        const credential = client.federatedCredentials.find(
            (fc) => fc.issuer === claims.iss && fc.subject === claims.sub && audiences.includes(fc.audience),
        );
        if (!credential) {
            throw new AadError(
                400,
                "invalid_request",
                70021,
                `No matching federated identity record found for presented assertion. Assertion Issuer: '${claims.iss}'. Assertion Subject: '${claims.sub}'. Assertion Audience: '${audiences.join(",")}'.`,
            );
        }
        try {
            await jwtVerify(assertion, this.externalIssuer.publicKey, {
                algorithms: ["RS256"],
                issuer: credential.issuer,
                subject: credential.subject,
                audience: credential.audience,
            });
        } catch (err) {
            if (err instanceof joseErrors.JWTExpired)
                throw new AadError(400, "invalid_client", 700024, "Client assertion is not within its valid time range.");
            throw new AadError(401, "invalid_client", 5002738, `The client assertion failed validation: ${(err as Error).message}.`);
        }
    }

    /**
     * ARM's check of a bearer token: signature, lifetime, audience (the ARM endpoint, with or without a
     * trailing slash), issuer and tenant. Throws the ArmError ARM would answer.
     */
    async verifyArmToken(
        authorization: string | undefined,
        p: { armEndpoint: string; authorityHost: string; tenantId: string },
    ): Promise<Caller> {
        if (!authorization)
            throw new ArmError("InvalidAuthenticationToken", "The request is missing the 'Authorization' header; authentication failed.");
        const m = /^Bearer\s+(\S+)$/i.exec(authorization);
        if (!m) throw new ArmError("InvalidAuthenticationToken", "The 'Authorization' header is not of the form 'Bearer <token>'.");
        const token = m[1]!;
        let payload: JWTPayload;
        try {
            ({ payload } = await jwtVerify(token, this.authority.publicKey, { algorithms: ["RS256"] }));
        } catch (err) {
            if (err instanceof joseErrors.JWTExpired) {
                const exp = (err.payload.exp ?? 0) * 1000;
                throw new ArmError(
                    "ExpiredAuthenticationToken",
                    `The access token expiry UTC time '${new Date(exp).toISOString()}' is earlier than current UTC time '${new Date().toISOString()}'.`,
                );
            }
            throw new ArmError("InvalidAuthenticationToken", `The access token is invalid: ${(err as Error).message}.`);
        }
        const allowed = [p.armEndpoint, `${p.armEndpoint}/`];
        const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud ?? ""];
        if (!audiences.some((a) => allowed.includes(a))) {
            throw new ArmError(
                "InvalidAuthenticationTokenAudience",
                `The access token has been obtained for the wrong audience or resource '${audiences.join(",")}'. It should exactly match one of the allowed audiences '${allowed.join("','")}'.`,
            );
        }
        if (payload.iss !== Identity.tokenIssuer(p.authorityHost, p.tenantId) || payload.tid !== p.tenantId) {
            throw new ArmError(
                "InvalidAuthenticationToken",
                `The access token is from the wrong issuer '${payload.iss}'. It must match the tenant '${p.tenantId}' of this emulator.`,
            );
        }
        return { objectId: String(payload.oid ?? payload.sub), appId: String(payload.appid ?? ""), tenantId: String(payload.tid) };
    }
}

function sameString(a: string, b: string): boolean {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
}
