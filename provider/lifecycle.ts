/**
 * What the Pulumi engine asks of a CustomerSubscriptionMapping, method by method. This is the file to
 * read for "what happens during preview": `check` (offline validation, then the online preflight for new
 * or changed mappings) and `diff` (pure comparison) are the only methods preview calls.
 *
 * `up` adds create (PUT), update (PUT with If-Match) and delete (DELETE); refresh calls only `read` (a GET, or
 * one paged listing of the registration for many reads of it: listing.ts).
 * The serialized provider in state is a thin shim (see provider.ts) that loads this module by package name.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { armConnection } from "./arm/connection";
import {
    customerSubscriptionIdOf, deleteMapping, getMapping, MAPPING_TYPE, putMapping,
    type CustomerSubscriptionResource, type RegistrationRef,
} from "./arm/registrations";
import { AzureStackRegistrationError, type ErrorContext } from "./errors";
import { claimTenant, isDeclared, isReleased, releaseSubscription } from "./claims";
import { knownTenantOf, registrationSnapshot, sameSubscription } from "./preflight";
import { noteDeleted, noteWritten, readThroughListing } from "./listing";
import { resolveSettings, type ConfigSource, type ProviderSettings } from "./settings";
import {
    isUnknown, registrationResourceId, UNKNOWN, validateInputs, validateStoredMapping,
    type InputFailure, type MappingInputs,
} from "./validation";

type CheckResult = pulumi.dynamic.CheckResult<MappingInputs>;
type DiffResult = pulumi.dynamic.DiffResult;

/** What create/read/update return: the normalised inputs plus what Azure says about the mapping. */
export interface MappingOutputs extends MappingInputs {
    name: string;
    type: string;
    /** null when Azure answered the PUT with 201 and no body or ETag header (seed 003). */
    etag: string | null;
}

const PACKAGE_VERSION: string = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")).version;
export const USER_AGENT = `azurestack-tenant-mappings/${PACKAGE_VERSION} (node ${process.version}; ${process.platform})`;

let stackConfig: ConfigSource | undefined;

function settings(): ProviderSettings {
    return resolveSettings(stackConfig);
}

function client(current = settings()) {
    return armConnection(current, USER_AGENT).client;
}

/** The engine hands the stack configuration (secrets decrypted) once per provider process. */
export async function configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
    stackConfig = request.config;
}

export async function check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckResult> {
    // Settings errors (e.g. plain-http ARM endpoint) throw here, before any request.
    const current = settings();
    const { inputs, failures } = validateInputs(news);
    if (failures.length > 0) return { inputs: news as unknown as MappingInputs, failures };

    const previous = previousInputs(olds);
    const programFailures = recordIntent(previous, inputs);
    const unchanged = previous !== undefined && sameDeclaration(previous, inputs);
    if (unchanged || !current.preflight || inputs.registrationId === UNKNOWN) return { inputs, failures: programFailures };

    return { inputs, failures: [...programFailures, ...await preflightFailures(current, inputs, previous, news)] };
}

/**
 * Offline: records what this resource maps (claims.ts) and fails when another resource of the program
 * maps the same tenant to another subscription on the same registration.
 */
function recordIntent(previous: MappingInputs | undefined, inputs: MappingInputs): InputFailure[] {
    if (previous && (previous.customerSubscriptionId !== inputs.customerSubscriptionId ||
        !equalIgnoringCase(previous.registrationId, inputs.registrationId))) {
        releaseSubscription(refOf(previous), previous.customerSubscriptionId);
    }
    if ([inputs.registrationId, inputs.tenantId, inputs.customerSubscriptionId].includes(UNKNOWN)) return [];
    const rival = claimTenant(refOf(inputs), inputs.tenantId, inputs.customerSubscriptionId);
    if (rival === undefined) return [];
    return [{ property: "tenantId", reason:
        `TenantMappedTwiceInProgram: another CustomerSubscriptionMapping in this program maps tenant ${inputs.tenantId} to ` +
        `customer subscription ${rival} on registration '${inputs.registrationName}'. A tenant maps to one subscription per ` +
        "registration: the second PUT would silently replace the first. Keep one of the two." }];
}

