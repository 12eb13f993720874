/** Reading ARM's answers: the text body, Azure's error code and the headers, as every step needs them. */
import { AxiosError, type AxiosResponse } from "axios";

export interface ArmErrorBody {
    error?: { code?: string; message?: string; target?: string };
    code?: string;
    message?: string;
}

export function parseBody(response: AxiosResponse): unknown {
    const raw = response.data;
    if (raw === undefined || raw === null || raw === "") return undefined;
    if (typeof raw !== "string") return raw;
    try {
        return JSON.parse(raw);
    } catch {
        return undefined;
    }
}

export function armErrorCode(response: AxiosResponse): string | undefined {
    const body = parseBody(response) as ArmErrorBody | undefined;
    const code = body?.error?.code ?? body?.code;
    return typeof code === "string" && code.length > 0 ? code : undefined;
}

/** The answer a failure carries: none for a network failure, or for anything that is not an axios error. */
export function responseOf(error: unknown): AxiosResponse | undefined {
    return error instanceof AxiosError ? error.response : undefined;
}

export function flattenHeaders(response: Pick<AxiosResponse, "headers">): Record<string, string | undefined> {
    const out: Record<string, string | undefined> = {};
    for (const [key, value] of Object.entries(response.headers ?? {})) out[key.toLowerCase()] = headerValue(value);
    return out;
}

export function headerValue(value: unknown): string | undefined {
    if (value === undefined || value === null) return undefined;
    return Array.isArray(value) ? value.join(", ") : String(value);
}
