/**
 * What `pulumi preview --json` prints, as far as the drift report reads it, and the report's row: shared by the
 * single mappings' report (driftReport.ts) and the sets' (setDrift.ts).
 */
export interface PreviewState {
    urn?: string;
    id?: string;
    type?: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
}

export interface PreviewStep {
    op: string;
    urn: string;
    oldState?: PreviewState | null;
    newState?: PreviewState | null;
}

export interface PreviewDiagnostic {
    message?: string;
    severity?: string;
    urn?: string;
}

export interface PreviewDigest {
    steps?: PreviewStep[];
    diagnostics?: PreviewDiagnostic[];
    changeSummary?: Record<string, number>;
}

export type DriftKind =
    | "deleted-outside-pulumi"
    | "tenant-repointed-outside-pulumi"
    | "changed-outside-pulumi"
    | "declared-change-not-applied"
    | "declared-but-not-created"
    | "no-longer-declared"
    /** In Azure, not declared by the registration's set (a set's `undeclared` mode). */
    | "undeclared";

export interface DriftedMapping {
    /** The resource name, `<tenant>@<stamp>` in the root stack; `<set>[<customer subscription>]` for a set's entry. */
    name: string;
    kind: DriftKind;
    /** The mapping's ARM id when the stack knows it. */
    id?: string;
    customerSubscriptionId?: string;
    registrationName?: string;
    /** What the stack declares (undefined when it no longer declares the mapping). */
    declaredTenantId?: string;
    /** What Azure holds after the refresh (undefined when there is no mapping). */
    azureTenantId?: string;
    /** What the stack last recorded, before this refresh. */
    recordedTenantId?: string;
    /** Other inputs that differ between Azure's refreshed state and the declaration. */
    otherDifferences: string[];
    /** The preview's operation: what `pulumi up` would do. */
    plannedOperation: string;
}