async function preflightFailures(current: ProviderSettings, inputs: MappingInputs, previous: MappingInputs | undefined,
    news: Record<string, unknown>): Promise<InputFailure[]> {
    const ref = refOf(inputs);
    const registrationProperty = news.registrationId !== undefined ? "registrationId" : "registrationName";
    let snapshot;
    try {
        snapshot = await registrationSnapshot(client(current), ref, inputs.apiVersion);
    } catch (error) {
        if (error instanceof AzureStackRegistrationError && REGISTRATION_LEVEL_CODES.has(error.code)) {
            return [{ property: registrationProperty, reason: error.message }];
        }
        throw error;
    }
    const subscription = inputs.customerSubscriptionId;
    const tenant = inputs.tenantId;
    if (subscription === UNKNOWN || tenant === UNKNOWN || inputs.allowTenantReassignment) return [];

    // Mappings this program manages and is changing: the resource's own previous subscription, and (when the
    // engine re-checks a replacement without old inputs) any subscription a resource here is moving away from.
    const ours = (s: string) => (previous !== undefined && equalIgnoringCase(previous.registrationId, inputs.registrationId) &&
        sameSubscription(s, previous.customerSubscriptionId)) || isReleased(ref, s);
    const failures: InputFailure[] = [];
    const where = `registration '${ref.name}'`;
    const optIn = "If that is what you want, set allowTenantReassignment: true on this mapping.";

    const mappedToTenant = (snapshot.subscriptionsByTenant.get(tenant) ?? [])
        .filter((s) => !sameSubscription(s, subscription) && !ours(s));
    if (mappedToTenant.length > 0) {
        failures.push({ property: "tenantId", reason:
            `TenantAlreadyMapped: tenant ${tenant} is already mapped to customer subscription ${mappedToTenant.join(", ")} on ` +
            `${where}, and this resource does not manage that mapping. A tenant maps to one subscription per registration, so ` +
            `applying would overwrite it and bill the tenant's usage to ${subscription} instead. ${optIn} Otherwise correct ` +
            "tenantId or customerSubscriptionId." });
    }
    const [listedAs, currentTenant] = [...snapshot.tenantBySubscription.entries()].find(([s]) => sameSubscription(s, subscription)) ?? [];
    if (listedAs !== undefined && currentTenant !== undefined && !ours(subscription)) {
        if (currentTenant !== tenant) {
            failures.push({ property: "customerSubscriptionId", reason:
                `SubscriptionAlreadyMapped: customer subscription ${subscription} is already mapped to tenant ${currentTenant} on ` +
                `${where}, outside this resource. Applying would re-point it to tenant ${tenant}. ${optIn} Otherwise correct tenantId.` });
        } else if (listedAs !== subscription) {
            failures.push({ property: "customerSubscriptionId", reason: spellingReason(listedAs, subscription, tenant, ref.name) });
        } else if (!adoptionAllowed(inputs, current)) {
            failures.push({ property: "customerSubscriptionId", reason: mappingExistsReason(subscription, tenant, ref.name, inputs.adoptExisting === false) });
        } else {
            announce(`${mappingId(inputs)} already maps tenant ${tenant}: \`pulumi up\` adopts it into this stack without writing to Azure.`);
        }
    }
    return failures;
}

function mappingExistsReason(subscription: string, tenant: string, registration: string, offForThisMapping: boolean): string {
    const off = offForThisMapping ? "this mapping sets adoptExisting: false"
        : "the provider setting azurestack-tenant-mappings:adoptExisting / AZURESTACK_MAPPINGS_ADOPT_EXISTING is false";
    return `MappingAlreadyExists: customer subscription ${subscription} is already mapped to tenant ${tenant} on registration ` +
        `'${registration}', made outside this stack or managed by another one, and adoption is off (${off}). To manage it ` +
        "from here, set adoptExisting: true on this mapping (and remove it from any other stack); otherwise remove this " +
        "declaration. If this stack's own `pulumi up` was interrupted after writing it, run `pulumi up` once with " +
        "AZURESTACK_MAPPINGS_ADOPT_EXISTING=true.";
}

function spellingReason(listedAs: string, declared: string, tenant: string, registration: string): string {
    return `MappingAlreadyExists: tenant ${tenant} is already mapped on registration '${registration}' to customer subscription ` +
        `${listedAs}, spelled with other letter case than the declared ${declared}. The id is case sensitive (seed 003), so ` +
        `that is not the same mapping and is not adopted. Declare customerSubscriptionId: ${listedAs} to adopt it.`;
}

