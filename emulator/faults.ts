/**
 * Fault injection: rules matched against each request by method, path and kind; each fires for its
 * first N matches (after skipping some), with a probability from a seedable RNG, or always. Latency rules
 * add up; of the other rules the first that fires decides what happens to the request.
 */
import type { FaultKind, FaultRule, RequestKind } from "./types.js";

const KINDS: FaultKind[] = ["latency", "throttle", "status", "metadata-bad-gateway", "reset", "hang"];

export interface FaultDecision {
    latencyMs: number;
    /** The rule that decides the answer, if any (never a latency rule). */
    action?: FaultRule;
    /** The kinds of every rule that fired, for the log and counters. */
    fired: FaultKind[];
}

interface RuleState {
    rule: FaultRule;
    regex?: RegExp;
    seen: number;
    applied: number;
}

/** Throws an Error naming the bad field of a rule. */
export function validateFaultRules(rules: unknown): FaultRule[] {
    if (!Array.isArray(rules)) throw new Error("faults must be a list of rules");
    return rules.map((rule: FaultRule, i) => {
        const f = `faults[${i}]`;
        if (typeof rule !== "object" || rule === null) throw new Error(`${f} must be an object`);
        if (!KINDS.includes(rule.kind)) throw new Error(`${f}.kind must be one of ${KINDS.join(", ")}, got ${JSON.stringify(rule.kind)}`);
        if (rule.pathRegex !== undefined) {
            try {
                new RegExp(rule.pathRegex);
            } catch (err) {
                throw new Error(`${f}.pathRegex is not a valid regular expression: ${(err as Error).message}`);
            }
        }
        for (const key of ["skip", "count", "latencyMs", "retryAfterSeconds"] as const) {
            const value = rule[key];
            if (value !== undefined && (typeof value !== "number" || !(value >= 0)))
                throw new Error(`${f}.${key} must be a number ≥ 0, got ${JSON.stringify(value)}`);
        }
        if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1))
            throw new Error(`${f}.probability must be between 0 and 1`);
        if (rule.status !== undefined && !(Number.isInteger(rule.status) && rule.status >= 500 && rule.status <= 599))
            throw new Error(`${f}.status must be a 5xx status, got ${rule.status}`);
        return { ...rule };
    });
}

export class FaultInjector {
    private states: RuleState[] = [];
    private random: () => number;

    constructor(
        rules: FaultRule[] = [],
        private readonly seed = 1,
    ) {
        this.random = mulberry32(seed);
        this.set(rules);
    }

    /** Replaces the rules; their counts start from zero and the RNG from its seed. */
    set(rules: FaultRule[]): void {
        this.states = validateFaultRules(rules).map((rule) => {
            const state: RuleState = { rule, seen: 0, applied: 0 };
            if (rule.pathRegex !== undefined) state.regex = new RegExp(rule.pathRegex);
            return state;
        });
        this.random = mulberry32(this.seed);
    }

    rules(): FaultRule[] {
        return this.states.map((s) => ({ ...s.rule }));
    }

    decide(method: string, path: string, kind: RequestKind): FaultDecision {
        const decision: FaultDecision = { latencyMs: 0, fired: [] };
        for (const state of this.states) {
            const { rule } = state;
            if (decision.action && rule.kind !== "latency") continue;
            if (!(rule.kinds ?? ["arm"]).includes(kind)) continue;
            if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
            if (rule.path && !path.includes(rule.path)) continue;
            if (state.regex && !state.regex.test(path)) continue;
            state.seen++;
            if (state.seen <= (rule.skip ?? 0)) continue;
            if (rule.count !== undefined && state.applied >= rule.count) continue;
            if (rule.probability !== undefined && this.random() >= rule.probability) continue;
            state.applied++;
            decision.fired.push(rule.kind);
            if (rule.kind === "latency") decision.latencyMs += rule.latencyMs ?? 1000;
            else decision.action = rule;
        }
        return decision;
    }
}

/** A small, well-known seedable PRNG (uniform in [0, 1)). */
function mulberry32(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
