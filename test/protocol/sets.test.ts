/**
 * Registration sets (CustomerSubscriptionMappingSet) as the engine drives them: the real dynamic-provider host over
 * gRPC, the set's own serialized provider in every request, real HTTPS to the emulator. Each entry must behave as a
 * CustomerSubscriptionMapping does (validation, preflight, adoption without a write, create-only PUT, If-Match), and
 * the set adds its own: per-entry diff, undeclared mappings, the deletion bound, partial failure, one listing per read.
 */
import { expect } from "chai";
import type { RunningEmulator } from "../../emulator";
import {
    C,
    EXISTING_SUB,
    EXISTING_TENANT,
    mappingArgs,
    OTHER_PARTNER_SUB,
    providerSuiteSeed,
    registrationId,
    REGISTRATION_SUBSCRIPTION,
    RG,
    STAMP1,
    STAMP2,
    T,
    UNAPPROVED,
} from "../support/fixtures";
import { failureOf, ProviderHost, setUrnOf, urnOf, withFreshHost } from "../support/providerHost";

type Props = Record<string, unknown>;
const ref = (name: string) => ({ subscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RG, name });
const setArgs = (stamp: string, mappings: unknown, extra: Props = {}): Props => ({
    registrationId: registrationId(stamp),
    mappings,
    ...extra,
});
const entries = (...numbers: number[]) => Object.fromEntries(numbers.map((n) => [C(n), T(n)]));

/** A fresh emulator and host for each test: every test starts from a clean registration and an empty process cache. */
function withSetHost(fn: (emulator: RunningEmulator, sets: ProviderHost, host: ProviderHost) => Promise<void>, customers = 40) {
    return () => withFreshHost({ emulator: { seed: providerSuiteSeed(customers), throttling: false } }, (e, h) => fn(e, h.sets(), h));
}

function armRequests(emulator: RunningEmulator) {
    return emulator.requestLog().filter((r) => r.kind === "arm");
}
const writes = (emulator: RunningEmulator) => armRequests(emulator).filter((r) => r.method !== "GET");
const described = (emulator: RunningEmulator) => armRequests(emulator).map((r) => `${r.method} ${r.status}`);

/** The next engine operation: the provider host of this one stops, a new one (an empty process cache) starts. */
async function nextRun(emulator: RunningEmulator, host: ProviderHost, fn: (next: ProviderHost) => Promise<void>): Promise<void> {
    await host.stop();
    const next = new ProviderHost();
    await next.start(emulator.clientEnv());
    await next.configure({});
    try {
        await fn(next);
    } finally {
        await next.stop();
    }
}

/** Check then create, as `pulumi up` does for a new set; returns the checked inputs and the created state. */
async function created(sets: ProviderHost, name: string, args: Props): Promise<{ inputs: Props; id: string; outputs: Props }> {
    const { inputs, failures } = await sets.check(name, {}, args);
    expect(failures).to.deep.equal([]);
    const { id, outputs } = await sets.create(name, inputs);
    return { inputs, id, outputs };
}

