/**
 * A registration set (CustomerSubscriptionMappingSet, all of the registration's mappings in one resource) in a
 * user's TypeScript project, installed from release tarballs with npm (userProjectForm.ts); the steps and their
 * checks: scenario.ts. Re-pointing one tenant updates the set, with one PUT of that entry.
 */
import { describeUpgrade, type Declared } from "./scenario";
import { REGISTRATION_FIELDS, UserProjectForm } from "./userProjectForm";

const SET = "east-customers";

/** index.ts declaring the set, as docs/sets.md's program does. */
function program(declared: Declared): string {
    const mappings = Object.fromEntries(Object.values(declared).map((m) => [m.customerSubscriptionId, m.tenantId]));
    return [
        'import { CustomerSubscriptionMappingSet } from "@azurestack-csp/tenant-mappings";',
        "",
        `new CustomerSubscriptionMappingSet(${JSON.stringify(SET)}, {`,
        `    ...${JSON.stringify(REGISTRATION_FIELDS)},`,
        `    mappings: ${JSON.stringify(mappings, null, 4)},`,
        "});",
    ].join("\n");
}

describeUpgrade(
    new UserProjectForm({
        title: "a registration set in a user's TypeScript project, installed from release tarballs with npm",
        storedLifecycle: "set-lifecycle",
        resourceName: () => SET,
        files: (declared) => ({ "Pulumi.yaml": "name: contoso-mappings\nruntime: nodejs", "index.ts": program(declared) }),
    }),
);
