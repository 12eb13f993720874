/** One code of the error catalog (catalog/index.ts): what it says, when it is caught and why then, what to do. */
import type { ErrorContext } from "../messages";

/** Where in a Pulumi run a failure can surface. */
export type DetectedAt = "preview" | "up";

export interface CatalogEntry {
    /** What went wrong, in one sentence. */
    summary(ctx: ErrorContext): string;
    /** What the user should do about it. */
    remediation(ctx: ErrorContext): string;
    /** When this product reports it: at `pulumi preview` (preflight) or only when `pulumi up` sends the PUT. */
    detectedAt: DetectedAt;
    /** When, in docs/errors.md's words, where that says more than detectedAt (e.g. "preview (malformed ids); up (…)"). */
    caughtAt?: string;
    /** Why it can or cannot be caught earlier (docs/errors.md). */
    whyThen: string;
    /** What to do, in one line (docs/errors.md). The message itself carries the longer remediation. */
    advice: string;
    /** Transient: retried with backoff before it is reported. */
    retryable: boolean;
}
