/** The shape of bench/results/latest.json, and the targets evaluated against it. */

export const PHASES = ["preview-new", "up", "preview-nochange", "preview-refresh", "refresh", "destroy"] as const;
export type Phase = typeof PHASES[number];

export interface PhaseResult {
    phase: Phase;
    n: number;
    /** Median over the measurements, ours. */
    wallMs: number;
    /** Median over the measurements, the floor (no-op dynamic resources). */
    floorWallMs: number;
    /** Median of the ratios of each measurement of ours to the floor's measured next to it. */
    ratio: number;
    armRequestsPerMapping: number;
    armRequestsPerMappingByMethod: Record<string, number>;
    armRequests: number;
    tokenRequests: number;
    /** Dynamic-provider host processes the engine started for the phase (ours). */
    providerProcesses: number;
    /** Of those, the ones that called ARM (seen with a connection to the emulator). */
    providerProcessesCallingArm: number;
    /** Distinct provider-to-ARM connections seen (sampled every 100 ms): stays near the parallelism when reused. */
    armConnections: number;
    /** Token requests divided by the provider hosts that called ARM, the largest over the measurements. */
    maxTokenRequestsPerCallingProcess: number;
    throttledResponses: number;
    providerPeakRssMiB?: number;
    floorProviderPeakRssMiB?: number;
    wallMsRuns: number[];
    floorWallMsRuns: number[];
}

export interface ThrottledResult {
    n: number;
    variant: string;
    parallel: number | "engine default";
    skipCheckpoints: boolean;
    /** `up` of a new stack of N mappings, start to end. */
    wallMs: number;
    /** (N − burst) / refill: the soonest the bucket can admit N writes. */
    theoreticalMinMs: number;
    ratio?: number;
    /** Mappings not created. */
    failures: number;
    /** With the engine's defaults and N measured in the phases too: the same `up` unthrottled, ours and the floor. */
    unthrottledUpWallMs?: number;
    floorUpWallMs?: number;
    bucket: { burst: number; refillPerSecond: number };
    /** First PUT sent to last PUT accepted, on the emulator's clock. */
    writeWindowMs: number;
    writeWindowRatio?: number;
    throttledResponses: number;
    putRequests: number;
    maxThrottledAnswersForOneRequest: number;
    armRequestsByMethod: Record<string, number>;
    tokenRequests: number;
    providerPeakRssMiB?: number;
    error?: string;
}

/** Ours with state on Azure Blob Storage (azblob://, Azurite) next to the same phase on the file backend. */
export interface BackendResult {
    phase: "up" | "preview-nochange";
    n: number;
    backend: "azblob";
    /** Median over the measurements, azblob. */
    wallMs: number;
    /** The same phase of ours on the file backend (PhaseResult.wallMs). */
    fileWallMs: number;
    /** azblob / file, of the medians. */
    ratio: number;
    /** Requests to the storage account, the largest over the measurements. */
    storageRequests: number;
    storageWrites: number;
    armRequests: number;
    wallMsRuns: number[];
}

export interface TargetResult {
    target: string;
    n?: number;
    measured: string;
    met: boolean;
}

export interface BenchResults {
    generatedAt: string;
    durationSeconds: number;
    settings: { n: number[]; runs: number; repeat: number; armLatencyMs: number; parallel: number | "engine default"; quick: boolean; command: string };
    machine: { cpus: number; cpuModel: string; node: string; pulumi: string };
    /** Length of the serialized provider Pulumi stores twice per resource, ours and the floor's. */
    serializedProviderBytes: { ours: number; floor: number };
    phases: PhaseResult[];
    /** The azblob rows: `up` and the no-change preview of ours with state on Azure Blob Storage. */
    backends?: BackendResult[];
    /** The first of throttledVariants: the engine's defaults. */
    throttled?: ThrottledResult;
    throttledVariants?: ThrottledResult[];
    targets: TargetResult[];
}

export function evaluateTargets(results: BenchResults): TargetResult[] {
    const targets: TargetResult[] = [];
    const at = (phase: Phase) => results.phases.filter((p) => p.phase === phase);
    for (const p of at("preview-nochange")) {
        targets.push({ target: "no-change preview: 0 ARM requests", n: p.n, measured: `${p.armRequests} ARM, ${p.tokenRequests} token`, met: p.armRequests === 0 });
        targets.push({ target: "no-change preview: wall ≤ 1.10× floor", n: p.n, measured: `${p.ratio}×`, met: p.ratio <= 1.10 });
    }
    for (const p of at("up")) {
        targets.push({ target: "up: ≤ 1.05 ARM requests per mapping", n: p.n, measured: `${p.armRequestsPerMapping}`, met: p.armRequestsPerMapping <= 1.05 });
        targets.push({ target: "up: wall ≤ 1.3× floor", n: p.n, measured: `${p.ratio}×`, met: p.ratio <= 1.3 });
    }
    for (const phase of ["preview-refresh", "refresh"] as const) {
        for (const p of at(phase)) {
            targets.push({ target: `${phase}: ≤ 1.05 ARM requests per mapping`, n: p.n, measured: `${p.armRequestsPerMapping}`, met: p.armRequestsPerMapping <= 1.05 });
            targets.push({ target: `${phase}: one token request per scope per provider process`, n: p.n,
                measured: `${p.tokenRequests} token request(s), 1 scope, ${p.providerProcessesCallingArm} provider process(es) calling ARM ` +
                    `(of ${p.providerProcesses}); at most ${p.maxTokenRequestsPerCallingProcess} per calling process in any measurement`,
                met: p.maxTokenRequestsPerCallingProcess === 1 && p.providerProcessesCallingArm >= 1 });
        }
    }
    for (const t of results.throttledVariants ?? []) {
        targets.push({ target: `throttled bulk create (${t.variant}): 0 failures`, n: t.n, measured: `${t.failures}`, met: t.failures === 0 });
        targets.push({ target: `throttled bulk create (${t.variant}): wall ≤ 1.2× the bucket's minimum`, n: t.n,
            measured: `${t.ratio ?? "n/a"}× (${(t.wallMs / 1000).toFixed(1)} s vs ${(t.theoreticalMinMs / 1000).toFixed(1)} s)`,
            met: t.failures === 0 && t.ratio !== undefined && t.ratio <= 1.2 });
    }
    return targets;
}
