/**
 * Microsoft's published description of the Microsoft.AzureStack API (fixtures/azure-rest-api-specs, copied
 * unchanged from Azure/azure-rest-api-specs) and Azure's own traffic validator over it: oav's LiveValidator,
 * the engine of `oav validate-traffic`, loaded offline from the vendored files.
 */
import { join } from "node:path";
import type { TrafficRecord } from "../../emulator/index.js";
import { PROJECT_ROOT } from "../../runner/engine";
import { ensuredTool, requireFromNpmTool } from "../../runner/tools";

export const SPECS = join(__dirname, "..", "..", "..", "test", "emulator", "fixtures", "azure-rest-api-specs");

/** One way an exchange differs from the published description. */
export interface Finding {
    /** e.g. "2022-06-01 PUT CustomerSubscriptions_Create 201". */
    exchange: string;
    side: "request" | "response";
    code: string;
    message: string;
}

export type Validate = (record: TrafficRecord) => Promise<Finding[]>;

interface ValidationErrors {
    errors: { code: string; message: string }[];
}
/**
 * The part of oav's LiveValidator used here. oav is an npm tool (scripts/oav-tool/, provided by
 * scripts/ensure-oav.sh), not a dependency of this repository, so its declarations are not at hand.
 */
interface LiveValidator {
    initialize(): Promise<unknown>;
    validateLiveRequestResponse(record: TrafficRecord): Promise<{
        runtimeException?: unknown;
        requestValidationResult: ValidationErrors;
        responseValidationResult: ValidationErrors & { operationInfo?: { operationId?: string } };
    }>;
}

/** A validator of exchanges against every vendored api-version (oav picks the document by the request's api-version). */
export async function publishedApiValidator(): Promise<Validate> {
    const { LiveValidator } = requireFromNpmTool<{ LiveValidator: new (options: object) => LiveValidator }>(
        ensuredTool(PROJECT_ROOT, "oav"),
        "oav",
    );
    const validator = new LiveValidator({
        directory: SPECS,
        swaggerPathsPattern: ["specification/azurestack/**/*.json"],
        // oav's default exclusions skip every path under azurestack/ (its live validation serves public Azure).
        excludedSwaggerPathsPattern: ["**/examples/**/*"],
        git: { shouldClone: false },
        isPathCaseSensitive: false,
        loadValidatorInInitialize: true,
    });
    await validator.initialize();
    return async (record) => {
        const result = await validator.validateLiveRequestResponse(record);
        if (result.runtimeException) throw new Error(`oav could not validate: ${JSON.stringify(result.runtimeException)}`);
        const operation = result.responseValidationResult.operationInfo?.operationId ?? "unknown operation";
        const apiVersion = new URL(record.liveRequest.url).searchParams.get("api-version");
        const exchange = `${apiVersion} ${record.liveRequest.method} ${operation} ${record.liveResponse.statusCode}`;
        const findings = (side: Finding["side"], errors: { code: string; message: string }[]) =>
            errors.map((e) => ({ exchange, side, code: e.code, message: e.message }));
        return [
            ...findings("request", result.requestValidationResult.errors),
            ...findings("response", result.responseValidationResult.errors),
        ];
    };
}

/** Every finding of every record. */
export async function findingsOf(validate: Validate, records: TrafficRecord[]): Promise<Finding[]> {
    const all: Finding[] = [];
    for (const record of records) all.push(...(await validate(record)));
    return all;
}

/**
 * The one documented difference (docs/emulator.md, "Fidelity to the published API description"): in its
 * default mode the emulator answers a mapping PUT as Microsoft's "Register tenants for usage tracking in Azure
 * Stack Hub" shows, 201 Created with an empty body, where the published operation declares only 200.
 */
export function isDocumented201(finding: Finding): boolean {
    return (
        finding.side === "response" &&
        finding.code === "INVALID_RESPONSE_CODE" &&
        / PUT CustomerSubscriptions_Create 201$/.test(finding.exchange)
    );
}
