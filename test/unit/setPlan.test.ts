/** A set's plan (provider/set/diff.ts): what applying the declaration to what the set manages takes, entry by entry. */
import { expect } from "chai";
import { UNKNOWN } from "../../provider/core";
import { planSet, hasWork } from "../../provider/set/diff";
import type { SetInputs, SetOutputs } from "../../provider/set/schema";
import { validateSet } from "../../provider/set/validation";
import { C, registrationId, STAMP1, STAMP2, T } from "../support/fixtures";

function declared(mappings: Record<string, unknown>, extra: Record<string, unknown> = {}): SetInputs {
    const { inputs, failures } = validateSet({ registrationId: registrationId(STAMP1), mappings, ...extra });
    if (failures.length > 0) throw new Error(JSON.stringify(failures));
    return inputs;
}

function managed(mappings: Record<string, unknown>, extra: Record<string, unknown> = {}): SetOutputs {
    const inputs = declared(mappings, extra);
    const etags = Object.fromEntries(Object.keys(inputs.mappings).map((key) => [key, `W/"${key}"`]));
    return { ...inputs, etags, undeclaredMappings: {}, inputsDigest: "" };
}

const nothing = { replaces: [], create: [], retarget: [], options: [], remove: [], removeFirst: [], settings: [], unknown: false };

describe("set plan", () => {
    it("has nothing to do for the same entries, whatever letter case the tenant ids are written in", () => {
        const plan = planSet(managed({ [C(1)]: T(1), [C(2)]: T(2) }), declared({ [C(1)]: T(1).toUpperCase(), [C(2)]: T(2) }));
        expect(plan).to.deep.equal(nothing);
        expect(hasWork(plan)).to.equal(false);
    });

    it("creates new keys, re-points changed tenants, re-sets options alone without a request, removes what is no longer declared", () => {
        const plan = planSet(
            managed({ [C(1)]: T(1), [C(2)]: T(2), [C(3)]: T(3), [C(4)]: T(4) }),
            declared({ [C(1)]: T(1), [C(2)]: T(12), [C(3)]: { tenantId: T(3), adoptExisting: false }, [C(5)]: T(5) }),
        );
        expect(plan).to.deep.equal({ ...nothing, create: [C(5)], retarget: [C(2)], options: [C(3)], remove: [C(4)] });
    });

    it("treats a key spelled in other letter case as another mapping, deleted before it is created", () => {
        const respelled = C(1).toUpperCase();
        const plan = planSet(managed({ [C(1)]: T(1), [C(2)]: T(2) }), declared({ [respelled]: T(1), [C(2)]: T(2) }));
        expect(plan).to.deep.equal({ ...nothing, create: [respelled], remove: [C(1)], removeFirst: [C(1)] });
    });

    it("replaces the set when the registration changes (not when only its letter case does), and notes its own settings", () => {
        const old = managed({ [C(1)]: T(1) });
        const moved = planSet(old, declared({ [C(1)]: T(1) }, { registrationId: registrationId(STAMP2) }));
        expect(moved.replaces).to.include("registrationId").and.include("registrationName");
        const upper = declared({ [C(1)]: T(1) }, { registrationId: registrationId(STAMP1).replace("azurestack", "AzureStack") });
        expect(planSet(old, upper).replaces).to.deep.equal([]);
        const settings = planSet(old, declared({ [C(1)]: T(1) }, { undeclared: "fail", maxDeletions: 3, apiVersion: "2022-06-01" }));
        expect(settings).to.deep.equal({ ...nothing, settings: ["apiVersion", "undeclared", "maxDeletions"] });
    });

    it("counts a map or a tenant not known yet (preview) as a possible change", () => {
        const old = managed({ [C(1)]: T(1) });
        expect(planSet(old, { ...declared({}), mappings: UNKNOWN as never }).unknown).to.equal(true);
        expect(planSet(old, declared({ [C(1)]: UNKNOWN })).retarget).to.deep.equal([C(1)]);
    });

    it("plans a new set as one create per entry", () => {
        const empty: SetOutputs = { ...managed({}), mappings: {}, etags: {} };
        expect(planSet(empty, declared({ [C(1)]: T(1), [C(2)]: T(2) })).create).to.deep.equal([C(1), C(2)]);
    });
});
