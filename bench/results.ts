/** The shape of bench/results/latest.json (targets.ts evaluates the targets against it). */

export const PHASES = ["preview-new", "up", "preview-nochange", "preview-refresh", "refresh", "destroy"] as const;
export type Phase = (typeof PHASES)[number];

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

export interface ScaleRow {
    label: string;
    wallMs: number;
    floorWallMs?: number;
    ratio?: number;
    armRequests: number;
    armByMethod: Record<string, number>;
    tokenRequests: number;
    throttled: number;
    providerPeakRssMiB?: number;
    floorProviderPeakRssMiB?: number;
    listingPages?: number;
    mappingGets?: number;
    writes?: number;
    failures?: number;
    bucketMinimumMs?: number;
    bucketRatio?: number;
    error?: string;
    /** Each measurement of a row measured more than once (ours, and the floor's paired with it). */
    wallMsRuns?: number[];
    floorWallMsRuns?: number[];
}

/** N mappings on many stamps under ARM's buckets (bench/scale.ts). */
export interface ScaleResult {
    n: number;
    stamps: number;
    /** PULUMI_SKIP_CHECKPOINTS=true for ours and the floor in every row but the layout's. */
    skipCheckpoints: boolean;
    bucket: { writes: { burst: number; refillPerSecond: number }; reads: { burst: number; refillPerSecond: number } };
    pageSize: number;
    rows: ScaleRow[];
    budgets: {
        driftCheck: { listingPages: number; allowed: number; measured: number };
        adoption: { listingPages: number; allowed: number; measured: number; writes?: number };
        noChange: { measured: number };
    };
    /** One stack per stamp: the first stamp's stack `up` with the engine's defaults (not in a quick run). */
    layout?: { stamp: string; mappings: number; stacks: number; up: ScaleRow };
}

/** One measured operation of a stack of registration sets (bench/sets*.ts). */
export interface SetRow {
    label: "up" | "no-change" | "drift" | "re-point" | "warn" | "fail" | "adoption";
    backend: "file" | "azblob";
    n: number;
    /** Median over the measurements. */
    wallMs: number;
    armRequests: number;
    armByMethod: Record<string, number>;
    /** PUTs and DELETEs. */
    writes: number;
    throttled: number;
    /** Always false: sets are measured with the engine's defaults, checkpoints on. */
    skipCheckpoints: false;
    providerPeakRssMiB?: number;
    /** up: (N − burst) / refill, the soonest the write bucket admits N writes, and wall ÷ that. */
    bucketMinimumMs?: number;
    bucketRatio?: number;
    failures?: number;
    /** The drift check's budget: the registrations' listing pages plus 2 per stamp. */
    allowedRequests?: number;
    /** warn, fail: how many of the hand-made mappings the output names. */
    found?: number;
    /** re-point: how many mappings the re-pointed tenant has (one per stamp it uses). */
    mappingsChanged?: number;
    error?: string;
    wallMsRuns?: number[];
}

/** The sets at fleet scale: N mappings on S stamps, one set per stamp, in one stack (bench/sets.ts). */
export interface SetsScaleResult {
    n: number;
    stamps: number;
    bucket: ScaleResult["bucket"];
    pageSize: number;
    /** Mappings made by hand for the warn and fail rows. */
    handMade: number;
    rows: SetRow[];
}

/** The largest N one stack of sets handles within ten minutes, measured on a ladder of N (bench/setsLimit.ts). */
export interface SetsLimitResult {
    stamps: number;
    limitMs: number;
    /** Each N tried, unthrottled, the engine's defaults: up creating all, then a no-change preview and a drift check. */
    ladder: { n: number; upMs?: number; noChangeMs?: number; driftMs?: number; withinLimit: boolean; error?: string }[];
    /** The largest N of the ladder whose every step finished within the limit. */
    largestN?: number;
}

/** One set creating N mappings without throttling, beside the SDK script at the same concurrency (bench/setsPeer.ts). */
export interface SetsPeerResult {
    n: number;
    parallel: number;
    oursWallMs: number;
    sdkWallMs: number;
    ratio: number;
    oursArmRequests: number;
    sdkArmRequests: number;
}

export interface SetsResult {
    /** When and how this part was measured (a sets-only run merges it into an earlier full run's file). */
    generatedAt: string;
    command: string;
    scale?: SetsScaleResult;
    limit?: SetsLimitResult;
    peer?: SetsPeerResult;
}

export interface PeerRow {
    tool: "ours" | "sdk" | "az";
    operation: "create" | "drift check" | "delete";
    n: number;
    wallMs: number;
    wallMsPerMapping: number;
    armRequests: number;
    armRequestsPerMapping: number;
    note?: string;
}

/** Ours next to @azure/arm-azurestack (sdk) and a bash loop of az (bench/peers/run.ts). */
export interface PeerResult {
    n: number;
    parallel: number;
    rows: PeerRow[];
    /** Ours ÷ the peer, per mapping. */
    ratios: { operation: string; peer: string; wallPerMapping: number; requestsPerMapping: number | null }[];
    azSkipped?: string;
}

/** Where a single stack's `up` passes 10 minutes (checkpoints on), fitted to the measured `up` rows. */
export interface EngineLimit {
    method: string;
    points: { n: number; wallMs: number; floorWallMs: number }[];
    /** wall(N) ≈ a + b·N + c·N² in ms, ours and the floor. */
    fit?: { ours: [number, number, number]; floor: [number, number, number] };
    nAtTenMinutes?: { ours: number; floor: number };
    measuredDirectly: boolean;
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
    settings: {
        n: number[];
        runs: number;
        repeat: number;
        armLatencyMs: number;
        parallel: number | "engine default";
        quick: boolean;
        command: string;
    };
    machine: { cpus: number; cpuModel: string; node: string; pulumi: string };
    /** Length of the serialized provider Pulumi stores twice per resource, ours and the floor's. */
    serializedProviderBytes: { ours: number; floor: number };
    phases: PhaseResult[];
    /** The azblob rows: `up` and the no-change preview of ours with state on Azure Blob Storage. */
    backends?: BackendResult[];
    /** The first of throttledVariants: the engine's defaults. */
    throttled?: ThrottledResult;
    throttledVariants?: ThrottledResult[];
    scale?: ScaleResult;
    peers?: PeerResult;
    engineLimit?: EngineLimit;
    /** Registration sets (issue 24): the scale rows, the single-stack limit, one set beside the SDK script. */
    sets?: SetsResult;
    targets: TargetResult[];
}