/** The mapping's own adoptExisting, else the provider setting (true by default). */
function adoptionAllowed(inputs: MappingInputs, current: ProviderSettings): boolean {
    return inputs.adoptExisting ?? current.adoptExisting;
}

/**
 * A line for the person running Pulumi. The engine shows what a provider plugin writes to stderr in the
 * update's output; the dynamic provider host has no engine connection for pulumi.log.
 */
function announce(message: string): void {
    process.stderr.write(`azurestack-tenant-mappings: ${message}\n`);
}

/** Codes that say the registration itself cannot take tenants: reported as input failures at preview. */
const REGISTRATION_LEVEL_CODES = new Set([
    "RegistrationNotFound", "CustomerSubscriptionsNotAllowed", "UnauthorizedCspRegistration",
]);

export async function diff(_id: string, olds: Record<string, unknown>, news: MappingInputs): Promise<DiffResult> {
    const old = outputsAsInputs(olds);
    const replaces: string[] = [];
    for (const property of ["registrationSubscriptionId", "resourceGroup", "registrationName"] as const) {
        if (news[property] === UNKNOWN || !equalIgnoringCase(old[property], news[property])) replaces.push(property);
    }
    const registrationChanged = replaces.length > 0;
    if (registrationChanged && olds.registrationId !== undefined) replaces.unshift("registrationId");

    // Case sensitive (seed 003): a different spelling is a different mapping for Azure's billing.
    let deleteBeforeReplace = false;
    if (news.customerSubscriptionId === UNKNOWN || old.customerSubscriptionId !== news.customerSubscriptionId) {
        replaces.push("customerSubscriptionId");
        // ARM routes names case-insensitively: creating the new spelling first would PUT over the old
        // mapping and the following DELETE would remove it. Delete first when only the case differs.
        deleteBeforeReplace = !registrationChanged && news.customerSubscriptionId !== UNKNOWN &&
            equalIgnoringCase(old.customerSubscriptionId, news.customerSubscriptionId);
    }
    const updates = news.tenantId === UNKNOWN || !equalIgnoringCase(old.tenantId, news.tenantId) ||
        old.apiVersion !== news.apiVersion || old.allowTenantReassignment !== news.allowTenantReassignment ||
        (old.adoptExisting ?? null) !== (news.adoptExisting ?? null);
    const changes = replaces.length > 0 || updates;
    return changes ? { changes, replaces, deleteBeforeReplace } : { changes: false };
}

/**
 * An identical mapping that already exists (by hand, another tool, or an interrupted `pulumi up`) is adopted
 * without a write when adoption is allowed. Otherwise PUT, create-only (If-None-Match: *) unless the mapping
 * may overwrite another: a mapping that appeared since the preview is refused instead of silently overwritten.
 */
export async function create(inputs: MappingInputs): Promise<{ id: string; outs: MappingOutputs }> {
    const current = settings();
    const ref = refOf(inputs);
    const id = mappingId(inputs);
    const adopt = adoptionAllowed(inputs, current);
    // The preflight of this run already listed the registration: a mapping it saw is adopted without a PUT,
    // confirmed by that listing while it is fresh (listing.ts), else by one GET. Nothing listed (preflight
    // off, or new since): PUT first.
    if (adopt && !inputs.allowTenantReassignment && knownTenantOf(ref, inputs.customerSubscriptionId) !== undefined) {
        const adopted = await adoptIfIdentical(inputs, id, current, { trustListing: true });
        if (adopted) return adopted;
    }
    const createOnly = !inputs.allowTenantReassignment;
    try {
        const put = await putMapping(client(current), ref, inputs.customerSubscriptionId, inputs.tenantId, inputs.apiVersion,
            createOnly ? { ifNoneMatch: "*" } : {});
        const outs = outputsAfterWrite(id, inputs, put.resource, put.etag);
        noteWritten(ref, inputs.customerSubscriptionId, writtenResource(outs));
        return { id, outs };
    } catch (error) {
        if (!createOnly || !(error instanceof AzureStackRegistrationError) || error.code !== "PreconditionFailed") throw error;
        // The mapping exists. An earlier attempt of this very PUT may have gone through before its answer was lost
        // (a timeout, a reset, a 5xx; not a 429, which says it was not applied), or it was made elsewhere: take it
        // if it maps our tenant and adoption is allowed (or it is our own lost write).
        const adopted = adopt || (error.ambiguousAttempts ?? 0) > 0 ? await adoptIfIdentical(inputs, id, current) : undefined;
        if (adopted) return adopted;
        throw new AzureStackRegistrationError({
            code: "MappingAlreadyExists", statusCode: error.statusCode, requestId: error.requestId, correlationId: error.correlationId,
            clientRequestId: error.clientRequestId, attempts: error.attempts, azureMessage: error.azureMessage,
            context: contextOf(inputs, "create"), locale: error.locale,
        });
    }
}

