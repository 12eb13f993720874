/**
 * What the Pulumi engine asks of a tenant mapping, method by method: the one lifecycle every form of the
 * product runs (the dynamic resource through its serialized shim, provider.ts; the provider plugin; each
 * entry of a set: set/lifecycle.ts calls these functions for each entry). This is the file to read for "what
 * happens during preview": `check` (offline validation, then mappingCheck.ts: the program's claims and the
 * online preflight for new or changed mappings) and `diff` (pure comparison, mapping/diff.ts) are the only
 * methods preview calls.
 *
 * `up` adds create (PUT), update (PUT with If-Match) and delete (DELETE); refresh calls only `read` (a GET, or
 * one paged listing of the registration for many reads of it: listing.ts). What conflicts with a
 * registration's mappings is decided in conflicts.ts; the shapes of outputs and state are in
 * mapping/state.ts; what a process remembers between calls is in the process cache (processCache.ts).
 */
import type * as pulumi from "@pulumi/pulumi";
import { deleteMapping, getMapping, putMapping, type CustomerSubscriptionResource } from "./arm/registrations";
import { isDeclared } from "./claims";
import { adoptionAllowed, adoptionRefusal } from "./conflicts";
import { AzureStackRegistrationError, type ErrorContext } from "./errors";
import { noteDeleted, noteWritten, readThroughListing } from "./listing";
import { checkMapping, scopeOf } from "./mappingCheck";
import { diffMapping } from "./mapping/diff";
import { sameValue, type MappingInputs, type MappingOutputs } from "./mapping/schema";
import {
    mappingId,
    outputs,
    outputsAfterWrite,
    pickInputs,
    previousInputs,
    storedEtag,
    storedMapping,
    writtenResource,
} from "./mapping/state";
import { validateInputs } from "./mapping/validation";
import { UNKNOWN } from "./mapping/values";
import { notice } from "./notices";
import { knownTenantOf } from "./preflight";
import type { RegistrationScope } from "./scope";
import { configureSession, currentSettings, rememberUrn } from "./session";
import { dynamicHostEngineAddress } from "./engineLog";
import type { ProviderSettings } from "./settings";

export type { MappingOutputs } from "./mapping/schema";

type CheckResult = pulumi.dynamic.CheckResult<MappingInputs>;
type DiffResult = pulumi.dynamic.DiffResult;

/** How a set runs a mapping through these methods: it says what happened once for all its entries. */
export interface EntryOptions {
    /** Called instead of the "adopted" notice when an existing mapping is adopted (a set counts them). */
    onAdopted?: () => void;
}

/** The engine hands the stack configuration (secrets decrypted) once per provider process. */
export async function configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
    configureSession(request.config, dynamicHostEngineAddress());
}

export async function check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckResult> {
    // Settings errors (e.g. plain-http ARM endpoint) throw here, before any request.
    const current = currentSettings();
    const { inputs, failures } = validateInputs(news, { locale: current.locale });
    if (failures.length > 0) return { inputs: news as unknown as MappingInputs, failures };
    const known = inputs.registrationId !== UNKNOWN && inputs.customerSubscriptionId !== UNKNOWN;
    if (known) rememberUrn(mappingId(inputs), news.__urn);
    const owner = typeof news.__urn === "string" ? news.__urn : known ? mappingId(inputs) : "";
    const checked = await checkMapping(inputs, previousInputs(olds), {
        current,
        declarer: { owner, kind: "mapping" },
        registrationProperty: news.registrationId !== undefined ? "registrationId" : "registrationName",
        announce: true,
    });
    return { inputs, failures: checked.failures };
}

export async function diff(_id: string, olds: Record<string, unknown>, news: MappingInputs): Promise<DiffResult> {
    const { changes, replaces, deleteBeforeReplace } = diffMapping(olds, news);
    return changes ? { changes, replaces, deleteBeforeReplace } : { changes: false };
}

