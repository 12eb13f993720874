import { AxiosError } from "axios";
import { AzureStackRegistrationError } from "../../errors";
import type { Locale } from "../../messages/locale";
import { attemptDetails } from "./errorTranslation";
import { isOversized } from "./failures";
import type { PipelineStep } from "./types";

/**
 * A mapping or a page of them is a few hundred bytes and ARM pages hold up to 1,000 items, so 16 MiB is far beyond
 * any real answer.
 */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * Stops reading an answer larger than maxBytes, so a server (or anything posing as one) cannot fill the memory,
 * and reports it as ResponseTooLarge, not retried: whatever sent it would send it again.
 */
export function responseSizeLimit(maxBytes: number, endpoint: string, locale: Locale): PipelineStep {
    return {
        name: "responseSizeLimit",
        async sendRequest(request, next) {
            request.maxResponseBytes = maxBytes;
            try {
                return await next(request);
            } catch (error) {
                if (!(error instanceof AxiosError && isOversized(error))) throw error;
                throw new AzureStackRegistrationError({
                    code: "ResponseTooLarge",
                    azureMessage:
                        `the answer from ${endpoint} was larger than ` +
                        `${maxBytes / 1024 / 1024} MiB, far beyond any ARM answer for this API; it was not read`,
                    ...attemptDetails(request),
                    locale,
                });
            }
        },
    };
}