/**
 * The mapping as a listing of this process has it (trustListing; listing.ts), else as a GET answers; when it maps
 * this tenant, it becomes this resource's, unchanged.
 */
async function adoptIfIdentical(inputs: MappingInputs, id: string, current: ProviderSettings,
    options: { trustListing: boolean } = { trustListing: false }): Promise<{ id: string; outs: MappingOutputs } | undefined> {
    const listed = options.trustListing
        ? await readThroughListing(client(current), refOf(inputs), inputs.customerSubscriptionId, inputs.apiVersion)
        : { listed: false as const };
    const existing = listed.listed ? listed.resource
        : await getMapping(client(current), refOf(inputs), inputs.customerSubscriptionId, inputs.apiVersion);
    if (!existing) return undefined;
    const tenant = existing.properties?.tenantId?.toLowerCase();
    const listedAs = customerSubscriptionIdOf(existing);
    // Found since the preview, so the preflight could not say it at preview: the same words, at create.
    if (listedAs && listedAs !== inputs.customerSubscriptionId) {
        throw new Error(`${spellingReason(listedAs, inputs.customerSubscriptionId, tenant ?? "(none)", inputs.registrationName)} Nothing was written.`);
    }
    if (tenant !== inputs.tenantId) {
        throw new Error(`SubscriptionAlreadyMapped: customer subscription ${inputs.customerSubscriptionId} is already mapped to ` +
            `tenant ${tenant ?? "(none)"} on registration '${inputs.registrationName}', outside this resource, so it is not adopted ` +
            `and nothing was written. Applying would re-point it to tenant ${inputs.tenantId}: if that is what you want, set ` +
            "allowTenantReassignment: true on this mapping. Otherwise correct tenantId.");
    }
    announce(`adopted ${id} (tenant ${inputs.tenantId}), which already existed in Azure, without writing to it.`);
    return { id, outs: outputs(inputs, existing, existing.etag) };
}

export async function read(id: string, props: Record<string, unknown> = {}): Promise<{
    id?: string; props?: MappingOutputs; inputs?: MappingInputs;
}> {
    const stored = storedMapping(props, id, "read", { tenantKnown: false });
    let resource: CustomerSubscriptionResource | undefined;
    try {
        // One of many reads of the registration in this process: one listing answers them (listing.ts).
        const listed = await readThroughListing(client(), refOf(stored), stored.customerSubscriptionId, stored.apiVersion);
        resource = listed.listed ? listed.resource
            : await getMapping(client(), refOf(stored), stored.customerSubscriptionId, stored.apiVersion);
    } catch (error) {
        // A registration that no longer exists has no mappings either.
        if (error instanceof AzureStackRegistrationError && error.code === "RegistrationNotFound") return {};
        throw error;
    }
    if (!resource) return {};
    const actual: MappingInputs = { ...stored, tenantId: resource.properties?.tenantId?.toLowerCase() ?? stored.tenantId };
    return { id, props: outputs(actual, resource, resource.etag), inputs: actual };
}

export async function update(id: string, olds: Record<string, unknown>, news: MappingInputs): Promise<{ outs: MappingOutputs }> {
    const old = storedMapping(olds, id, "update");
    if (equalIgnoringCase(old.tenantId, news.tenantId)) {
        // Only settings of ours changed (apiVersion, allowTenantReassignment, adoptExisting): nothing to send to Azure.
        return { outs: { ...(olds as unknown as MappingOutputs), ...pickInputs(news), tenantId: old.tenantId } };
    }
    const etag = typeof olds.etag === "string" && olds.etag.length > 0 ? olds.etag : undefined;
    const put = await putMapping(client(), refOf(news), news.customerSubscriptionId, news.tenantId, news.apiVersion,
        etag ? { ifMatch: etag } : {});
    const outs = outputsAfterWrite(id, news, put.resource, put.etag);
    noteWritten(refOf(news), news.customerSubscriptionId, writtenResource(outs));
    return { outs };
}

