/**
 * The provider plugin in a YAML program (docs/plugin.md's Pulumi.yaml: the plugin from the installed package's
 * bin/), installed from release tarballs with npm (userProjectForm.ts); the steps and their checks: scenario.ts.
 * The plugin's resources store no code in state: what runs is the plugin the package in node_modules holds.
 */
import { stringify as stringifyYaml } from "yaml";
import { describeUpgrade, type Declared } from "./scenario";
import { REGISTRATION_FIELDS, UserProjectForm } from "./userProjectForm";

/** Pulumi.yaml declaring each mapping as a plugin resource. */
function pulumiYaml(declared: Declared): string {
    return stringifyYaml({
        name: "contoso-mappings",
        runtime: "yaml",
        plugins: { providers: [{ name: "azurestack-tenant-mappings", path: "./node_modules/@azurestack-csp/tenant-mappings/bin" }] },
        resources: Object.fromEntries(
            Object.entries(declared).map(([name, m]) => [
                name,
                { type: "azurestack-tenant-mappings:CustomerSubscriptionMapping", properties: { ...REGISTRATION_FIELDS, ...m } },
            ]),
        ),
    });
}

describeUpgrade(
    new UserProjectForm({
        title: "the provider plugin in a YAML program, installed from release tarballs with npm",
        resourceName: (mapping) => mapping,
        files: (declared) => ({ "Pulumi.yaml": pulumiYaml(declared) }),
    }),
);
