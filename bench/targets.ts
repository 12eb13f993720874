/**
 * What the results say: the engine's single-stack limit fitted through the measured `up` rows, and the
 * targets evaluated against a run's results.
 */
import type { BenchResults, EngineLimit, Phase, PhaseResult, SetRow, TargetResult } from "./results";

/** Least squares of wall = a + b·N + c·N² (needs 3 distinct N); undefined otherwise. */
export function quadraticFit(points: { n: number; y: number }[]): [number, number, number] | undefined {
    if (new Set(points.map((p) => p.n)).size < 3) return undefined;
    // Normal equations, 3×3, by Cramer's rule.
    const S = (k: number) => points.reduce((sum, p) => sum + p.n ** k, 0);
    const T = (k: number) => points.reduce((sum, p) => sum + p.y * p.n ** k, 0);
    const m = [
        [S(0), S(1), S(2)],
        [S(1), S(2), S(3)],
        [S(2), S(3), S(4)],
    ];
    const v = [T(0), T(1), T(2)];
    const det = (a: number[][]) =>
        a[0]![0]! * (a[1]![1]! * a[2]![2]! - a[1]![2]! * a[2]![1]!) -
        a[0]![1]! * (a[1]![0]! * a[2]![2]! - a[1]![2]! * a[2]![0]!) +
        a[0]![2]! * (a[1]![0]! * a[2]![1]! - a[1]![1]! * a[2]![0]!);
    const d = det(m);
    if (d === 0) return undefined;
    const column = (i: number) => det(m.map((row, r) => row.map((x, c) => (c === i ? v[r]! : x))));
    return [column(0) / d, column(1) / d, column(2) / d];
}

/** The smallest N (in steps of 10) at which the fitted wall passes `limitMs`. */
export function nAt(fit: [number, number, number], limitMs: number): number {
    for (let n = 10; n <= 1_000_000; n += 10) if (fit[0] + fit[1] * n + fit[2] * n * n > limitMs) return n;
    return Infinity;
}

export function engineLimitOf(phases: PhaseResult[]): EngineLimit {
    const points = phases.filter((p) => p.phase === "up").map((p) => ({ n: p.n, wallMs: p.wallMs, floorWallMs: p.floorWallMs }));
    const limit = 600_000;
    const over = points.find((p) => p.wallMs > limit);
    const ours = quadraticFit(points.map((p) => ({ n: p.n, y: p.wallMs })));
    const floor = quadraticFit(points.map((p) => ({ n: p.n, y: p.floorWallMs })));
    return {
        method: over
            ? `Measured: ${over.n} mappings took ${Math.round(over.wallMs / 1000)} s`
            : "Extrapolated: least-squares wall = a + b·N + c·N² through the measured `up` rows (checkpoints on); measuring it directly would take over 10 minutes per run",
        points,
        ...(ours && floor ? { fit: { ours, floor }, nAtTenMinutes: { ours: nAt(ours, limit), floor: nAt(floor, limit) } } : {}),
        measuredDirectly: over !== undefined,
    };
}

