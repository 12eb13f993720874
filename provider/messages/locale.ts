/**
 * Which language the error messages speak, and what the ARM client sends as Accept-Language.
 *
 * Four locales are offered. Any tag of one of their languages selects it (fr-CA, fr_BE.UTF-8 -> fr-FR;
 * sv_FI -> sv-SE; en_GB -> en): a French reader is better served by France's French than by English.
 * Traditional Chinese (zh-TW, zh-HK, zh-MO, zh-Hant) does not select zh-CN: it is another written standard,
 * which the reader did not ask for, so it falls back to English like any language not offered.
 */

export const LOCALES = ["en", "zh-CN", "fr-FR", "sv-SE"] as const;
export type Locale = (typeof LOCALES)[number];

export const DEFAULT_LOCALE: Locale = "en";

const BY_LANGUAGE: Record<string, Locale> = { en: "en", zh: "zh-CN", fr: "fr-FR", sv: "sv-SE" };
const TRADITIONAL_CHINESE = new Set(["tw", "hk", "mo", "hant"]);

/**
 * The offered locale for a BCP 47 tag (`sv-SE`) or a POSIX locale name (`sv_SE.UTF-8`, `fr_FR@euro`), or
 * undefined when its language is not offered (including `C` and `POSIX`).
 */
export function matchLocale(tag: string): Locale | undefined {
    const name = tag.trim().replace(/[.@].*$/, "");
    const [language, ...subtags] = name.split(/[-_]/).map((part) => part.toLowerCase());
    const locale = BY_LANGUAGE[language];
    if (locale === "zh-CN" && subtags.some((subtag) => TRADITIONAL_CHINESE.has(subtag))) return undefined;
    return locale;
}

/**
 * The process's message locale as POSIX defines it: LC_ALL, else LC_MESSAGES, else LANG, the first one set
 * deciding (LC_ALL=C means English even when LANG says otherwise). Unknown languages fall back to English:
 * the locale of a build agent is not a choice made for this package, so it must never fail a deployment.
 */
export function processLocale(env: NodeJS.ProcessEnv): Locale {
    const name = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value !== undefined && value.trim() !== "");
    return (name !== undefined ? matchLocale(name) : undefined) ?? DEFAULT_LOCALE;
}
