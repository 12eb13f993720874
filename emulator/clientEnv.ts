/** The environment variables a seeded client needs to reach the emulator with @azure/identity's EnvironmentCredential. */
import type { Endpoints } from "./endpoints.js";
import type { ClientRecord } from "./seed.js";

/** `clientId` undefined: the first client with a secret, else the first. */
export function clientEnvironment(
    clients: ClientRecord[],
    clientId: string | undefined,
    endpoints: Endpoints,
    /** A bundle: the certificates NODE_EXTRA_CA_CERTS named before, plus the emulator's CA (trustBundle.ts). */
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