/** Registration sets (issue 24), at the scale they were measured (5,000 mappings on 10 stamps in the full run). */
function setTargets(results: BenchResults): TargetResult[] {
    const sets = results.sets;
    const targets: TargetResult[] = [];
    const row = (label: SetRow["label"], backend: SetRow["backend"] = "file") =>
        sets?.scale?.rows.find((r) => r.label === label && r.backend === backend);
    const add = (target: string, r: SetRow | undefined, measured: (r: SetRow) => string, met: (r: SetRow) => boolean) => {
        if (r) targets.push({ target: `sets: ${target}`, n: r.n, measured: measured(r), met: met(r) });
    };
    for (const backend of ["file", "azblob"] as const) {
        add(
            `no-change preview (${backend}): 0 ARM requests, wall ≤ 5 s`,
            row("no-change", backend),
            (r) => `${r.armRequests} ARM, ${(r.wallMs / 1000).toFixed(2)} s`,
            (r) => r.armRequests === 0 && r.wallMs <= 5000,
        );
        add(
            `drift check (${backend}): ARM requests ≤ listing pages + 2 per stamp, wall ≤ 8 s`,
            row("drift", backend),
            (r) => `${r.armRequests} of ${r.allowedRequests} allowed, ${(r.wallMs / 1000).toFixed(2)} s`,
            (r) => r.armRequests <= (r.allowedRequests ?? 0) && r.wallMs <= 8000,
        );
        add(
            `adoption (${backend}): 0 writes`,
            row("adoption", backend),
            (r) => `${r.writes} writes, ${r.armRequests} ARM`,
            (r) => r.writes === 0,
        );
    }
    // N within the write burst has no bucket minimum to compare with.
    add(
        "up under the write bucket: wall ≤ 1.1× the bucket's minimum, 0 failures",
        row("up")?.bucketRatio !== undefined ? row("up") : undefined,
        (r) => `${r.bucketRatio}×, ${r.failures} failures`,
        (r) => (r.bucketRatio ?? Infinity) <= 1.1 && r.failures === 0,
    );
    add(
        "one re-pointed tenant: 1 PUT",
        row("re-point"),
        (r) => `${r.writes} writes`,
        (r) => r.writes === (r.mappingsChanged ?? 1),
    );
    for (const mode of ["warn", "fail"] as const) {
        add(
            `${mode}: finds the ${sets?.scale?.handMade} hand-made mappings within the drift check's budget`,
            row(mode),
            (r) => `found ${r.found}, ${r.armRequests} of ${r.allowedRequests} ARM`,
            (r) => r.found === sets?.scale?.handMade && r.armRequests <= (r.allowedRequests ?? 0),
        );
    }
    const peer = sets?.peer;
    if (peer) {
        targets.push({
            target: `sets: one set creating N unthrottled: wall ≤ 1.5× the SDK script at the same concurrency (${peer.parallel})`,
            n: peer.n,
            measured: `${peer.ratio}× (${(peer.oursWallMs / 1000).toFixed(2)} s against ${(peer.sdkWallMs / 1000).toFixed(2)} s)`,
            met: peer.ratio <= 1.5,
        });
    }
    return targets;
}