/**
 * An identical mapping that already exists (by hand, another tool, or an interrupted `pulumi up`) is adopted
 * without a write when adoption is allowed. Otherwise PUT, create-only (If-None-Match: *) unless the mapping
 * may overwrite another: a mapping that appeared since the preview is refused instead of silently overwritten.
 */
export async function create(inputs: MappingInputs, options: EntryOptions = {}): Promise<{ id: string; outs: MappingOutputs }> {
    const current = currentSettings();
    const scope = scopeOf(inputs, current);
    const id = mappingId(inputs);
    const adopt = adoptionAllowed(inputs, current.adoptExisting);
    // The preflight of this run already listed the registration: a mapping it saw is adopted without a PUT,
    // confirmed by that listing while it is fresh (listing.ts), else by one GET. Nothing listed (preflight
    // off, or new since): PUT first.
    if (adopt && !inputs.allowTenantReassignment && knownTenantOf(scope, inputs.customerSubscriptionId) !== undefined) {
        const adopted = await adoptIfIdentical(scope, inputs, id, current, { trustListing: true, ...options });
        if (adopted) return adopted;
    }
    const createOnly = !inputs.allowTenantReassignment;
    try {
        const put = await putMapping(
            scope.client,
            scope.registration,
            inputs.customerSubscriptionId,
            inputs.tenantId,
            inputs.apiVersion,
            createOnly ? { ifNoneMatch: "*" } : {},
        );
        const outs = outputsAfterWrite(id, inputs, put.resource, put.etag);
        noteWritten(scope, inputs.customerSubscriptionId, writtenResource(outs));
        return { id, outs };
    } catch (error) {
        if (!createOnly || !(error instanceof AzureStackRegistrationError) || error.code !== "PreconditionFailed") throw error;
        // The mapping exists. An earlier attempt of this very PUT may have gone through before its answer was lost
        // (a timeout, a reset, a 5xx; not a 429, which says it was not applied), or it was made elsewhere: take it
        // if it maps our tenant and adoption is allowed (or it is our own lost write).
        const adopted =
            adopt || (error.ambiguousAttempts ?? 0) > 0
                ? await adoptIfIdentical(scope, inputs, id, current, { trustListing: false, ...options })
                : undefined;
        if (adopted) return adopted;
        throw error.withCode("MappingAlreadyExists", { context: contextOf(inputs, "create") });
    }
}

/**
 * The mapping as a listing of this process has it (trustListing; listing.ts), else as a GET answers; when it maps
 * this tenant, it becomes this resource's, unchanged.
 */
async function adoptIfIdentical(
    scope: RegistrationScope,
    inputs: MappingInputs,
    id: string,
    current: ProviderSettings,
    options: { trustListing: boolean } & EntryOptions,
): Promise<{ id: string; outs: MappingOutputs } | undefined> {
    const listed = options.trustListing
        ? await readThroughListing(scope, inputs.customerSubscriptionId, inputs.apiVersion)
        : { listed: false as const };
    const existing = listed.listed
        ? listed.resource
        : await getMapping(scope.client, scope.registration, inputs.customerSubscriptionId, inputs.apiVersion);
    if (!existing) return undefined;
    // Found since the preview, so the preflight could not say it at preview: the same words, at create.
    const refusal = adoptionRefusal(inputs, existing, current.locale);
    if (refusal) throw refusal;
    if (options.onAdopted) options.onAdopted();
    else await notice("adopted", inputs, current);
    return { id, outs: outputs(inputs, existing, existing.etag) };
}

export async function read(
    id: string,
    props: Record<string, unknown> = {},
): Promise<{
    id?: string;
    props?: MappingOutputs;
    inputs?: MappingInputs;
}> {
    const stored = storedMapping(props, id, "read", { tenantKnown: false });
    const scope = scopeOf(stored, currentSettings());
    let resource: CustomerSubscriptionResource | undefined;
    try {
        // One of many reads of the registration in this process: one listing answers them (listing.ts).
        const listed = await readThroughListing(scope, stored.customerSubscriptionId, stored.apiVersion);
        resource = listed.listed
            ? listed.resource
            : await getMapping(scope.client, scope.registration, stored.customerSubscriptionId, stored.apiVersion);
    } catch (error) {
        // A registration that no longer exists has no mappings either.
        if (error instanceof AzureStackRegistrationError && error.code === "RegistrationNotFound") return {};
        throw error;
    }
    if (!resource) return {};
    const actual: MappingInputs = { ...stored, tenantId: resource.properties?.tenantId?.toLowerCase() ?? stored.tenantId };
    return { id, props: outputs(actual, resource, resource.etag), inputs: actual };
}

