/** One token file per client with a federated credential (for AZURE_FEDERATED_TOKEN_FILE), refreshed while the emulator runs. */
import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Identity } from "./identity.js";
import type { StateStore } from "./state.js";

const REFRESH_MS = 10 * 60_000;

export class FederatedTokenFiles {
    private readonly files = new Map<string, string>();
    private refreshTimer: NodeJS.Timeout | undefined;

    constructor(
        private readonly workDir: string,
        private readonly identity: Identity,
        private readonly store: StateStore,
    ) {}

    /** Writes the files now, then again every ten minutes, well within the tokens' hour. */
    async start(): Promise<void> {
        await this.write();
        this.refreshTimer = setInterval(() => void this.write().catch(() => undefined), REFRESH_MS);
        this.refreshTimer.unref();
    }

    stop(): void {
        clearInterval(this.refreshTimer);
    }

    fileOf(clientId: string): string | undefined {
        return this.files.get(clientId);
    }

    private async write(): Promise<void> {
        for (const client of this.store.clients.filter((c) => c.federatedCredentials.length > 0)) {
            const file = join(this.workDir, `federated-token-${client.clientId.replace(/[^\w.-]/g, "_")}.jwt`);
            const token = await this.identity.mintFederatedToken(this.store.clients, { clientId: client.clientId, lifetimeSeconds: 3600 });
            writeFileSync(`${file}.tmp`, token, { mode: 0o600 });
            renameSync(`${file}.tmp`, file);
            this.files.set(client.clientId, file);
        }
    }
}