export function evaluateTargets(results: BenchResults): TargetResult[] {
    const targets: TargetResult[] = [];
    const at = (phase: Phase) => results.phases.filter((p) => p.phase === phase);
    for (const p of at("preview-nochange")) {
        targets.push({
            target: "no-change preview: 0 ARM requests",
            n: p.n,
            measured: `${p.armRequests} ARM, ${p.tokenRequests} token`,
            met: p.armRequests === 0,
        });
        targets.push({ target: "no-change preview: wall ≤ 1.10× floor", n: p.n, measured: `${p.ratio}×`, met: p.ratio <= 1.1 });
    }
    for (const p of at("up")) {
        targets.push({
            target: "up: ≤ 1.05 ARM requests per mapping",
            n: p.n,
            measured: `${p.armRequestsPerMapping}`,
            met: p.armRequestsPerMapping <= 1.05,
        });
        targets.push({ target: "up: wall ≤ 1.3× floor", n: p.n, measured: `${p.ratio}×`, met: p.ratio <= 1.3 });
    }
    for (const phase of ["preview-refresh", "refresh"] as const) {
        for (const p of at(phase)) {
            targets.push({
                target: `${phase}: ≤ 1.05 ARM requests per mapping`,
                n: p.n,
                measured: `${p.armRequestsPerMapping}`,
                met: p.armRequestsPerMapping <= 1.05,
            });
            targets.push({
                target: `${phase}: one token request per scope per provider process`,
                n: p.n,
                measured:
                    `${p.tokenRequests} token request(s), 1 scope, ${p.providerProcessesCallingArm} provider process(es) calling ARM ` +
                    `(of ${p.providerProcesses}); at most ${p.maxTokenRequestsPerCallingProcess} per calling process in any measurement`,
                met: p.maxTokenRequestsPerCallingProcess === 1 && p.providerProcessesCallingArm >= 1,
            });
        }
    }
    for (const t of results.throttledVariants ?? []) {
        targets.push({
            target: `throttled bulk create (${t.variant}): 0 failures`,
            n: t.n,
            measured: `${t.failures}`,
            met: t.failures === 0,
        });
        targets.push({
            target: `throttled bulk create (${t.variant}): wall ≤ 1.2× the bucket's minimum`,
            n: t.n,
            measured: `${t.ratio ?? "n/a"}× (${(t.wallMs / 1000).toFixed(1)} s vs ${(t.theoreticalMinMs / 1000).toFixed(1)} s)`,
            met: t.failures === 0 && t.ratio !== undefined && t.ratio <= 1.2,
        });
    }
    const scale = results.scale;
    if (scale) {
        const n = scale.n;
        const rowOf = (prefix: string) => scale.rows.find((r) => r.label.startsWith(prefix));
        const up = rowOf("up: create");
        const nochange = rowOf("no-change preview");
        const drift = rowOf("drift check");
        const adoption = rowOf("adoption");
        const b = scale.budgets;
        targets.push({
            target: `drift check on ${scale.stamps} stamps: ARM requests ≤ listing pages + 2 per stamp`,
            n,
            measured: `${b.driftCheck.measured} (allowed ${b.driftCheck.allowed}: ${b.driftCheck.listingPages} pages + ${2 * scale.stamps})`,
            met: b.driftCheck.measured <= b.driftCheck.allowed,
        });
        if (drift?.ratio !== undefined)
            targets.push({ target: "drift check: wall ≤ 1.2× floor", n, measured: `${drift.ratio}×`, met: drift.ratio <= 1.2 });
        targets.push({
            target: "adoption (first up after export): 0 writes",
            n,
            measured: `${b.adoption.writes ?? "?"}`,
            met: b.adoption.writes === 0,
        });
        targets.push({
            target: `adoption: ARM requests ≤ listing pages + 2 per stamp`,
            n,
            measured: `${b.adoption.measured} (allowed ${b.adoption.allowed})`,
            met: b.adoption.measured <= b.adoption.allowed,
        });
        if (adoption?.ratio !== undefined)
            targets.push({ target: "adoption: wall ≤ 1.2× floor", n, measured: `${adoption.ratio}×`, met: adoption.ratio <= 1.2 });
        if (nochange) {
            targets.push({
                target: "no-change preview: 0 ARM requests",
                n,
                measured: `${nochange.armRequests}`,
                met: nochange.armRequests === 0,
            });
            if (nochange.ratio !== undefined)
                targets.push({
                    target: "no-change preview: wall ≤ 1.10× floor",
                    n,
                    measured: `${nochange.ratio}×`,
                    met: nochange.ratio <= 1.1,
                });
            if (nochange.providerPeakRssMiB !== undefined && nochange.floorProviderPeakRssMiB !== undefined) {
                const r = round(nochange.providerPeakRssMiB / nochange.floorProviderPeakRssMiB, 3);
                targets.push({
                    target: "no-change preview: provider host peak RSS ≤ 1.2× floor's",
                    n,
                    measured: `${nochange.providerPeakRssMiB} / ${nochange.floorProviderPeakRssMiB} MiB = ${r}×`,
                    met: r <= 1.2,
                });
            }
        }
        if (up) {
            targets.push({ target: "up under the write bucket: 0 failures", n, measured: `${up.failures ?? "?"}`, met: up.failures === 0 });
            if (up.bucketRatio !== undefined) {
                targets.push({
                    target: "up under the write bucket: wall ≤ 1.2× the bucket's minimum",
                    n,
                    measured: `${up.bucketRatio}× (${(up.wallMs / 1000).toFixed(1)} s vs ${((up.bucketMinimumMs ?? 0) / 1000).toFixed(1)} s)`,
                    met: up.failures === 0 && up.bucketRatio <= 1.2,
                });
            }
        }
    }
    return [...targets, ...setTargets(results)];
}

function round(value: number, digits: number): number {
    const f = 10 ** digits;
    return Math.round(value * f) / f;
}
