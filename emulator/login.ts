/**
 * The login host: OpenID discovery documents, signing keys and the OAuth2 token endpoint, at the paths
 * Microsoft Entra serves them (`{authorityHost}/{tenant}/...`), which is what MSAL and @azure/identity ask for;
 * and ARM's metadata endpoint, where clients find the login endpoint and audience.
 */
import type { HttpRequest, Reply } from "./https.js";
import { AadError, Identity } from "./identity.js";
import type { StateStore } from "./state.js";
import type { Endpoints, RequestKind } from "./types.js";

export interface LoginContext {
    identity: Identity;
    store: StateStore;
    authorityHost: string;
    armEndpoint: string;
    tokenLifetimeSeconds: () => number;
}

export interface LoginRequest extends HttpRequest {
    correlationId: string;
}

/** "token" for the token endpoint, "metadata" for everything else on the login host. */
export function loginKind(path: string): RequestKind {
    return /\/oauth2\/(v2\.0\/)?token\/?$/i.test(path) ? "token" : "metadata";
}

const GENERIC_TENANTS = ["common", "organizations", "consumers"];
/**
 * Resources besides the emulator's ARM endpoint that a real tenant also issues tokens for. A client that
 * asks for one of them (typically the public cloud's ARM instead of the stack's) gets a token, which the
 * emulator's ARM then refuses with InvalidAuthenticationTokenAudience, as a real Azure Stack Hub would.
 */
const OTHER_KNOWN_RESOURCES = ["https://management.azure.com", "https://management.core.windows.net", "https://graph.microsoft.com"];

export async function handleLogin(ctx: LoginContext, req: LoginRequest): Promise<Reply> {
    try {
        return await route(ctx, req);
    } catch (err) {
        if (err instanceof AadError) return { status: err.status, body: err.body(req.correlationId), errorCode: err.error };
        throw err;
    }
}

async function route(ctx: LoginContext, req: LoginRequest): Promise<Reply> {
    const parts = req.path.replace(/\/+$/, "").split("/").slice(1);
    const [tenant = "", ...rest] = parts;
    const tail = rest.join("/").toLowerCase();
    const method = req.method.toUpperCase();
    if (tenant === "_issuer" && tail === "keys") return { status: 200, body: ctx.identity.issuerJwks() };
    if (tenant.toLowerCase() === "common" && tail === "discovery/instance") return { status: 200, body: instanceDiscovery(ctx) };

    const known = tenant.toLowerCase() === ctx.store.tenantId.toLowerCase();
    const generic = GENERIC_TENANTS.includes(tenant.toLowerCase());
    if (!known && !generic)
        throw new AadError(
            400,
            "invalid_tenant",
            90002,
            `Tenant '${tenant}' not found. Check that the tenant id is right: this emulator's tenant is '${ctx.store.tenantId}'.`,
        );

    if (method === "GET") {
        if (tail === "v2.0/.well-known/openid-configuration") return { status: 200, body: openIdConfiguration(ctx, tenant, known, "v2.0") };
        if (tail === ".well-known/openid-configuration") return { status: 200, body: openIdConfiguration(ctx, tenant, known, "v1") };
        if (tail === "discovery/v2.0/keys" || tail === "discovery/keys") return { status: 200, body: ctx.identity.jwks() };
    }
    if (tail === "oauth2/v2.0/token" || tail === "oauth2/token") {
        if (method !== "POST")
            return {
                status: 405,
                headers: { allow: "POST" },
                body: { error: "invalid_request", error_description: "The token endpoint accepts only POST." },
                errorCode: "invalid_request",
            };
        if (!known)
            throw new AadError(
                400,
                "invalid_request",
                90002,
                `The client-credentials flow needs a tenant-specific authority, not '/${tenant}'.`,
            );
        return token(ctx, new URLSearchParams(req.body.toString("utf8")), tail === "oauth2/token");
    }
    return {
        status: 404,
        body: { error: "not_found", error_description: `No endpoint at ${req.path} on the emulator's login host.` },
        errorCode: "not_found",
    };
}

async function token(ctx: LoginContext, form: URLSearchParams, v1: boolean): Promise<Reply> {
    const grantType = form.get("grant_type");
    if (grantType !== "client_credentials") {
        throw new AadError(
            400,
            "unsupported_grant_type",
            70003,
            `The emulator supports only grant_type 'client_credentials', got '${grantType ?? ""}'.`,
        );
    }
    const client = await ctx.identity.authenticateClient(ctx.store.clients, form);
    const resource = v1 ? (form.get("resource") ?? "") : resourceOfScope(form.get("scope"));
    const allowed = [ctx.armEndpoint, ...OTHER_KNOWN_RESOURCES].flatMap((r) => [r, `${r}/`]);
    if (!allowed.includes(resource)) {
        throw new AadError(
            400,
            "invalid_resource",
            500011,
            `The resource principal named '${resource}' was not found in the tenant. The emulator's ARM endpoint takes tokens for scope '${ctx.armEndpoint}/.default'.`,
        );
    }
    const lifetime = ctx.tokenLifetimeSeconds();
    const { token: accessToken, expiresIn } = await ctx.identity.issueAccessToken({
        authorityHost: ctx.authorityHost,
        tenantId: ctx.store.tenantId,
        client,
        audience: resource,
        lifetimeSeconds: lifetime,
    });
    const body: Record<string, unknown> = {
        token_type: "Bearer",
        expires_in: expiresIn,
        ext_expires_in: expiresIn,
        access_token: accessToken,
    };
    if (v1) {
        const now = Math.floor(Date.now() / 1000);
        Object.assign(body, { expires_on: String(now + expiresIn), not_before: String(now), resource });
    }
    return { status: 200, headers: { "cache-control": "no-store", pragma: "no-cache" }, body, caller: client.clientId };
}