/** PUT of the new tenant with If-Match; a mapping that already maps it (an interrupted run's write) is taken without one. */
export async function update(id: string, olds: Record<string, unknown>, news: MappingInputs): Promise<{ outs: MappingOutputs }> {
    const old = storedMapping(olds, id, "update");
    if (sameValue("tenantId", old.tenantId, news.tenantId)) {
        // Only settings of ours changed (apiVersion, allowTenantReassignment, adoptExisting): nothing to send to Azure.
        return { outs: { ...(olds as unknown as MappingOutputs), ...pickInputs(news), tenantId: old.tenantId } };
    }
    const scope = scopeOf(news, currentSettings());
    const etag = storedEtag(olds);
    let put;
    try {
        put = await putMapping(
            scope.client,
            scope.registration,
            news.customerSubscriptionId,
            news.tenantId,
            news.apiVersion,
            etag ? { ifMatch: etag } : {},
        );
    } catch (error) {
        if (!(error instanceof AzureStackRegistrationError) || error.code !== "PreconditionFailed") throw error;
        // The mapping changed since Pulumi last saw it. When it already maps the declared tenant (this very write,
        // made by a run that was interrupted before state recorded it), it is taken as it is: nothing is written.
        const now = await getMapping(scope.client, scope.registration, news.customerSubscriptionId, news.apiVersion);
        if (now?.properties?.tenantId?.toLowerCase() !== news.tenantId) throw error;
        return { outs: outputs(news, now, now.etag) };
    }
    const outs = outputsAfterWrite(id, news, put.resource, put.etag);
    noteWritten(scope, news.customerSubscriptionId, writtenResource(outs));
    return { outs };
}

export async function deleteMappingResource(id: string, props: Record<string, unknown>): Promise<void> {
    const stored = storedMapping(props, id, "delete");
    const etag = storedEtag(props);
    const scope = scopeOf(stored, currentSettings());
    // Another resource of this program may declare this very mapping (this one was renamed, or its tenant
    // moved to another key) and have adopted or written it in this run: then it holds the mapping, and this
    // resource leaves state without deleting it.
    const declaredElsewhere = () => isDeclared(scope, stored.customerSubscriptionId);
    if (declaredElsewhere()) return;
    try {
        await deleteMapping(scope.client, scope.registration, stored.customerSubscriptionId, stored.apiVersion, etag);
        noteDeleted(scope, stored.customerSubscriptionId);
    } catch (error) {
        if (!(error instanceof AzureStackRegistrationError) || error.code !== "PreconditionFailed" || !etag) throw error;
        // The mapping changed since Pulumi last saw it, or it is already gone (If-Match on a missing resource).
        const current = await getMapping(scope.client, scope.registration, stored.customerSubscriptionId, stored.apiVersion);
        if (!current || declaredElsewhere()) return;
        const now = current.properties?.tenantId;
        throw error.withCode("PreconditionFailed", {
            azureMessage:
                `${error.azureMessage ?? "etag mismatch"}; it now maps tenant ${now ?? "?"}. It was not deleted: ` +
                "run `pulumi refresh` to accept the current mapping into state, then delete again if you still mean to.",
            context: contextOf(stored, "DELETE"),
        });
    }
}

function contextOf(inputs: MappingInputs, operation: string): ErrorContext {
    return {
        registrationSubscriptionId: inputs.registrationSubscriptionId,
        resourceGroup: inputs.resourceGroup,
        registrationName: inputs.registrationName,
        customerSubscriptionId: inputs.customerSubscriptionId,
        tenantId: inputs.tenantId,
        operation,
    };
}
