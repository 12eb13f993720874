/** The settings that can change while the emulator runs: their defaults from the options, and their validation. */
import type { EmulatorOptions, PutResponseMode, SubscriptionIdMatching } from "./types.js";

/** Settings that can be changed while the emulator runs (configure(), admin PATCH /_emulator/settings). */
export interface EmulatorSettings {
    putResponse: PutResponseMode;
    subscriptionIdMatching: SubscriptionIdMatching;
    mappingName: "bare" | "qualified";
    pageSize: number;
    tokenLifetimeSeconds: number;
    latencyMs: number;
}

/** The settings an emulator starts with; throws on an invalid option. */
export function initialSettings(options: EmulatorOptions): EmulatorSettings {
    const settings: EmulatorSettings = {
        putResponse: options.putResponse ?? "201-empty",
        subscriptionIdMatching: options.subscriptionIdMatching ?? "case-sensitive",
        mappingName: options.mappingName ?? "bare",
        pageSize: options.pageSize ?? 100,
        tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
        latencyMs: options.latencyMs ?? 0,
    };
    validateSettings(settings);
    return settings;
}

export function validateSettings(s: EmulatorSettings): void {
    if (s.putResponse !== "201-empty" && s.putResponse !== "200-body")
        throw new Error(`putResponse must be "201-empty" or "200-body", got ${JSON.stringify(s.putResponse)}`);
    if (s.subscriptionIdMatching !== "case-sensitive" && s.subscriptionIdMatching !== "arm-case-insensitive")
        throw new Error(
            `subscriptionIdMatching must be "case-sensitive" or "arm-case-insensitive", got ${JSON.stringify(s.subscriptionIdMatching)}`,
        );
    if (s.mappingName !== "bare" && s.mappingName !== "qualified")
        throw new Error(`mappingName must be "bare" or "qualified", got ${JSON.stringify(s.mappingName)}`);
    if (!Number.isInteger(s.pageSize) || s.pageSize < 1) throw new Error(`pageSize must be a whole number ≥ 1, got ${s.pageSize}`);
    if (!Number.isInteger(s.tokenLifetimeSeconds) || s.tokenLifetimeSeconds < 1)
        throw new Error(`tokenLifetimeSeconds must be a whole number ≥ 1, got ${s.tokenLifetimeSeconds}`);
    if (typeof s.latencyMs !== "number" || !(s.latencyMs >= 0)) throw new Error(`latencyMs must be a number ≥ 0, got ${s.latencyMs}`);
}