export async function deleteMappingResource(id: string, props: Record<string, unknown>): Promise<void> {
    const stored = storedMapping(props, id, "delete");
    const etag = typeof props.etag === "string" && props.etag.length > 0 ? props.etag : undefined;
    const ref = refOf(stored);
    // Another resource of this program may declare this very mapping (this one was renamed, or its tenant
    // moved to another key) and have adopted or written it in this run: then it holds the mapping, and this
    // resource leaves state without deleting it.
    const declaredElsewhere = () => isDeclared(ref, stored.customerSubscriptionId);
    if (declaredElsewhere()) return;
    try {
        await deleteMapping(client(), ref, stored.customerSubscriptionId, stored.apiVersion, etag);
        noteDeleted(ref, stored.customerSubscriptionId);
    } catch (error) {
        if (!(error instanceof AzureStackRegistrationError) || error.code !== "PreconditionFailed" || !etag) throw error;
        // The mapping changed since Pulumi last saw it, or it is already gone (If-Match on a missing resource).
        const current = await getMapping(client(), ref, stored.customerSubscriptionId, stored.apiVersion);
        if (!current || declaredElsewhere()) return;
        const now = current.properties?.tenantId;
        throw new AzureStackRegistrationError({
            code: "PreconditionFailed", statusCode: error.statusCode, requestId: error.requestId,
            correlationId: error.correlationId, clientRequestId: error.clientRequestId, attempts: error.attempts,
            azureMessage: `${error.azureMessage ?? "etag mismatch"}; it now maps tenant ${now ?? "?"}. It was not deleted: ` +
                "run `pulumi refresh` to accept the current mapping into state, then delete again if you still mean to.",
            context: contextOf(stored, "DELETE"), locale: error.locale,
        });
    }
}

/** Outputs after a PUT; if building them fails, the mapping exists, so report it with its id to stay in state. Exported for tests. */
export function outputsAfterWrite(id: string, inputs: MappingInputs, resource: CustomerSubscriptionResource | undefined,
    etag: string | undefined): MappingOutputs {
    try {
        const outs = outputs(inputs, resource, etag);
        if (outs.tenantId !== inputs.tenantId) {
            throw new Error(`Azure reports tenant ${outs.tenantId} for the mapping, not the ${inputs.tenantId} that was sent`);
        }
        return outs;
    } catch (error) {
        const reason = `The mapping ${id} was written, but ${error instanceof Error ? error.message : String(error)}. ` +
            "It is kept in state; run `pulumi refresh` to read its current value.";
        throw Object.assign(new Error(reason), { id, properties: outputs(inputs, undefined, etag), reasons: [reason] });
    }
}

/** A written mapping as a listing would hold it. */
function writtenResource(outs: MappingOutputs): CustomerSubscriptionResource {
    return { id: mappingId(outs), name: outs.name, type: outs.type, etag: outs.etag ?? undefined, properties: { tenantId: outs.tenantId } };
}

function outputs(inputs: MappingInputs, resource: CustomerSubscriptionResource | undefined, etag: string | undefined): MappingOutputs {
    const name = resource?.name?.split("/").filter(Boolean).pop() ?? inputs.customerSubscriptionId;
    return {
        ...pickInputs(inputs),
        tenantId: resource?.properties?.tenantId?.toLowerCase() ?? inputs.tenantId,
        name,
        type: resource?.type ?? MAPPING_TYPE,
        etag: resource?.etag ?? etag ?? null,
    };
}

function pickInputs(inputs: MappingInputs): MappingInputs {
    return {
        registrationId: inputs.registrationId,
        registrationSubscriptionId: inputs.registrationSubscriptionId,
        resourceGroup: inputs.resourceGroup,
        registrationName: inputs.registrationName,
        customerSubscriptionId: inputs.customerSubscriptionId,
        tenantId: inputs.tenantId,
        apiVersion: inputs.apiVersion,
        allowTenantReassignment: inputs.allowTenantReassignment,
        ...(inputs.adoptExisting === undefined ? {} : { adoptExisting: inputs.adoptExisting }),
    };
}