/** `https://host/.default` ⇒ `https://host` (and `https://host//.default` ⇒ `https://host/`); other scopes are ignored. */
function resourceOfScope(scope: string | null): string {
    if (!scope) throw new AadError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'scope'.");
    const resources = scope
        .split(/\s+/)
        .filter((s) => s.endsWith("/.default"))
        .map((s) => s.slice(0, -"/.default".length));
    if (resources.length !== 1) {
        throw new AadError(
            400,
            "invalid_scope",
            1002012,
            `The scope '${scope}' is not valid for the client-credentials flow: give exactly one '<resource>/.default' scope.`,
        );
    }
    return resources[0]!;
}

function openIdConfiguration(ctx: LoginContext, tenant: string, known: boolean, version: "v2.0" | "v1"): Record<string, unknown> {
    const base = `${ctx.authorityHost}/${tenant}`;
    const issuerTenant = known ? ctx.store.tenantId : "{tenantid}";
    const v2 = version === "v2.0";
    return {
        token_endpoint: v2 ? `${base}/oauth2/v2.0/token` : `${base}/oauth2/token`,
        token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        jwks_uri: v2 ? `${ctx.authorityHost}/${tenant}/discovery/v2.0/keys` : `${ctx.authorityHost}/${tenant}/discovery/keys`,
        response_modes_supported: ["query", "fragment", "form_post"],
        subject_types_supported: ["pairwise"],
        id_token_signing_alg_values_supported: ["RS256"],
        response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
        scopes_supported: ["openid", "profile", "email", "offline_access"],
        issuer: v2 ? `${ctx.authorityHost}/${issuerTenant}/v2.0` : Identity.tokenIssuer(ctx.authorityHost, issuerTenant),
        request_uri_parameter_supported: false,
        authorization_endpoint: v2 ? `${base}/oauth2/v2.0/authorize` : `${base}/oauth2/authorize`,
        device_authorization_endpoint: v2 ? `${base}/oauth2/v2.0/devicecode` : `${base}/oauth2/devicecode`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: v2 ? `${base}/oauth2/v2.0/logout` : `${base}/oauth2/logout`,
        claims_supported: ["sub", "iss", "aud", "exp", "iat", "nbf", "tid", "oid", "appid", "ver"],
        tenant_region_scope: null,
        cloud_instance_name: "azurestack-emulator.local",
        cloud_graph_host_name: "graph.azurestack-emulator.local",
        msgraph_host: "graph.azurestack-emulator.local",
    };
}

/** Entra's instance discovery answer, for clients that can be pointed at it (MSAL itself asks login.microsoftonline.com). */
function instanceDiscovery(ctx: LoginContext): Record<string, unknown> {
    const host = new URL(ctx.authorityHost).host;
    return {
        tenant_discovery_endpoint: `${ctx.authorityHost}/${ctx.store.tenantId}/v2.0/.well-known/openid-configuration`,
        "api-version": "1.1",
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    };
}

// ---- ARM's metadata endpoint ----
// The ARM metadata endpoint clients read to find the login endpoint and audience, in each api-version's
// shape: 2022-09-01 and newer (what `az cloud register` asks) one object for this cloud; 2019-05-01 up to
// then the array of clouds; older (Azure Stack Hub's 2015-01-01, msrestazure's 1.0) its legacy document.

export function metadataEndpoints(query: URLSearchParams, endpoints: Endpoints): Reply {
    const version = query.get("api-version") ?? "2015-01-01";
    const arm = `${endpoints.armEndpoint}/`;
    const authentication = {
        loginEndpoint: `${endpoints.authorityHost}/`,
        audiences: [arm],
        tenant: endpoints.tenantId,
        identityProvider: "AAD",
    };
    if (version < "2019-05-01")
        return { status: 200, body: { galleryEndpoint: "", graphEndpoint: "", portalEndpoint: "", authentication } };
    const cloud = { name: "AzureStackEmulator", resourceManager: arm, portal: "", authentication, suffixes: {} };
    if (version < "2022-09-01") return { status: 200, body: [cloud] };
    return { status: 200, body: cloud };
}
