/**
 * The dynamic resource, one per mapping, in a user's TypeScript project, installed from release tarballs with npm
 * (userProjectForm.ts); the steps and their checks: scenario.ts.
 */
import { describeUpgrade, type Declared } from "./scenario";
import { REGISTRATION_FIELDS, UserProjectForm } from "./userProjectForm";

/** index.ts declaring each mapping with the registration's three fields, as the README's program does. */
function program(declared: Declared): string {
    const mappings = Object.entries(declared).map(
        ([name, m]) =>
            `new CustomerSubscriptionMapping(${JSON.stringify(name)}, ` +
            `{ ...registration, customerSubscriptionId: "${m.customerSubscriptionId}", tenantId: "${m.tenantId}" });`,
    );
    return [
        'import { CustomerSubscriptionMapping } from "@azurestack-csp/tenant-mappings";',
        "",
        `const registration = ${JSON.stringify(REGISTRATION_FIELDS, null, 4)};`,
        ...mappings,
    ].join("\n");
}

describeUpgrade(
    new UserProjectForm({
        title: "the dynamic resource in a user's TypeScript project, installed from release tarballs with npm",
        storedLifecycle: "lifecycle",
        resourceName: (mapping) => mapping,
        files: (declared) => ({ "Pulumi.yaml": "name: contoso-mappings\nruntime: nodejs", "index.ts": program(declared) }),
    }),
);
