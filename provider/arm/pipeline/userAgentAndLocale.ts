import type { Locale } from "../../messages/locale";
import type { PipelineStep } from "./types";

/**
 * Names the package in User-Agent, asks for JSON, and sends the user's locale as Accept-Language so ARM may
 * answer its own messages in the user's language.
 */
export function userAgentAndLocale(userAgent: string, locale: Locale): PipelineStep {
    return {
        name: "userAgentAndLocale",
        sendRequest(request, next) {
            request.headers.set("User-Agent", userAgent);
            request.headers.set("Accept", "application/json");
            request.headers.set("Accept-Language", locale);
            return next(request);
        },
    };
}
