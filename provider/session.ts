/**
 * The provider process's session, kept in the process cache: the stack configuration the engine hands over
 * (once per process, secrets decrypted), the settings resolved from it and the environment at call time, and
 * where lines for the person running Pulumi go (engineLog.ts). The dynamic resource and the plugin configure it
 * the same way; everything else reads it.
 */
import { persistCompileCache } from "./compileCache";
import { EngineLog, type Severity } from "./engineLog";
import { processCache, slot } from "./processCache";
import { resolveSettings, type ConfigSource, type ProviderSettings } from "./settings";

interface Session {
    config?: ConfigSource;
    engine?: EngineLog;
    /** Resource URNs by mapping id, as check learned them, for lines at create. */
    urns: Map<string, string>;
}
const SESSION = slot<Session>("session", () => ({ urns: new Map() }));
const session = () => processCache.entry("process").get(SESSION);

export function configureSession(config: ConfigSource | undefined, engineAddress?: string): void {
    const current = session();
    current.config = config;
    if (engineAddress !== undefined || !current.engine) {
        current.engine?.close();
        current.engine = new EngineLog(engineAddress);
    }
    persistCompileCache();
}

/** The configuration the engine handed over, for code that resolves settings itself (the listing function). */
export function sessionConfig(): ConfigSource | undefined {
    return session().config;
}

/** Settings errors (e.g. a plain-http ARM endpoint) throw here, before any request. */
export function currentSettings(): ProviderSettings {
    return resolveSettings(session().config);
}

/** Remembers which resource declares a mapping, so later lines about it are attached to that resource. */
export function rememberUrn(mappingId: string, urn: unknown): void {
    if (typeof urn === "string" && urn.startsWith("urn:pulumi:")) session().urns.set(mappingId.toLowerCase(), urn);
}

export function urnOf(mappingId: string): string | undefined {
    return session().urns.get(mappingId.toLowerCase());
}

/** A line for the person running Pulumi, on the resource's row when its URN is known. */
export async function notify(message: string, urn: string | undefined, severity: Severity = "info"): Promise<void> {
    const current = session();
    current.engine ??= new EngineLog(undefined);
    await current.engine.log(severity, message, urn);
}
