/** The request log and counters, read by tests, the admin API and the benchmark. */
import type { Counters, RequestLogEntry, TrafficRecord } from "./types.js";

export class RequestLog {
    private entries: RequestLogEntry[] = [];
    private totals: Counters = emptyCounters();

    constructor(private readonly limit = 100_000) {}

    add(entry: RequestLogEntry): void {
        this.entries.push(entry);
        if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
        const c = this.totals;
        c.total++;
        c.byKind[entry.kind]++;
        c.byMethod[entry.method] = (c.byMethod[entry.method] ?? 0) + 1;
        const status = String(entry.status);
        c.byStatus[status] = (c.byStatus[status] ?? 0) + 1;
        if (entry.kind === "token") {
            c.tokenRequests++;
            if (entry.status === 200) c.tokensIssued++;
        }
        if (entry.status === 429) c.throttled++;
        if (entry.fault) c.faults[entry.fault] = (c.faults[entry.fault] ?? 0) + 1;
    }

    list(): RequestLogEntry[] {
        return this.entries.map((e) => ({ ...e }));
    }

    clear(): void {
        this.entries = [];
    }

    counters(): Counters {
        return structuredClone(this.totals);
    }

    resetCounters(): void {
        this.totals = emptyCounters();
    }
}

/** The ARM exchanges kept for traffic validation, oldest first (only when the emulator was asked to record them). */
export class TrafficLog {
    private records: TrafficRecord[] = [];

    constructor(
        readonly enabled: boolean,
        private readonly limit = 100_000,
    ) {}

    add(record: TrafficRecord): void {
        if (!this.enabled) return;
        this.records.push(record);
        if (this.records.length > this.limit) this.records.splice(0, this.records.length - this.limit);
    }

    list(): TrafficRecord[] {
        return structuredClone(this.records);
    }

    clear(): void {
        this.records = [];
    }
}

function emptyCounters(): Counters {
    return {
        total: 0,
        byKind: { arm: 0, token: 0, metadata: 0, admin: 0 },
        byMethod: {},
        byStatus: {},
        tokenRequests: 0,
        tokensIssued: 0,
        throttled: 0,
        faults: {},
    };
}
