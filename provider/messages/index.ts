/**
 * The texts of the eight documented registration codes and of the product's own refusals, one module per
 * locale, and the choice of locale (locale.ts). The error catalog (errors.ts) picks the text; codes, statuses,
 * ids and context do not change with the language. Every other code is explained in English whatever the
 * locale: half-translated messages would read worse than English.
 */
import type { Locale } from "./locale";
import type { MessageTable } from "./table";
import { en } from "./en";
import { frFR } from "./fr-FR";
import { svSE } from "./sv-SE";
import { zhCN } from "./zh-CN";

export const MESSAGE_TABLES: Record<Locale, MessageTable> = { en: en, "zh-CN": zhCN, "fr-FR": frFR, "sv-SE": svSE };

export { DEFAULT_LOCALE, LOCALES, matchLocale, processLocale, type Locale } from "./locale";
export { REGISTRATION_ERROR_CODES, type ErrorContext, type LocalizedText, type MessageTable, type RegistrationErrorCode } from "./table";
