/** What kind of failure an axios error without an answer is: the retry and the error translation both ask. */
import { AxiosError } from "axios";

/** No answer for a reason that may pass: not a cancellation, a distrusted certificate or an oversized answer. */
export function isNetworkFailure(error: AxiosError): boolean {
    return !error.response && error.code !== "ERR_CANCELED" && !isTlsFailure(error.code) && !isOversized(error);
}

export function isOversized(error: AxiosError): boolean {
    return error.code === AxiosError.ERR_BAD_RESPONSE && /maxContentLength/.test(error.message);
}

export function isTlsFailure(code: string | undefined): boolean {
    return !!code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code);
}
