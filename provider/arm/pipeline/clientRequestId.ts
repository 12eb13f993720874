import { randomUUID } from "node:crypto";
import type { PipelineStep } from "./types";

/**
 * Gives the request an x-ms-client-request-id, one for all its attempts (a caller's own is kept), and asks ARM to
 * echo it: the id a support case and ARM's logs find the request by.
 */
export function clientRequestId(newId: () => string = randomUUID): PipelineStep {
    return {
        name: "clientRequestId",
        sendRequest(request, next) {
            if (!request.headers.get("x-ms-client-request-id")) request.headers.set("x-ms-client-request-id", newId());
            request.headers.set("x-ms-return-client-request-id", "true");
            return next(request);
        },
    };
}