describe("registration sets over gRPC, against the emulator", function () {
    this.timeout(120_000);

    describe("check", () => {
        it(
            "validates every entry as a mapping's inputs and names the entry in each failure, before any request",
            withSetHost(async (emulator, sets) => {
                emulator.clearRequestLog();
                const { failures } = await sets.check(
                    "bad",
                    {},
                    setArgs(
                        STAMP2,
                        {
                            [C(1)]: "not-a-guid",
                            [`{${C(2)}}`]: T(2),
                            [C(3)]: { tenantId: T(3), AllowTenantReassignment: true },
                            [C(4)]: 42,
                        },
                        { undeclared: "sometimes", maxDeletions: -1, tenants: {} },
                    ),
                );
                const byProperty = Object.fromEntries(failures.map((f) => [f.property, f.reason]));
                expect(Object.keys(byProperty).sort()).to.deep.equal(
                    [
                        "tenants",
                        `mappings["${C(1)}"].tenantId`,
                        `mappings["{${C(2)}}"]`,
                        `mappings["${C(3)}"].AllowTenantReassignment`,
                        `mappings["${C(4)}"]`,
                        "undeclared",
                        "maxDeletions",
                    ].sort(),
                );
                expect(byProperty[`mappings["${C(1)}"].tenantId`]).to.match(/tenantId must be a GUID/);
                expect(byProperty[`mappings["{${C(2)}}"]`]).to.match(/^InvalidCustomerSubscriptionId: .*braces/);
                expect(byProperty[`mappings["${C(3)}"].AllowTenantReassignment`]).to.match(/did you mean 'allowTenantReassignment'/);
                expect(byProperty.undeclared).to.match(/ignore, warn, fail, remove/);
                expect(byProperty.maxDeletions).to.match(/whole number/);
                expect(byProperty.tenants).to.match(/not an input of CustomerSubscriptionMappingSet/);
                expect(armRequests(emulator)).to.deep.equal([]);
            }),
        );

        it(
            "normalises like a mapping (tenants lower case, options only when not their default) and previews all entries with one snapshot",
            withSetHost(async (emulator, sets) => {
                emulator.clearRequestLog();
                const { inputs, failures } = await sets.check(
                    "s",
                    {},
                    setArgs(STAMP2, {
                        [C(1)]: T(1).toUpperCase(),
                        [C(2)]: { tenantId: T(2), allowTenantReassignment: false },
                        [C(3)]: { tenantId: T(3), adoptExisting: false },
                    }),
                );
                expect(failures).to.deep.equal([]);
                expect(inputs).to.deep.equal({
                    registrationId: registrationId(STAMP2),
                    registrationSubscriptionId: REGISTRATION_SUBSCRIPTION,
                    resourceGroup: RG,
                    registrationName: STAMP2,
                    apiVersion: "2017-06-01",
                    mappings: { [C(1)]: T(1), [C(2)]: T(2), [C(3)]: { tenantId: T(3), adoptExisting: false } },
                    undeclared: "warn",
                    maxDeletions: 10,
                });
                expect(described(emulator)).to.deep.equal(["GET 200", "GET 200"]);
            }),
        );

        it(
            "finds the registration's documented errors once for the set, at preview",
            withSetHost(async (_emulator, sets) => {
                const { failures } = await sets.check("u", {}, setArgs(UNAPPROVED, entries(1, 2, 3)));
                expect(failures).to.have.length(1);
                expect(failures[0]).to.include({ property: "registrationId" });
                expect(failures[0].reason).to.match(/^UnauthorizedCspRegistration: /);
            }),
        );

        it(
            "refuses an entry that would overwrite a mapping made outside the set, and two entries giving one tenant two subscriptions",
            withSetHost(async (emulator, sets) => {
                await emulator.state.putMapping(ref(STAMP2), C(9), T(9));
                const { failures } = await sets.check("s", {}, setArgs(STAMP2, { [C(1)]: T(9), [C(2)]: T(3), [C(3)]: T(3) }));
                const byProperty = Object.fromEntries(failures.map((f) => [f.property, f.reason]));
                expect(byProperty[`mappings["${C(1)}"].tenantId`]).to.match(/^TenantAlreadyMapped: /);
                expect(byProperty[`mappings["${C(3)}"].tenantId`]).to.match(/^TenantMappedTwiceInProgram: another entry of this set/);
            }),
        );

        it(
            "refuses a set and another declaration on the same registration, whichever the engine checks first, offline",
            withSetHost(async (emulator, sets, host) => {
                const single = { ...mappingArgs(STAMP2, C(1), T(1)), __urn: urnOf("single") };
                const set = setArgs(STAMP2, entries(1, 2), { __urn: setUrnOf("stamp2") });
                expect((await host.check("single", {}, single)).failures).to.deep.equal([]);
                emulator.clearRequestLog();
                const refused = await sets.check("stamp2", {}, set);
                expect(refused.failures.map((f) => f.reason)).to.satisfy((reasons: string[]) =>
                    reasons.some(
                        (r) =>
                            /^RegistrationDeclaredTwice: registration 'azurestack-stamp2' is managed by the CustomerSubscriptionMappingSet 'stamp2'/.test(
                                r,
                            ) &&
                            r.includes(
                                `CustomerSubscriptionMapping 'single' declares mappings on it too (both declare customer subscription ${C(1)})`,
                            ),
                    ),
                );
                // And the other way round: a second set after the first.
                const second = await sets.check("other", {}, setArgs(STAMP2, entries(5), { __urn: setUrnOf("other") }));
                expect(second.failures[0].reason).to.match(
                    /^RegistrationDeclaredTwice: .*'stamp2'.*CustomerSubscriptionMappingSet 'other'/,
                );
                expect(writes(emulator)).to.deep.equal([]);
            }),
        );
    });

    describe("create", () => {
        it(
            "creates each entry with a create-only PUT and adopts an identical existing mapping without a write",
            withSetHost(async (emulator, sets) => {
                const { inputs, failures } = await sets.check(
                    "s",
                    {},
                    setArgs(STAMP1, { ...entries(1, 2, 3), [EXISTING_SUB]: EXISTING_TENANT }),
                );
                expect(failures).to.deep.equal([]);
                emulator.clearRequestLog();
                const logged = sets.stderr.length;
                const { id, outputs } = await sets.create("s", inputs);
                expect(id).to.equal(`${registrationId(STAMP1)}/customerSubscriptions`);
                const puts = writes(emulator);
                expect(puts.map((r) => `${r.method} ${r.status}`)).to.deep.equal(["PUT 201", "PUT 201", "PUT 201"]);
                expect(outputs.mappings).to.deep.equal({ ...entries(1, 2, 3), [EXISTING_SUB]: EXISTING_TENANT });
                expect(Object.keys(outputs.etags as Props).sort()).to.deep.equal([C(1), C(2), C(3), EXISTING_SUB].sort());
                expect(outputs.undeclaredMappings).to.deep.equal({});
                for (const n of [1, 2, 3]) expect(emulator.state.mapping(ref(STAMP1), C(n))?.tenantId).to.equal(T(n));
                expect(await sets.stderrFrom(logged, "adopted 1 mapping")).to.include(
                    `${STAMP1}: adopted 1 mapping(s) that already existed`,
                );
            }),
        );
    });

    describe("diff and update", () => {
        it(
            "an unchanged set: no request at check, and no change at diff",
            withSetHost(async (emulator, sets) => {
                const { inputs, id, outputs } = await created(sets, "s", setArgs(STAMP2, entries(1, 2, 3)));
                emulator.clearRequestLog();
                const again = await sets.check("s", inputs, setArgs(STAMP2, entries(1, 2, 3)));
                expect(again.failures).to.deep.equal([]);
                expect(again.inputs).to.deep.equal(inputs);
                expect((await sets.diff("s", id, outputs, again.inputs)).changes).to.equal("DIFF_NONE");
                expect(armRequests(emulator)).to.deep.equal([]);
            }),
        );

        it(
            "leaves the verdict to the engine's comparison of inputs, which names only the entries that change; one re-pointed tenant is one PUT with If-Match",
            withSetHost(async (emulator, sets) => {
                const { inputs, id, outputs } = await created(sets, "s", setArgs(STAMP2, entries(1, 2, 3)));
                const { inputs: news, failures } = await sets.check("s", inputs, setArgs(STAMP2, { ...entries(1, 3), [C(2)]: T(12) }));
                expect(failures).to.deep.equal([]);
                expect(await sets.diff("s", id, outputs, news)).to.deep.equal({
                    changes: "DIFF_UNKNOWN",
                    replaces: [],
                    deleteBeforeReplace: false,
                });
                const before = emulator.state.mapping(ref(STAMP2), C(2))!;
                emulator.clearRequestLog();
                const updated = await sets.update("s", id, outputs, news);
                expect(described(emulator)).to.deep.equal(["PUT 201"]);
                expect(emulator.state.mapping(ref(STAMP2), C(2))?.tenantId).to.equal(T(12));
                expect(emulator.state.mapping(ref(STAMP2), C(2))?.etag).to.not.equal(before.etag);
                expect((updated.mappings as Props)[C(2)]).to.equal(T(12));
                expect((await sets.diff("s", id, updated, news)).changes).to.equal("DIFF_NONE");
            }),
        );

        it(
            "adds and removes entries; a key whose letter case changes is deleted before it is created again",
            withSetHost(async (emulator, sets) => {
                const { inputs, id, outputs } = await created(sets, "s", setArgs(STAMP2, entries(1, 2, 3)));
                const respelled = C(3).toUpperCase();
                const declared = { ...entries(1, 4), [respelled]: T(3) };
                const { inputs: news, failures } = await sets.check("s", inputs, setArgs(STAMP2, declared));
                expect(failures).to.deep.equal([]);
                emulator.clearRequestLog();
                const updated = await sets.update("s", id, outputs, news);
                const log = armRequests(emulator).map((r) => `${r.method} ${decodeURIComponent(r.path.split("/").pop()!)}`);
                expect(log.indexOf(`DELETE ${C(3)}`), "the old spelling goes first").to.be.lessThan(log.indexOf(`PUT ${respelled}`));
                expect(log.filter((l) => !l.startsWith("GET")).sort()).to.deep.equal(
                    [`DELETE ${C(2)}`, `DELETE ${C(3)}`, `PUT ${C(4)}`, `PUT ${respelled}`].sort(),
                );
                expect(updated.mappings).to.deep.equal(declared);
                expect(
                    emulator.state
                        .mappings(ref(STAMP2))
                        .map((m) => m.subscriptionId)
                        .sort(),
                ).to.deep.equal([C(1), C(4), respelled].sort());
            }),
        );

        it(
            "deletes only keys it manages: an entry that was never created leaves without a request, a mapping made by hand stays",
            withSetHost(async (emulator, sets) => {
                // C(2)'s create fails (another partner's subscription): the set does not manage it.
                const { inputs } = await sets.check("s", {}, setArgs(STAMP2, { ...entries(1), [OTHER_PARTNER_SUB]: T(2) }));
                const partial = await failureOf(sets.create("s", inputs));
                const { id, properties } = partial.initFailure!;
                expect(properties.mappings).to.deep.equal(entries(1));
                await emulator.state.putMapping(ref(STAMP2), C(7), T(7));
                const { inputs: news } = await sets.check("s", inputs, setArgs(STAMP2, entries(1)));
                emulator.clearRequestLog();
                await sets.update("s", id, properties, news);
                expect(writes(emulator)).to.deep.equal([]);
                expect(emulator.state.mapping(ref(STAMP2), C(7))?.tenantId).to.equal(T(7));
            }),
        );

        it(
            "refuses to delete more than maxDeletions at preview and at up, and deletes nothing; raising the bound lets it through",
            withSetHost(async (emulator, sets) => {
                const { inputs, id, outputs } = await created(sets, "s", setArgs(STAMP2, entries(1, 2, 3, 4), { maxDeletions: 2 }));
                const { failures } = await sets.check("s", inputs, setArgs(STAMP2, entries(1), { maxDeletions: 2 }));
                expect(failures).to.have.length(1);
                expect(failures[0].property).to.equal("maxDeletions");
                expect(failures[0].reason).to.match(
                    /^TooManyDeletions: this update would delete 3 mapping\(s\) of registration 'azurestack-stamp2'/,
                );
                expect(failures[0].reason).to.match(/raise maxDeletions on the set to at least 3/);
                emulator.clearRequestLog();
                const refused = await failureOf(sets.update("s", id, outputs, { ...inputs, mappings: entries(1) }));
                expect(refused.message).to.match(/^TooManyDeletions: /);
                expect(writes(emulator)).to.deep.equal([]);
                const raised = await sets.check("s", inputs, setArgs(STAMP2, entries(1), { maxDeletions: 3 }));
                expect(raised.failures).to.deep.equal([]);
                await sets.update("s", id, outputs, raised.inputs);
                expect(writes(emulator).map((r) => r.method)).to.deep.equal(["DELETE", "DELETE", "DELETE"]);
            }),
        );
    });

    describe("partial failure", () => {
        it(
            "names each failed entry with its code, keeps what was applied (and __provider) in the error, and converges on the next run",
            withSetHost(async (emulator, sets) => {
                const declared = { ...entries(1, 2, 3), [OTHER_PARTNER_SUB]: T(30) };
                const { inputs } = await sets.check("s", {}, setArgs(STAMP2, declared));
                const error = await failureOf(sets.create("s", inputs));
                expect(error.message).to.match(/^SetEntriesFailed: 1 of 4 mapping\(s\) of registration 'azurestack-stamp2' failed/);
                expect(error.message).to.include(`- ${OTHER_PARTNER_SUB}: BadCustomerSubscriptionId: `);
                const init = error.initFailure!;
                expect(init.id).to.equal(`${registrationId(STAMP2)}/customerSubscriptions`);
                expect(init.provider).to.equal(sets.serializedSetProvider);
                // What the engine prints of a partial failure: its reasons.
                expect(init.reasons).to.deep.equal([error.message]);
                expect(init.properties.mappings).to.deep.equal(entries(1, 2, 3));
                expect(init.properties.failedEntries).to.deep.equal({ [OTHER_PARTNER_SUB]: "BadCustomerSubscriptionId" });

                // The engine stores the new inputs beside these outputs: its own comparison sees nothing, so diff says it.
                const fixed = { ...entries(1, 2, 3), [C(30)]: T(30) };
                expect((await sets.diff("s", init.id, init.properties, inputs)).changes).to.equal("DIFF_SOME");
                const { inputs: news } = await sets.check("s", inputs, setArgs(STAMP2, fixed));
                emulator.clearRequestLog();
                const outs = await sets.update("s", init.id, init.properties, news);
                expect(described(emulator)).to.deep.equal(["PUT 201"]);
                expect(outs.mappings).to.deep.equal(fixed);
                expect(outs.failedEntries).to.equal(undefined);
            }),
        );

        it(
            "a set none of whose entries could be written is not created at all",
            withSetHost(async (_emulator, sets) => {
                const { inputs } = await sets.check("s", {}, setArgs(STAMP2, { [OTHER_PARTNER_SUB]: T(30) }));
                const error = await failureOf(sets.create("s", inputs));
                expect(error.message).to.match(/^SetEntriesFailed: 1 of 1 /);
                expect(error.initFailure).to.equal(undefined);
            }),
        );
    });

    describe("undeclared mappings", () => {
        it(
            "warn (default): preview warns with each one as the entry that would adopt it, and the output lists them",
            withSetHost(async (emulator, sets) => {
                const logged = sets.stderr.length;
                const { inputs, failures } = await sets.check("s", {}, setArgs(STAMP1, entries(1)));
                expect(failures).to.deep.equal([]);
                expect(await sets.stderrFrom(logged, "not declared by this set"))
                    .to.include(`${STAMP1}: 1 mapping(s) in Azure are not declared by this set`)
                    .and.include(`"${EXISTING_SUB}": "${EXISTING_TENANT}"`)
                    .and.include("azs-mappings export");
                const { outputs } = await sets.create("s", inputs);
                expect(outputs.undeclaredMappings).to.deep.equal({ [EXISTING_SUB]: EXISTING_TENANT });
                expect(emulator.state.mapping(ref(STAMP1), EXISTING_SUB)?.tenantId).to.equal(EXISTING_TENANT);
            }),
        );

        it(
            "fail: preview fails with one error listing them, even when the set itself did not change",
            withSetHost(async (emulator, sets) => {
                const { inputs, id, outputs } = await created(sets, "s", setArgs(STAMP2, entries(1), { undeclared: "fail" }));
                for (const n of [5, 6]) await emulator.state.putMapping(ref(STAMP2), C(n), T(n));
                emulator.clearRequestLog();
                const { failures } = await sets.check("s", inputs, setArgs(STAMP2, entries(1), { undeclared: "fail" }));
                expect(failures).to.have.length(1);
                expect(failures[0].property).to.equal("undeclared");
                expect(failures[0].reason)
                    .to.match(/^UndeclaredMappings: registration 'azurestack-stamp2' holds 2 mapping\(s\) this set does not declare/)
                    .and.include(`"${C(5)}": "${T(5)}"`)
                    .and.include(`"${C(6)}": "${T(6)}"`);
                expect(described(emulator)).to.deep.equal(["GET 200", "GET 200"]);
                expect(id).to.be.a("string");
                expect(outputs.undeclared).to.equal("fail");
            }),
        );

        it(
            "fail, in a drift check: the first set that fails names every registration the run has read, in one error",
            withSetHost(async (emulator, sets, host) => {
                const eastArgs = setArgs(STAMP1, { ...entries(1), [EXISTING_SUB]: EXISTING_TENANT }, { undeclared: "fail" });
                const east = await created(sets, "east", eastArgs);
                const west = await created(sets, "west", setArgs(STAMP2, entries(2), { undeclared: "fail" }));
                await emulator.state.putMapping(ref(STAMP1), C(7), T(7));
                await emulator.state.putMapping(ref(STAMP2), C(8), T(8));
                // The drift check: a new process reads every set first, then checks them.
                await nextRun(emulator, host, async (next) => {
                    await next.sets().read("east", east.id, east.outputs);
                    await next.sets().read("west", west.id, west.outputs);
                    emulator.clearRequestLog();
                    const { failures } = await next.sets().check("east", east.inputs, eastArgs);
                    expect(failures.map((f) => f.property)).to.deep.equal(["undeclared", "undeclared"]);
                    expect(failures[0].reason)
                        .to.match(/^UndeclaredMappings: registration 'azurestack-stamp1' holds 1 mapping/)
                        .and.include(C(7));
                    expect(failures[1].reason)
                        .to.match(/^UndeclaredMappings: registration 'azurestack-stamp2' holds 1 mapping/)
                        .and.include(C(8));
                    expect(armRequests(emulator), "the reads' listings serve the check").to.deep.equal([]);
                });
            }),
        );

        it(
            "fail declared where the state still says warn: a set's check, not its read, decides whether another set's error names it",
            withSetHost(async (emulator, sets, host) => {
                const eastArgs = setArgs(STAMP1, { ...entries(1), [EXISTING_SUB]: EXISTING_TENANT });
                const westArgs = setArgs(STAMP2, entries(2));
                const east = await created(sets, "east", eastArgs);
                const west = await created(sets, "west", westArgs);
                await emulator.state.putMapping(ref(STAMP1), C(7), T(7));
                await emulator.state.putMapping(ref(STAMP2), C(8), T(8));
                await nextRun(emulator, host, async (next) => {
                    await next.sets().read("east", east.id, east.outputs);
                    await next.sets().read("west", west.id, west.outputs);
                    const westFails = await next.sets().check("west", west.inputs, { ...westArgs, undeclared: "fail" });
                    expect(westFails.failures.map((f) => f.reason).join("\n")).to.include(C(8));
                    const { failures } = await next.sets().check("east", east.inputs, { ...eastArgs, undeclared: "fail" });
                    expect(failures.map((f) => /registration '([^']+)'/.exec(f.reason)?.[1])).to.deep.equal([
                        "azurestack-stamp1",
                        "azurestack-stamp2",
                    ]);
                    expect(failures[1].reason).to.include(C(8));
                });
            }),
        );

        it(
            "remove: preview puts them in removeUndeclared, up deletes them (If-Match), and nothing else",
            withSetHost(async (emulator, sets) => {
                const { inputs, id, outputs } = await created(sets, "s", setArgs(STAMP2, entries(1, 2), { undeclared: "remove" }));
                for (const n of [5, 6]) await emulator.state.putMapping(ref(STAMP2), C(n), T(n));
                const { inputs: news, failures } = await sets.check("s", inputs, setArgs(STAMP2, entries(1, 2), { undeclared: "remove" }));
                expect(failures).to.deep.equal([]);
                expect(news.removeUndeclared).to.deep.equal(entries(5, 6));
                expect((await sets.diff("s", id, outputs, news)).changes).to.equal("DIFF_UNKNOWN");
                emulator.clearRequestLog();
                const updated = await sets.update("s", id, outputs, news);
                expect(writes(emulator).map((r) => `${r.method} ${r.status}`)).to.deep.equal(["DELETE 204", "DELETE 204"]);
                expect(
                    emulator.state
                        .mappings(ref(STAMP2))
                        .map((m) => m.subscriptionId)
                        .sort(),
                ).to.deep.equal([C(1), C(2)].sort());
                expect(updated.undeclaredMappings).to.deep.equal({});
                expect(updated).to.not.have.property("removeUndeclared");
            }),
        );
    });

    describe("read and delete", () => {
        it(
            "reads the whole registration by one paged listing: drift of a tenant, a deleted entry, a mapping nobody declared",
            withSetHost(async (emulator, sets, host) => {
                const all = Array.from({ length: 30 }, (_, i) => i + 1);
                const { inputs, id, outputs } = await created(sets, "s", setArgs(STAMP2, entries(...all)));
                await emulator.state.putMapping(ref(STAMP2), C(2), T(99));
                await emulator.state.deleteMapping(ref(STAMP2), C(3));
                await emulator.state.putMapping(ref(STAMP2), C(31), T(31));
                await nextRun(emulator, host, async (fresh) => {
                    emulator.configure({ pageSize: 10 });
                    emulator.clearRequestLog();
                    const read = await fresh.sets().read("s", id, outputs);
                    // 30 mappings in pages of 10, and the registration.
                    expect(armRequests(emulator).map((r) => r.method)).to.deep.equal(["GET", "GET", "GET", "GET"]);
                    const expected = { ...entries(...all.filter((n) => n !== 3)), [C(2)]: T(99) };
                    expect(read.outputs.mappings).to.deep.equal(expected);
                    expect(read.outputs.undeclaredMappings).to.deep.equal(entries(31));
                    expect(read.inputs?.mappings).to.deep.equal(expected);
                    // The refresh's diff: the refreshed state against the old inputs.
                    expect((await fresh.sets().diff("s", id, read.outputs, inputs)).changes).to.equal("DIFF_UNKNOWN");
                });
            }),
        );

        it(
            "an undrifted read compares equal, and warn's undeclared mappings are not drift",
            withSetHost(async (emulator, sets) => {
                const { inputs, id, outputs } = await created(sets, "s", setArgs(STAMP2, entries(1, 2)));
                await emulator.state.putMapping(ref(STAMP2), C(9), T(9));
                const read = await sets.read("s", id, outputs);
                expect(read.inputs).to.deep.equal(inputs);
                expect((await sets.diff("s", id, read.outputs, inputs)).changes).to.equal("DIFF_NONE");
                expect(read.outputs.undeclaredMappings).to.deep.equal(entries(9));
            }),
        );

        it(
            "deletes every managed entry within maxDeletions, and none beyond it",
            withSetHost(async (emulator, sets, host) => {
                const small = await created(sets, "a", setArgs(STAMP2, entries(1, 2)));
                const big = await created(sets, "b", setArgs(STAMP1, entries(3, 4, 5), { maxDeletions: 2 }));
                // `pulumi destroy`, or an `up` whose program no longer has them: another process, which checks neither.
                await nextRun(emulator, host, async (next) => {
                    emulator.clearRequestLog();
                    await next.sets().delete("a", small.id, small.outputs);
                    expect(writes(emulator).map((r) => r.method)).to.deep.equal(["DELETE", "DELETE"]);
                    emulator.clearRequestLog();
                    const refused = await failureOf(next.sets().delete("b", big.id, big.outputs));
                    expect(refused.message)
                        .to.match(/^TooManyDeletions: deleting this set would delete 3 mapping/)
                        .and.match(/run `pulumi up` before deleting it/);
                    expect(writes(emulator)).to.deep.equal([]);
                });
            }),
        );

        it(
            "leaves an entry another resource of the program now declares in Azure (a migration to single mappings)",
            withSetHost(async (emulator, sets, host) => {
                const set = await created(sets, "s", setArgs(STAMP2, entries(1, 2)));
                // The next run's program declares C(1) as a single mapping and no longer has the set.
                await nextRun(emulator, host, async (next) => {
                    const single = await next.check("m", {}, { ...mappingArgs(STAMP2, C(1), T(1)), __urn: urnOf("m") });
                    expect(single.failures).to.deep.equal([]);
                    emulator.clearRequestLog();
                    await next.create("m", single.inputs);
                    await next.sets().delete("s", set.id, set.outputs);
                    expect(writes(emulator).map((r) => `${r.method} ${decodeURIComponent(r.path.split("/").pop()!)}`)).to.deep.equal([
                        `DELETE ${C(2)}`,
                    ]);
                    expect(emulator.state.mapping(ref(STAMP2), C(1))?.tenantId).to.equal(T(1));
                });
            }),
        );

        it(
            "refuses state that does not describe a set of its registration, before any request",
            withSetHost(async (emulator, sets) => {
                const { id, outputs } = await created(sets, "s", setArgs(STAMP2, entries(1)));
                emulator.clearRequestLog();
                const edited = { ...outputs, mappings: { "..": T(1) } };
                const refused = await failureOf(sets.delete("s", id, edited));
                expect(refused.message).to.match(/^InvalidStoredState: CustomerSubscriptionMappingSet delete refused/);
                const elsewhere = await failureOf(sets.read("s", `${registrationId(STAMP1)}/customerSubscriptions`, outputs));
                expect(elsewhere.message).to.match(/^InvalidStoredState: /);
                expect(armRequests(emulator)).to.deep.equal([]);
            }),
        );
    });
});
