/** Reading one setting's text: empty is unset, booleans and numbers parsed, problems named after the setting. */

/** A configuration problem: named after the setting, with the fix. Thrown before any request is sent. */
export class SettingsError extends Error {
    constructor(
        readonly setting: string,
        reason: string,
    ) {
        super(`${setting}: ${reason}`);
        this.name = "SettingsError";
    }
}

export function nonEmpty(value: string | undefined): string | undefined {
    return value === undefined || value.trim() === "" ? undefined : value;
}

export function parseBoolean(value: string | undefined, fallback: boolean, setting: string): boolean {
    if (value === undefined) return fallback;
    const v = value.trim().toLowerCase();
    if (["true", "1", "yes"].includes(v)) return true;
    if (["false", "0", "no"].includes(v)) return false;
    throw new SettingsError(setting, `expected true or false; got '${value}'.`);
}

export function parsePositive(value: string | undefined, fallback: number, setting: string): number {
    if (value === undefined || value.trim() === "") return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new SettingsError(setting, `expected a non-negative number; got '${value}'.`);
    return n;
}
