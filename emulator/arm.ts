/**
 * The Microsoft.AzureStack registration API as ARM serves it: registrations and their customerSubscriptions
 * (tenant mappings). Each handler checks the request against the state in the order ARM and the resource
 * provider would (registration, lock, billing model, approval, id, body, preconditions, what Azure knows
 * about the subscription) and answers a Reply or throws an ArmError.
 */
import { randomUUID } from "node:crypto";
import { ArmError, checkPreconditions, cspErrors, mappingProperties, quote, registrationProperties } from "./errors.js";
import type { HttpRequest, Reply } from "./https.js";
import { NAMESPACE, type ArmRoute } from "./platform.js";
import { isGuid, type MappingRecord, type RegistrationCoordinates, type RegistrationRecord } from "./seed.js";
import type { StateStore } from "./state.js";
import type { EmulatorSettings } from "./types.js";

const REGISTRATION_TYPE = "Microsoft.AzureStack/registrations";
const MAPPING_TYPE = "Microsoft.AzureStack/registrations/customerSubscriptions";

export interface ArmRequest extends HttpRequest {
    /** Object id of the caller (for systemData). */
    caller: string;
}

export class ArmApi {
    constructor(
        private readonly store: StateStore,
        /** The live settings: configure() changes them in place. */
        private readonly settings: EmulatorSettings,
        private readonly armEndpoint: () => string,
    ) {}

    async handle(route: ArmRoute, apiVersion: string, req: ArmRequest): Promise<Reply> {
        const method = req.method.toUpperCase();
        const allow = (...methods: string[]) => {
            if (!methods.includes(method))
                throw new ArmError("MethodNotAllowed", `The requested resource does not support http method '${method}'.`);
        };
        switch (route.type) {
            case "registrations":
                allow("GET");
                return this.listRegistrations(route);
            case "registration":
                allow("GET", "PUT", "DELETE");
                if (method === "GET") return this.getRegistration(route);
                if (method === "PUT") return this.putRegistration(route, req);
                return this.deleteRegistration(route, req);
            case "customerSubscriptions":
                allow("GET");
                return this.listMappings(route, apiVersion, req);
            case "customerSubscription":
                allow("GET", "PUT", "DELETE");
                if (method === "GET") return this.getMapping(route, apiVersion);
                if (method === "PUT") return this.putMapping(route, apiVersion, req);
                return this.deleteMapping(route, req);
        }
    }

    // ---- registrations ----

    private listRegistrations(route: Extract<ArmRoute, { type: "registrations" }>): Reply {
        const value = this.store
            .dump()
            .registrations.filter(
                (r) =>
                    r.subscriptionId.toLowerCase() === route.subscriptionId.toLowerCase() &&
                    r.resourceGroup.toLowerCase() === route.resourceGroup.toLowerCase(),
            )
            .map((r) => this.registrationResource(r));
        return { status: 200, body: { value } };
    }

    private getRegistration(route: RegistrationCoordinates): Reply {
        const reg = this.mustFind(route);
        return { status: 200, headers: { etag: quote(reg.etag) }, body: this.registrationResource(reg) };
    }

    private async putRegistration(route: RegistrationCoordinates, req: ArmRequest): Promise<Reply> {
        const p = registrationProperties(req.body);
        const existing = this.store.findRegistration(route.subscriptionId, route.resourceGroup, route.name);
        checkPreconditions(req.headers, existing?.etag, undefined);
        if (existing) {
            existing.billingModel = p.billingModel ?? existing.billingModel;
            existing.cloudId = p.cloudId ?? existing.cloudId;
            existing.objectId = p.objectId ?? existing.objectId;
            existing.etag = randomUUID();
            await this.store.changed();
            return { status: 200, headers: { etag: quote(existing.etag) }, body: this.registrationResource(existing) };
        }
        const reg: RegistrationRecord = {
            subscriptionId: route.subscriptionId,
            resourceGroup: route.resourceGroup,
            name: route.name,
            cloudId: p.cloudId ?? randomUUID(),
            objectId: p.objectId ?? randomUUID(),
            billingModel: p.billingModel ?? "PayAsYouUse",
            multiTenancyApproved: false, // approval is Microsoft's decision, made out of band (state/admin API)
            cspPartner: "default-partner",
            etag: randomUUID(),
            customerSubscriptions: [],
        };
        this.store.addRegistration(reg);
        await this.store.changed();
        return { status: 201, headers: { etag: quote(reg.etag) }, body: this.registrationResource(reg) };
    }