/** Stored outputs (or old inputs) back in input form; the ARM id fills in anything missing. */
function outputsAsInputs(stored: Record<string, unknown>, id?: string): MappingInputs {
    const fromId = id ? parseMappingId(id) : undefined;
    const text = (key: string, fallback = "") => (typeof stored[key] === "string" ? stored[key] as string : fallback);
    const registrationSubscriptionId = text("registrationSubscriptionId", fromId?.subscriptionId);
    const resourceGroup = text("resourceGroup", fromId?.resourceGroup);
    const registrationName = text("registrationName", fromId?.name);
    return {
        registrationId: registrationResourceId(registrationSubscriptionId, resourceGroup, registrationName),
        registrationSubscriptionId, resourceGroup, registrationName,
        customerSubscriptionId: text("customerSubscriptionId", fromId?.customerSubscriptionId),
        tenantId: text("tenantId").toLowerCase(),
        apiVersion: text("apiVersion", "2017-06-01"),
        allowTenantReassignment: stored.allowTenantReassignment === true,
        ...(typeof stored.adoptExisting === "boolean" ? { adoptExisting: stored.adoptExisting } : {}),
    };
}

/**
 * A mapping as state holds it, checked as check checks inputs before any of its values goes into a URL: state
 * is a file, and an edited or corrupted one must not turn a mapping operation into one on another resource.
 */
function storedMapping(props: Record<string, unknown>, id: string, operation: string,
    options: { tenantKnown: boolean } = { tenantKnown: true }): MappingInputs {
    const stored = outputsAsInputs(props, id);
    const failures = validateStoredMapping(stored, id, options);
    if (failures.length === 0) return stored;
    throw new Error(`CustomerSubscriptionMapping ${operation} refused: the stack's state for ${JSON.stringify(id).slice(0, 200)} ` +
        `is not a valid mapping, so nothing was sent to Azure. ${failures.map((f) => `${f.property}: ${f.reason}`).join(" ")} ` +
        "State was changed outside Pulumi: restore it from a backup (`pulumi stack export` / `import`), or remove the " +
        "resource from state with `pulumi state delete <urn>` and declare the mapping again.");
}

/** The previous inputs (check's own earlier output, or read's), or undefined for a new resource. */
function previousInputs(olds: Record<string, unknown>): MappingInputs | undefined {
    if (!olds || typeof olds.customerSubscriptionId !== "string" || isUnknown(olds)) return undefined;
    return outputsAsInputs(olds);
}

/** Same mapping as declared before: no request is needed to preview it. */
function sameDeclaration(a: MappingInputs, b: MappingInputs): boolean {
    return equalIgnoringCase(a.registrationId, b.registrationId) && a.customerSubscriptionId === b.customerSubscriptionId &&
        a.tenantId === b.tenantId;
}

export function mappingId(inputs: MappingInputs): string {
    return `${inputs.registrationId}/customerSubscriptions/${inputs.customerSubscriptionId}`;
}

const MAPPING_ID =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.AzureStack\/registrations\/([^/]+)\/customerSubscriptions\/([^/]+)$/i;

function parseMappingId(id: string): (RegistrationRef & { customerSubscriptionId: string }) | undefined {
    const match = MAPPING_ID.exec(id);
    return match ? { subscriptionId: match[1], resourceGroup: match[2], name: match[3], customerSubscriptionId: match[4] } : undefined;
}

function refOf(inputs: MappingInputs): RegistrationRef {
    return { subscriptionId: inputs.registrationSubscriptionId, resourceGroup: inputs.resourceGroup, name: inputs.registrationName };
}

function contextOf(inputs: MappingInputs, operation: string): ErrorContext {
    return {
        registrationSubscriptionId: inputs.registrationSubscriptionId, resourceGroup: inputs.resourceGroup,
        registrationName: inputs.registrationName, customerSubscriptionId: inputs.customerSubscriptionId,
        tenantId: inputs.tenantId, operation,
    };
}

function equalIgnoringCase(a: string | undefined, b: string | undefined): boolean {
    return (a ?? "").toLowerCase() === (b ?? "").toLowerCase();
}
