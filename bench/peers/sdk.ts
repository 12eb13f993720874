/**
 * Peer (b): one Node process calling the official SDK, @azure/arm-azurestack, for every mapping, with no
 * state, no diff and no checks: the request floor of what a CSP could script. Started as a child process by
 * bench/peers/run.ts with the emulator's clientEnv() (NODE_EXTRA_CA_CERTS is read only at process start).
 *
 *   node dist/bench/peers/sdk.js <create|show|delete> <mappings.json> <parallel>
 *
 * mappings.json: [{ registrationSubscriptionId, resourceGroup, registrationName, customerSubscriptionId, tenantId }].
 * Prints one JSON line: { ok, failures, drifted }.
 */
import { readFileSync } from "node:fs";
import { ClientSecretCredential } from "@azure/identity";
import { AzureStackManagementClient } from "@azure/arm-azurestack";

interface PeerMapping {
    registrationSubscriptionId: string;
    resourceGroup: string;
    registrationName: string;
    customerSubscriptionId: string;
    tenantId: string;
}

function env(name: string): string {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
}

async function main(): Promise<void> {
    const [operation, file, parallelText] = process.argv.slice(2);
    const mappings = JSON.parse(readFileSync(file!, "utf8")) as PeerMapping[];
    const arm = env("AZURE_RESOURCE_MANAGER_ENDPOINT");
    const credential = new ClientSecretCredential(env("AZURE_TENANT_ID"), env("AZURE_CLIENT_ID"), env("AZURE_CLIENT_SECRET"), {
        authorityHost: env("AZURE_AUTHORITY_HOST"),
        disableInstanceDiscovery: true,
    });
    // The 2.x client asks for a management.azure.com token by default: sign with the endpoint's own scope.
    const signer = {
        async signRequest<R extends { headers: { set(name: string, value: string): void } }>(resource: R): Promise<R> {
            const token = await credential.getToken(`${arm}/.default`);
            resource.headers.set("authorization", `Bearer ${token!.token}`);
            return resource;
        },
    };
    const clients = new Map<string, AzureStackManagementClient>();
    const clientFor = (subscription: string) => {
        let client = clients.get(subscription);
        if (!client) clients.set(subscription, (client = new AzureStackManagementClient(signer as never, subscription, { baseUri: arm })));
        return client;
    };
    let failures = 0;
    let drifted = 0;
    let next = 0;
    const one = async (m: PeerMapping) => {
        const subs = clientFor(m.registrationSubscriptionId).customerSubscriptions;
        try {
            if (operation === "create")
                await subs.create(m.resourceGroup, m.registrationName, m.customerSubscriptionId, { tenantId: m.tenantId });
            else if (operation === "show") {
                const got = await subs.get(m.resourceGroup, m.registrationName, m.customerSubscriptionId);
                if (got.tenantId?.toLowerCase() !== m.tenantId.toLowerCase()) drifted++;
            } else if (operation === "delete") await subs.deleteMethod(m.resourceGroup, m.registrationName, m.customerSubscriptionId);
            else throw new Error(`unknown operation ${operation}`);
        } catch (error) {
            failures++;
            if (failures <= 3) process.stderr.write(`sdk peer ${operation} ${m.customerSubscriptionId}: ${(error as Error).message}\n`);
        }
    };
    await Promise.all(
        Array.from({ length: Number(parallelText ?? 8) }, async () => {
            while (next < mappings.length) await one(mappings[next++]!);
        }),
    );
    process.stdout.write(`${JSON.stringify({ ok: failures === 0, failures, drifted })}\n`);
}

main().catch((error) => {
    process.stdout.write(`${JSON.stringify({ ok: false, error: String(error) })}\n`);
    process.exitCode = 1;
});