    private async deleteRegistration(route: RegistrationCoordinates, req: ArmRequest): Promise<Reply> {
        const reg = this.store.findRegistration(route.subscriptionId, route.resourceGroup, route.name);
        if (!reg) return { status: 204 };
        this.checkLock(reg, registrationId(reg));
        checkPreconditions(req.headers, reg.etag, undefined);
        this.store.removeRegistration(reg);
        await this.store.changed();
        return { status: 200 };
    }

    // ---- customer subscriptions (tenant mappings) ----

    private listMappings(route: RegistrationCoordinates, apiVersion: string, req: ArmRequest): Reply {
        const reg = this.mustFind(route);
        this.gate(reg);
        const sorted = [...reg.customerSubscriptions].sort((a, b) => compareIds(a.subscriptionId, b.subscriptionId));
        let start = 0;
        const skipToken = req.query.get("$skipToken") ?? req.query.get("$skiptoken");
        if (skipToken !== null) {
            const after = decodeSkipToken(skipToken);
            start = sorted.findIndex((m) => compareIds(m.subscriptionId, after) > 0);
            if (start < 0) start = sorted.length;
        }
        const page = sorted.slice(start, start + this.settings.pageSize);
        const body: { value: unknown[]; nextLink?: string } = { value: page.map((m) => this.mappingResource(reg, m, apiVersion)) };
        if (start + this.settings.pageSize < sorted.length) {
            const next = new URLSearchParams({
                "api-version": apiVersion,
                $skipToken: encodeSkipToken(page[page.length - 1]!.subscriptionId),
            });
            body.nextLink = `${this.armEndpoint()}${req.path}?${next.toString()}`;
        }
        return { status: 200, body };
    }

    private getMapping(route: MappingRoute, apiVersion: string): Reply {
        const reg = this.mustFind(route);
        this.gate(reg);
        const m = this.store.findMapping(reg, route.customerSubscriptionId);
        if (!m) throw cspErrors.customerSubscriptionNotFound(route.customerSubscriptionId, reg.name);
        return { status: 200, headers: { etag: quote(m.etag) }, body: this.mappingResource(reg, m, apiVersion) };
    }

    private async putMapping(route: MappingRoute, apiVersion: string, req: ArmRequest): Promise<Reply> {
        const reg = this.mustFind(route);
        this.gate(reg);
        const id = route.customerSubscriptionId;
        if (!isGuid(id)) throw cspErrors.invalidCustomerSubscriptionId(id);
        const { tenantId, etag } = mappingProperties(req.body);
        const existing = this.store.findMapping(reg, id);
        checkPreconditions(req.headers, existing?.etag, etag);

        const known = this.store.knownSubscription(id);
        if (known && known.metadataFailures > 0) {
            known.metadataFailures--;
            await this.store.changed();
            throw cspErrors.metadataResolverBadGateway();
        }
        if (known ? !known.isCsp : this.store.unknownSubscriptions === "reject") throw cspErrors.invalidCspSubscription(id);
        if (known?.cspPartner !== undefined && known.cspPartner !== reg.cspPartner) throw cspErrors.badCustomerSubscriptionId(id, reg.name);

        const { record } = this.store.upsertMapping(reg, id, tenantId, req.caller, true);
        await this.store.changed();
        const headers = { etag: quote(record.etag) };
        if (this.settings.putResponse === "201-empty") return { status: 201, headers };
        return { status: 200, headers, body: this.mappingResource(reg, record, apiVersion) };
    }

