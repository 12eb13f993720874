/**
 * NODE_EXTRA_CA_CERTS names one file, so pointing it at the emulator's CA alone would drop whatever the shell
 * trusted through it before (a corporate or TLS-inspecting proxy's CA: every later `npm install` would then
 * fail with SELF_SIGNED_CERT_IN_CHAIN). The emulator hands out bundles instead: the certificates of the
 * NODE_EXTRA_CA_CERTS already in force, then its own CA.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";

/**
 * `base`'s certificates (when it names a readable file) followed by `caPem`, unless they hold it already.
 * `base` may be the bundle itself (an emulator started from a shell that sourced an earlier env file): its
 * certificates are kept, never replaced by the CA alone.
 */
export function trustBundle(caPem: string, base: string | undefined): string {
    let existing: string;
    try {
        existing = base ? readFileSync(base, "utf8") : "";
    } catch {
        existing = ""; // Node ignores an unreadable NODE_EXTRA_CA_CERTS too (with a warning): nothing to keep
    }
    if (existing.includes(caPem.trim())) return existing;
    return existing.trim() ? `${existing.replace(/\s*$/, "")}\n${caPem}` : caPem;
}

/** Writes trustBundle() to `bundlePath` atomically (certificates only: no secret, ordinary mode). */
export function writeTrustBundle(bundlePath: string, caPem: string, base = process.env.NODE_EXTRA_CA_CERTS): void {
    writeFileSync(`${bundlePath}.tmp`, trustBundle(caPem, base));
    renameSync(`${bundlePath}.tmp`, bundlePath);
}

/**
 * Shell lines that, when sourced, rebuild `bundlePath` from the NODE_EXTRA_CA_CERTS of the shell sourcing them
 * plus the CA at `caPath`, and export it. Sourced again (NODE_EXTRA_CA_CERTS already the bundle), they add
 * the CA only if the bundle lacks it, so a restarted emulator's new CA joins the trust the shell had.
 */
export function trustBundleShellLines(bundlePath: string, caPath: string, caPem: string, quote: (value: string) => string): string[] {
    const bundle = quote(bundlePath);
    const ca = quote(caPath);
    // A line of the CA's base64 body: unique to this CA, so grep can tell whether the bundle holds it.
    const marker = quote(caPem.split("\n").find((line) => line.length >= 64 && !line.startsWith("-----")) ?? caPem.trim());
    return [
        "# NODE_EXTRA_CA_CERTS: the certificates this shell already trusts plus the emulator's CA, in one bundle",
        `if [ "\${NODE_EXTRA_CA_CERTS:-}" = ${bundle} ]; then`,
        `  grep -qxF ${marker} ${bundle} 2>/dev/null || { echo; cat ${ca}; } >> ${bundle}`,
        `elif [ -n "\${NODE_EXTRA_CA_CERTS:-}" ] && [ -r "$NODE_EXTRA_CA_CERTS" ]; then`,
        `  { cat "$NODE_EXTRA_CA_CERTS"; echo; cat ${ca}; } > ${bundle}`,
        "else",
        `  cat ${ca} > ${bundle}`,
        "fi",
        `export NODE_EXTRA_CA_CERTS=${bundle}`,
    ];
}
