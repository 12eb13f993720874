/** Where a running emulator is reached, as tokens and discovery documents name it. */
export interface Endpoints {
    /** e.g. "https://127.0.0.1:40123" (no trailing slash). */
    armEndpoint: string;
    /** e.g. "https://127.0.0.1:40124". */
    authorityHost: string;
    tenantId: string;
}