    private async deleteMapping(route: MappingRoute, req: ArmRequest): Promise<Reply> {
        const reg = this.mustFind(route);
        this.checkLock(reg, `${registrationId(reg)}/customerSubscriptions/${route.customerSubscriptionId}`);
        this.gate(reg);
        const m = this.store.findMapping(reg, route.customerSubscriptionId);
        checkPreconditions(req.headers, m?.etag, undefined);
        if (m) {
            this.store.removeMapping(reg, m);
            await this.store.changed();
        }
        return { status: 204 };
    }

    // ---- checks and views ----

    private mustFind(route: RegistrationCoordinates): RegistrationRecord {
        const reg = this.store.findRegistration(route.subscriptionId, route.resourceGroup, route.name);
        if (!reg) throw cspErrors.registrationNotFound(route);
        return reg;
    }

    /** What every customerSubscriptions operation requires of the registration. */
    private gate(reg: RegistrationRecord): void {
        if (reg.billingModel.toLowerCase() !== "payasyouuse") throw cspErrors.customerSubscriptionsNotAllowed(reg.name, reg.billingModel);
        if (!reg.multiTenancyApproved) throw cspErrors.unauthorizedCspRegistration(reg.name);
    }

    private checkLock(reg: RegistrationRecord, scope: string): void {
        if (!reg.lock) return;
        throw new ArmError(
            "ScopeLocked",
            `The scope '${scope}' cannot perform delete operation because the following scope(s) are locked: '${registrationId(reg)}' (lock '${reg.lock.name}', level ${reg.lock.level}). Remove the lock and try again.`,
        );
    }

    private registrationResource(reg: RegistrationRecord): Record<string, unknown> {
        const resource: Record<string, unknown> = {
            id: registrationId(reg),
            name: reg.name,
            type: REGISTRATION_TYPE,
            location: "global",
            etag: reg.etag,
            properties: { objectId: reg.objectId, cloudId: reg.cloudId, billingModel: reg.billingModel },
        };
        return resource;
    }

    private mappingResource(reg: RegistrationRecord, m: MappingRecord, apiVersion: string): Record<string, unknown> {
        const resource: Record<string, unknown> = {
            id: `${registrationId(reg)}/customerSubscriptions/${m.subscriptionId}`,
            name: this.settings.mappingName === "bare" ? m.subscriptionId : `${reg.name}/${m.subscriptionId}`,
            type: MAPPING_TYPE,
            etag: m.etag,
            properties: { tenantId: m.tenantId },
        };
        // Of the published descriptions only 2020-06-01-preview's mapping schema has systemData; the stable
        // 2017-06-01, 2022-03-01 and 2022-06-01 schemas do not, so their answers carry none.
        if (apiVersion === "2020-06-01-preview") {
            resource.systemData = {
                createdBy: m.createdBy ?? "unknown",
                createdByType: "Application",
                createdAt: m.createdAt,
                lastModifiedBy: m.lastModifiedBy ?? m.createdBy ?? "unknown",
                lastModifiedByType: "Application",
                lastModifiedAt: m.lastModifiedAt,
            };
        }
        return resource;
    }
}

type MappingRoute = Extract<ArmRoute, { type: "customerSubscription" }>;

export function registrationId(reg: RegistrationRecord): string {
    return `/subscriptions/${reg.subscriptionId}/resourceGroups/${reg.resourceGroup}/providers/${NAMESPACE}/registrations/${reg.name}`;
}

/** Total order of ids: case-insensitive first, then exact (distinct spellings are distinct ids when case sensitive). */
function compareIds(a: string, b: string): number {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    if (x !== y) return x < y ? -1 : 1;
    return a === b ? 0 : a < b ? -1 : 1;
}

function encodeSkipToken(lastId: string): string {
    return Buffer.from(JSON.stringify({ after: lastId })).toString("base64url");
}

function decodeSkipToken(token: string): string {
    try {
        const value = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { after?: unknown };
        if (typeof value.after === "string") return value.after;
    } catch {
        // fall through
    }
    throw new ArmError("InvalidSkipToken", `The $skipToken '${token}' is not one this API issued.`, "$skipToken");
}
