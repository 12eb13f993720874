/**
 * State is a file: whatever it holds is checked again before it becomes part of a URL. Through the real
 * dynamic-provider host, a mapping's stored properties are tampered with the way an edited checkpoint would
 * have them; read, update and delete must refuse with the property named, and send nothing to Azure.
 */
import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { mappingPath, registrationPath, UnsafePathSegmentError } from "../../provider/arm/ids";
import { C, mappingArgs, providerSuiteSeed, REGISTRATION_SUBSCRIPTION, RG, STAMP1, T } from "../support/fixtures";
import { ProviderHost, type ProviderCallError } from "../support/providerHost";

const ref = { subscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RG, name: STAMP1 };

describe("values read back from state are validated before any request", function () {
    this.timeout(60_000);
    let emulator: RunningEmulator;
    let host: ProviderHost;
    let created: { id: string; outputs: Record<string, unknown> };
    let checkedInputs: Record<string, unknown>;

    before(async () => {
        emulator = await startEmulator({ seed: providerSuiteSeed() });
        host = new ProviderHost();
        await host.start(emulator.clientEnv());
        await host.configure({});
        checkedInputs = (await host.check("m", {}, mappingArgs(STAMP1, C(1), T(1)))).inputs;
        created = await host.create("m", checkedInputs);
    });
    after(async () => {
        await host?.stop();
        await emulator?.stop();
    });

    const armRequests = () => emulator.requestLog().filter((r) => r.kind === "arm");
    const failureOf = (promise: Promise<unknown>) =>
        promise.then(
            () => {
                throw new Error("expected the call to fail");
            },
            (e: ProviderCallError) => e,
        );

    const tampered: { name: string; change: Record<string, unknown>; id?: string; property: string }[] = [
        {
            name: "customerSubscriptionId '..' (delete would address the registration)",
            change: { customerSubscriptionId: ".." },
            property: "customerSubscriptionId",
        },
        { name: "customerSubscriptionId '.'", change: { customerSubscriptionId: "." }, property: "customerSubscriptionId" },
        { name: "resourceGroup '..'", change: { resourceGroup: ".." }, property: "resourceGroup" },
        {
            name: "registrationName with a slash",
            change: { registrationName: "azurestack-stamp1/customerSubscriptions" },
            property: "registrationName",
        },
        {
            name: "registrationSubscriptionId that is not a GUID",
            change: { registrationSubscriptionId: "../../providers" },
            property: "registrationSubscriptionId",
        },
        { name: "an api-version with a query", change: { apiVersion: "2017-06-01&x=1" }, property: "apiVersion" },
        { name: "a tenant that is not a GUID", change: { tenantId: "<img src=x>" }, property: "tenantId" },
        { name: "an id naming another mapping", change: {}, id: "REPLACE", property: "id" },
    ];

    for (const t of tampered) {
        const props = () => ({ ...created.outputs, ...t.change });
        const id = () => (t.id === "REPLACE" ? created.id.replace(C(1), C(2)) : created.id);

        it(`delete refuses ${t.name}, naming ${t.property}, and sends nothing`, async () => {
            emulator.clearRequestLog();
            const error = await failureOf(host.delete("m", id(), props()));
            expect(error.message).to.include("nothing was sent to Azure").and.include(`${t.property}:`);
            expect(armRequests()).to.have.length(0);
            expect(emulator.state.mapping(ref, C(1))?.tenantId).to.equal(T(1), "the mapping is still there");
        });

        it(`read and update refuse ${t.name} as well`, async () => {
            emulator.clearRequestLog();
            expect((await failureOf(host.read("m", id(), props()))).message).to.include(`${t.property}:`);
            const news = { ...checkedInputs, tenantId: T(2) };
            expect((await failureOf(host.update("m", id(), props(), news))).message).to.include(`${t.property}:`);
            expect(armRequests()).to.have.length(0);
        });
    }

    it("untampered state still reads, and a lookup by id alone (no stored properties) reads the tenant from Azure", async () => {
        expect((await host.read("m", created.id, created.outputs)).outputs.tenantId).to.equal(T(1));
        expect((await host.read("m", created.id, {})).outputs.tenantId).to.equal(T(1));
    });

    it("the URL builder itself refuses empty, '.' and '..' segments", () => {
        for (const bad of ["", " ", ".", ".."]) {
            expect(() => mappingPath(ref, bad)).to.throw(UnsafePathSegmentError, /customerSubscriptionId/);
            expect(() => registrationPath({ ...ref, resourceGroup: bad })).to.throw(UnsafePathSegmentError, /resourceGroup/);
            expect(() => registrationPath({ ...ref, name: bad })).to.throw(UnsafePathSegmentError, /registrationName/);
        }
        expect(mappingPath(ref, "a/b")).to.match(/customerSubscriptions\/a%2Fb$/);
    });
});
