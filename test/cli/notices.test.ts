/**
 * Lines for the person running Pulumi sit on the mapping's own row, led by what a person recognises: with the
 * plain CLI, the adoption notice of a mapping that already exists is printed under that mapping's resource in
 * the preview's diagnostics (the engine's Log with the resource's URN), not under the stack, starts with the
 * registration's name and ends with the ARM id; and it is in the user's language.
 */
import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { CliProject, rootStackConfig } from "../support/cliProject";
import { EXISTING_SUB, EXISTING_TENANT, providerSuiteSeed, registrationId, STAMP1 } from "../support/fixtures";

/** The preview's "Diagnostics:" section, by the resource each block is under. */
function diagnosticsByResource(output: string): Map<string, string> {
    const start = output.indexOf("Diagnostics:");
    const end = Math.min(...["\nOutputs:", "\nResources:"].map((h) => output.indexOf(h, start)).filter((i) => i > 0));
    const section = output.slice(start, end);
    const blocks = new Map<string, string>();
    for (const block of section.split(/\n(?=  \S)/).slice(1)) {
        const [header, ...lines] = block.split("\n");
        blocks.set(header.trim(), lines.join("\n"));
    }
    return blocks;
}

describe("notices on the mapping's own row, with the plain CLI", function () {
    this.timeout(10 * 60_000);
    let emulator: RunningEmulator;
    let project: CliProject | undefined;
    const id = `${registrationId(STAMP1)}/customerSubscriptions/${EXISTING_SUB}`;

    before(async () => {
        emulator = await startEmulator({ seed: providerSuiteSeed() });
        project = CliProject.rootProject("notices", emulator.clientEnv());
        await project.initStack("e2e", {
            ...rootStackConfig({
                registrations: { west: { registrationId: registrationId(STAMP1) } },
                tenants: { contoso: { tenantId: EXISTING_TENANT, customerSubscriptionId: EXISTING_SUB, stamps: ["west"] } },
            }),
        });
    });
    after(async () => {
        project?.dispose();
        await emulator?.stop();
    });

    it("pulumi preview prints the adoption notice under contoso@west, led by the registration, the ARM id last", async () => {
        const output = await project!.pulumiOk(["preview", "--stack", "e2e"]);
        const blocks = diagnosticsByResource(output);
        const row = [...blocks.keys()].find((header) => header.endsWith("(contoso@west):"));
        expect(row, output).to.match(/^pulumi-nodejs:dynamic\/azurestack:CustomerSubscriptionMapping \(contoso@west\):$/);
        expect(blocks.get(row!)!.trim()).to.equal(
            `${STAMP1}: customer subscription ${EXISTING_SUB} already maps tenant ${EXISTING_TENANT}; ` +
                `\`pulumi up\` adopts it into this stack without writing to Azure. (${id})`,
        );
        const stackBlock = [...blocks.entries()].find(([header]) => header.startsWith("pulumi:pulumi:Stack"));
        expect(stackBlock?.[1] ?? "", "nothing about the mapping under the stack").to.not.include(EXISTING_SUB);
    });

    it("in the user's language (AZURESTACK_MAPPINGS_LOCALE=fr-FR)", async () => {
        const output = await project!.pulumiOk(["preview", "--stack", "e2e"], { AZURESTACK_MAPPINGS_LOCALE: "fr-FR" });
        const row = [...diagnosticsByResource(output).entries()].find(([header]) => header.endsWith("(contoso@west):"));
        expect(row?.[1], output).to.include(
            `${STAMP1} : l’abonnement client ${EXISTING_SUB} est déjà mappé au locataire ${EXISTING_TENANT}`,
        );
    });
});
