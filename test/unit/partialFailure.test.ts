import { expect } from "chai";
import { outputsAfterWrite } from "../../provider/mapping/state";
import { validateInputs } from "../../provider/core";

const { inputs } = validateInputs({
    registrationSubscriptionId: "11111111-2222-3333-4444-555555555555",
    resourceGroup: "azurestack",
    registrationName: "azurestack-1",
    customerSubscriptionId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
    tenantId: "99999999-8888-7777-6666-555555555555",
});
const id = `${inputs.registrationId}/customerSubscriptions/${inputs.customerSubscriptionId}`;

/** What the dynamic-provider host turns into ErrorResourceInitFailed, so the engine keeps the resource in state. */
function initFailure(fn: () => unknown): { id: string; properties: Record<string, unknown>; reasons: string[]; message: string } {
    try {
        fn();
    } catch (error) {
        return error as never;
    }
    throw new Error("expected a failure");
}

describe("after a successful PUT", () => {
    it("builds plain-JSON outputs from a 201 with no body", () => {
        const outs = outputsAfterWrite(id, inputs, undefined, undefined);
        expect(outs).to.deep.include({ ...inputs, name: inputs.customerSubscriptionId, etag: null });
        expect(JSON.parse(JSON.stringify(outs))).to.deep.equal(outs);
    });

    it("keeps a mapping Azure reports with another tenant in state, with its id, and says why", () => {
        const failure = initFailure(() =>
            outputsAfterWrite(id, inputs, { properties: { tenantId: "00000000-0000-0000-0000-000000000000" } }, '"e1"'),
        );
        expect(failure.id).to.equal(id);
        expect(failure.properties).to.deep.include({ customerSubscriptionId: inputs.customerSubscriptionId, etag: '"e1"' });
        expect(failure.reasons[0])
            .to.match(/was written/)
            .and.match(/pulumi refresh/);
        expect(failure.message).to.equal(failure.reasons[0]);
    });

    it("keeps the mapping in state when Azure's body cannot be read", () => {
        const failure = initFailure(() => outputsAfterWrite(id, inputs, { name: 42 } as never, undefined));
        expect(failure.id).to.equal(id);
        expect(failure.reasons[0]).to.match(/was written, but/);
    });
});
