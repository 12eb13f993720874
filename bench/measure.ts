/**
 * One engine operation, measured: wall time around the Automation API call (CLI start to exit, as a user
 * sees it), the emulator's request log for exactly that operation, and the provider hosts' peak RSS.
 */
import type { RunningEmulator, RequestLogEntry } from "../emulator";
import { ProviderHostSampler } from "./processes";

export interface Measurement {
    wallMs: number;
    armRequests: number;
    armByMethod: Record<string, number>;
    tokenRequests: number;
    /** 429 answers from ARM. */
    throttled: number;
    providerProcesses: number;
    /** Provider hosts seen connected to the emulator's ARM endpoint. */
    providerProcessesCallingArm: number;
    /** Distinct connections from provider hosts to ARM seen while sampling. */
    armConnections: number;
    peakRssMiB?: number;
    log: RequestLogEntry[];
}

const sampler = new ProviderHostSampler();

/** A measurement as the results keep it (the log stays in the run's own files). */
export type PhaseMeasurement = Omit<Measurement, "log">;

export async function measure(emulator: RunningEmulator | undefined, operation: () => Promise<unknown>): Promise<Measurement> {
    emulator?.clearRequestLog();
    sampler.start(emulator ? Number(new URL(emulator.armEndpoint).port) : undefined);
    const started = performance.now();
    let wallMs: number;
    let hosts;
    try {
        await operation();
    } finally {
        wallMs = Math.round(performance.now() - started);
        hosts = sampler.stop();
    }
    const log = emulator?.requestLog() ?? [];
    const arm = log.filter((entry) => entry.kind === "arm");
    const armByMethod: Record<string, number> = {};
    for (const entry of arm) armByMethod[entry.method] = (armByMethod[entry.method] ?? 0) + 1;
    return {
        wallMs,
        armRequests: arm.length,
        armByMethod,
        tokenRequests: log.filter((entry) => entry.kind === "token").length,
        throttled: arm.filter((entry) => entry.status === 429).length,
        providerProcesses: hosts.processes,
        providerProcessesCallingArm: hosts.connected,
        armConnections: hosts.connections,
        peakRssMiB: hosts.peakRssMiB,
        log,
    };
}
