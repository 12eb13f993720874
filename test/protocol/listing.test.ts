/**
 * Many reads of one registration in one provider process (a refresh, a drift check, adoption after
 * `azs-mappings export`) are answered by one paged listing instead of a GET each; a few keep their GETs.
 * Through the real dynamic-provider host, 8 calls at a time as the engine makes them, counting the
 * requests in the emulator's log. provider/listing.ts has the rule and why.
 */
import { expect } from "chai";
import type { EmulatorSeed, RunningEmulator } from "../../emulator";
import { GETS_BEFORE_LISTING, PAGES_ALWAYS_ALLOWED } from "../../provider/listing";
import {
    approvedRegistration,
    C,
    mappingArgs,
    PARTNER,
    REGISTRATION_SUBSCRIPTION,
    registrationId,
    RG,
    STAMP1,
    STAMP2,
    T,
} from "../support/fixtures";
import { ProviderHost, withFreshHost } from "../support/providerHost";

const MAPPINGS = 250;
const PAGE_SIZE = 100; // the emulator's default: 3 pages for 250 mappings
const ref = { subscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RG, name: STAMP1 };

/** STAMP1 holds `mapped` mappings C(i) -> T(i) made outside this host; STAMP2 none. */
function seed(mapped: number): EmulatorSeed {
    const registration = (name: string, customerSubscriptions: { subscriptionId: string; tenantId: string }[]) =>
        approvedRegistration(name, { customerSubscriptions });
    return {
        registrations: [
            registration(
                STAMP1,
                Array.from({ length: mapped }, (_, i) => ({ subscriptionId: C(i + 1), tenantId: T(i + 1) })),
            ),
            registration(STAMP2, []),
        ],
        customerSubscriptions: Array.from({ length: mapped }, (_, i) => ({
            id: C(i + 1),
            tenantId: T(i + 1),
            cspPartner: PARTNER,
            isCsp: true,
        })),
    } as EmulatorSeed;
}

const idOf = (n: number) => `${registrationId(STAMP1)}/customerSubscriptions/${C(n)}`;
/** What state holds for mapping n (as read receives it). */
const stored = (n: number) => ({
    ...mappingArgs(STAMP1, C(n), T(n)),
    registrationId: registrationId(STAMP1),
    apiVersion: "2017-06-01",
    allowTenantReassignment: false,
    name: C(n),
    type: "Microsoft.AzureStack/registrations/customerSubscriptions",
});

/** Runs `fn` over 1..n, `parallel` at a time, as the engine does (its default parallelism here is 8). */
async function eachOf<T>(n: number, fn: (i: number) => Promise<T>, parallel = 8): Promise<T[]> {
    const results: T[] = new Array(n);
    let next = 1;
    await Promise.all(
        Array.from({ length: parallel }, async () => {
            while (next <= n) {
                const i = next++;
                results[i - 1] = await fn(i);
            }
        }),
    );
    return results;
}

function armRequests(emulator: RunningEmulator) {
    const arm = emulator.requestLog().filter((r) => r.kind === "arm");
    const listings = arm.filter((r) => r.method === "GET" && /\/customerSubscriptions$/.test(r.path));
    const mappingGets = arm.filter((r) => r.method === "GET" && /\/customerSubscriptions\/[^/]+$/.test(r.path));
    return { all: arm, listings, mappingGets, writes: arm.filter((r) => r.method !== "GET") };
}

describe("one listing answers many reads of a registration", function () {
    this.timeout(120_000);

    it(`a refresh of ${MAPPINGS} mappings of one registration: the listing's pages plus ${GETS_BEFORE_LISTING} GETs, not ${MAPPINGS} GETs`, async () => {
        await withFreshHost({ emulator: { seed: seed(MAPPINGS), latencyMs: 5 } }, async (emulator, host) => {
            emulator.clearRequestLog();
            const reads = await eachOf(MAPPINGS, (i) => host.read(`m${i}`, idOf(i), stored(i)));
            reads.forEach((r, i) => {
                expect(r.id).to.equal(idOf(i + 1));
                expect(r.outputs.tenantId).to.equal(T(i + 1));
                expect(r.outputs.etag, "the etag comes from the listing as from a GET").to.be.a("string").and.not.empty;
            });
            const { all, listings, mappingGets } = armRequests(emulator);
            expect(listings).to.have.length(Math.ceil(MAPPINGS / PAGE_SIZE));
            expect(mappingGets).to.have.length(GETS_BEFORE_LISTING);
            expect(all).to.have.length(Math.ceil(MAPPINGS / PAGE_SIZE) + GETS_BEFORE_LISTING);
        });
    });

    it("a mapping deleted or changed outside Pulumi is seen: gone, or with its new tenant; and again by the next process", async () => {
        await withFreshHost({ emulator: { seed: seed(MAPPINGS), latencyMs: 5 } }, async (emulator, host) => {
            await emulator.state.deleteMapping(ref, C(7));
            await emulator.state.putMapping(ref, C(8), T(9));
            const reads = await eachOf(MAPPINGS, (i) => host.read(`m${i}`, idOf(i), stored(i)));
            expect(reads[6]!.id, "a mapping the whole listing does not hold is gone").to.equal("");
            expect(reads[7]!.outputs.tenantId).to.equal(T(9));
            expect(armRequests(emulator).mappingGets.length).to.be.at.most(GETS_BEFORE_LISTING);
        });
        // Drift made after the listing above: a new process (the next refresh) lists again and sees it.
        await withFreshHost({ emulator: { seed: seed(MAPPINGS), latencyMs: 5 } }, async (emulator, host) => {
            await eachOf(MAPPINGS, (i) => host.read(`m${i}`, idOf(i), stored(i)));
            await emulator.state.putMapping(ref, C(20), T(21));
            await emulator.state.deleteMapping(ref, C(21));
            const second = new ProviderHost();
            await second.start(emulator.clientEnv());
            try {
                await second.configure({});
                emulator.clearRequestLog();
                const again = await eachOf(MAPPINGS, (i) => second.read(`m${i}`, idOf(i), stored(i)));
                expect(again[19]!.outputs.tenantId).to.equal(T(21));
                expect(again[20]!.id).to.equal("");
                expect(armRequests(emulator).listings, "the new process listed for itself").to.have.length(3);
            } finally {
                await second.stop();
            }
        });
    });

    it(`a stack that reads ${GETS_BEFORE_LISTING} of a registration's ${MAPPINGS} mappings keeps its GETs and never lists`, async () => {
        await withFreshHost({ emulator: { seed: seed(MAPPINGS), latencyMs: 5 } }, async (emulator, host) => {
            emulator.clearRequestLog();
            for (const i of [17, 230]) expect((await host.read(`m${i}`, idOf(i), stored(i))).outputs.tenantId).to.equal(T(i));
            const { all, listings } = armRequests(emulator);
            expect(listings).to.have.length(0);
            expect(all).to.have.length(2);
        });
    });

    it(`a few reads of a registration whose listing is long give the listing up after ${PAGES_ALWAYS_ALLOWED} pages and GET`, async () => {
        // 250 mappings, 5 a page: 50 pages, far more than 5 reads are worth.
        await withFreshHost({ emulator: { seed: seed(MAPPINGS), latencyMs: 5, pageSize: 5 } }, async (emulator, host) => {
            emulator.clearRequestLog();
            const wanted = [3, 90, 140, 200, 249];
            for (const i of wanted) expect((await host.read(`m${i}`, idOf(i), stored(i))).outputs.tenantId).to.equal(T(i));
            const { all, listings, mappingGets } = armRequests(emulator);
            expect(listings).to.have.length(PAGES_ALWAYS_ALLOWED);
            expect(mappingGets).to.have.length(wanted.length);
            expect(all.length).to.be.at.most(wanted.length + PAGES_ALWAYS_ALLOWED);
        });
    });

    it(`adoption after export: ${MAPPINGS} existing mappings checked and created with no write and no GET per mapping`, async () => {
        await withFreshHost({ emulator: { seed: seed(MAPPINGS), latencyMs: 5 } }, async (emulator, host) => {
            emulator.clearRequestLog();
            const checked = await eachOf(MAPPINGS, (i) => host.check(`m${i}`, {}, mappingArgs(STAMP1, C(i), T(i))));
            checked.forEach((c) => expect(c.failures).to.deep.equal([]));
            const created = await eachOf(MAPPINGS, (i) => host.create(`m${i}`, checked[i - 1]!.inputs));
            created.forEach((c, i) => {
                expect(c.id).to.equal(idOf(i + 1));
                expect(c.outputs.etag).to.be.a("string").and.not.empty;
            });
            const { all, listings, mappingGets, writes } = armRequests(emulator);
            expect(writes).to.have.length(0);
            expect(mappingGets).to.have.length(0);
            expect(listings).to.have.length(Math.ceil(MAPPINGS / PAGE_SIZE));
            expect(all, "the registration's GET and its listing").to.have.length(1 + Math.ceil(MAPPINGS / PAGE_SIZE));
            expect(emulator.state.mappings(ref)).to.have.length(MAPPINGS);
        });
    });

    it("a mapping this process created or deleted is read from ARM afterwards, not answered from its listing", async () => {
        await withFreshHost({ emulator: { seed: seed(MAPPINGS), latencyMs: 5 } }, async (emulator, host) => {
            await eachOf(MAPPINGS, async (i) => {
                if (i !== 5) await host.read(`m${i}`, idOf(i), stored(i));
            });
            await emulator.state.putKnownSubscription({ id: C(300), tenantId: T(300), cspPartner: PARTNER, isCsp: true });
            const checked = await host.check("new", {}, mappingArgs(STAMP1, C(300), T(300))); // the preflight lists again
            await host.create("new", checked.inputs);
            await host.delete("m5", idOf(5), stored(5));
            await emulator.state.putMapping(ref, C(300), T(301)); // drift after this process's own write
            emulator.clearRequestLog();
            const id300 = `${registrationId(STAMP1)}/customerSubscriptions/${C(300)}`;
            expect(
                (await host.read("new", id300, { ...stored(300), customerSubscriptionId: C(300), tenantId: T(300) })).outputs.tenantId,
            ).to.equal(T(301));
            expect((await host.read("m5", idOf(5), stored(5))).id, "deleted by this process").to.equal("");
            expect(armRequests(emulator).mappingGets, "one GET each").to.have.length(2);
        });
    });
});
