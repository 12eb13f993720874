/**
 * The provider plugin as a YAML or Python user gets it: `npm pack` of this repository (the release artifact),
 * installed into a project directory outside the repository with the README's command, the README's programs
 * and commands run verbatim with the plain `pulumi` CLI and the YAML and Python language hosts
 * (scripts/ensure-language-hosts.sh), against the emulator: preview, up, the drift check, an update and
 * destroy; `pulumi import` and the `import` option; and a stack moved between the dynamic resource and the
 * plugin resource, both ways, without a write.
 */
import { expect } from "chai";
import { copyFileSync } from "node:fs";
import * as path from "node:path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { startEmulator, type EmulatorSeed, type RunningEmulator } from "../../emulator";
import { approvedRegistration, PARTNER } from "../support/fixtures";
import { sharedPack } from "../support/sharedPack";
import { readmePluginProject, readmeProject, type ReadmePluginProject } from "../user/readme";
import { UserProject } from "../user/userProject";

const MAPPING = "azurestack-tenant-mappings:index:CustomerSubscriptionMapping";
const OTHER_TENANT = "70000002-0000-4000-8000-000000000002";
const HAND_MADE = [1, 2, 3].map((n) => ({
    sub: `c00000a${n}-0000-4000-8000-00000000000${n}`,
    tenant: `700000a${n}-0000-4000-8000-00000000000${n}`,
}));

describe("the provider plugin from the packed tarball: YAML and Python programs, import, moving a stack", function () {
    this.timeout(30 * 60_000);
    let readme: ReadmePluginProject;
    let program: Record<string, string>;
    let emulator: RunningEmulator;
    let tarballPath: string;
    const projects: UserProject[] = [];

    before(async () => {
        readme = readmePluginProject();
        program = parseYaml(readme.pulumiYaml).resources["contoso-east"].properties;
        emulator = await startEmulator({ seed: seedFor(program) });
        // The run's one pack of the working tree (in a copy: its prepare build would rewrite dist/ under the groups beside this one).
        tarballPath = await sharedPack({ name: "release" });
        expect(readme.install).to.include(`./${path.basename(tarballPath)}`);
    });
    after(async () => {
        for (const project of projects) project.dispose();
        await emulator?.stop();
    });

    const registration = () => ({
        subscriptionId: program.registrationSubscriptionId,
        resourceGroup: program.resourceGroup,
        name: program.registrationName,
    });
    const mappingId = (sub: string) =>
        `/subscriptions/${program.registrationSubscriptionId}/resourceGroups/${program.resourceGroup}` +
        `/providers/Microsoft.AzureStack/registrations/${program.registrationName}/customerSubscriptions/${sub}`;
    const writes = () =>
        emulator
            .requestLog()
            .filter((r) => r.kind === "arm" && r.method !== "GET")
            .map((r) => `${r.method} ${r.path.split("/").pop()}`);
    const tenantOf = (sub: string) => emulator.state.mapping(registration(), sub)?.tenantId;

    /**
     * A project outside the repository with the package installed by the README's command: run verbatim once per
     * `npm test` run, by the first project to get there (here, or the user suite's, whose README command is the
     * same); the others get a copy of what it installed (the same command in an empty directory installs the
     * same files).
     */
    async function installed(label: string, azureEnv: Record<string, string> = emulator.clientEnv()): Promise<UserProject> {
        const project = new UserProject(label, [], azureEnv);
        projects.push(project);
        copyFileSync(tarballPath, path.join(project.dir, path.basename(tarballPath)));
        await step(project, () => project.installOncePerRun(readme.install, [tarballPath]));
        return project;
    }

    /** Runs `body`; on failure the error carries every command the project ran and what it printed. */
    async function step<T>(project: UserProject, body: () => Promise<T>): Promise<T> {
        try {
            return await body();
        } catch (error) {
            (error as Error).message += `\n--- the project's commands ---\n${project.transcript}`;
            throw error;
        }
    }

    /** preview, up, the drift check, an update of the tenant, destroy: the everyday life of a mapping. */
    async function everyday(project: UserProject, run: (command: string) => Promise<string>, retarget: () => void): Promise<void> {
        const sub = program.customerSubscriptionId;
        await run("pulumi stack init dev");
        emulator.clearRequestLog();
        expect(await run("pulumi preview")).to.match(/\+ .*contoso-east/);
        expect(writes(), "preview writes nothing").to.deep.equal([]);
        await run("pulumi up --yes");
        expect(writes()).to.deep.equal([`PUT ${sub}`]);
        expect(tenantOf(sub)).to.equal(program.tenantId);
        emulator.clearRequestLog();
        await run("pulumi preview --refresh --expect-no-changes");
        expect(writes()).to.deep.equal([]);
        retarget();
        emulator.clearRequestLog();
        expect(await run("pulumi preview --diff")).to.match(/~ tenantId: "70000001-0000-4000-8000-000000000001" => "70000002-/);
        await run("pulumi up --yes");
        expect(writes()).to.deep.equal([`PUT ${sub}`]);
        expect(tenantOf(sub)).to.equal(OTHER_TENANT);
        emulator.clearRequestLog();
        await run("pulumi destroy --yes");
        expect(writes()).to.deep.equal([`DELETE ${sub}`]);
        expect(tenantOf(sub)).to.equal(undefined);
    }

    it("YAML: the README's program, with preview, up, the drift check, an update, the listing function and destroy", async () => {
        const project = await installed("yaml");
        await step(project, async () => {
            project.write("Pulumi.yaml", readme.pulumiYaml);
            await everyday(
                project,
                (command) => project.ok(command),
                () => {
                    const retargeted = parseYaml(readme.pulumiYaml);
                    retargeted.resources["contoso-east"].properties.tenantId = OTHER_TENANT;
                    retargeted.variables = {
                        listed: {
                            "fn::invoke": {
                                function: "azurestack-tenant-mappings:listCustomerSubscriptionMappings",
                                arguments: { registrationId: mappingId("x").replace(/\/customerSubscriptions\/x$/, "") },
                                return: "mappings",
                            },
                        },
                    };
                    retargeted.outputs = { listed: "${listed}" };
                    project.write("Pulumi.yaml", stringifyYaml(retargeted));
                },
            );
        });
    });

    it("Python: the README's virtual environment and program, with preview, up, the drift check, an update and destroy", async () => {
        const project = await installed("python");
        await step(project, async () => {
            project.write("Pulumi.yaml", readme.pulumiYaml.replace("runtime: yaml", "runtime: python").replace(/^resources:[\s\S]*$/m, ""));
            project.write("__main__.py", readme.mainPy);
            for (const line of readme.pythonSetup) await project.ok(`source venv/bin/activate 2>/dev/null; ${line}`, "install");
            const activated = (command: string) => project.ok(`source venv/bin/activate && ${command}`);
            await everyday(project, activated, () => project.write("__main__.py", readme.mainPy.replace(program.tenantId, OTHER_TENANT)));
        });
    });

    it("signs in with the credentials of its config keys; the client secret set with --secret stays out of state", async () => {
        const { AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_TENANT_ID, ...endpoints } = emulator.clientEnv();
        const project = await installed("secrets", endpoints);
        await step(project, async () => {
            const yaml = parseYaml(readme.pulumiYaml);
            yaml.resources["contoso-east"].properties.customerSubscriptionId = HAND_MADE[2].sub;
            yaml.resources["contoso-east"].properties.tenantId = HAND_MADE[2].tenant;
            project.write("Pulumi.yaml", stringifyYaml(yaml));
            await project.ok("pulumi stack init dev");
            await project.ok(`pulumi config set azurestack-tenant-mappings:clientId ${AZURE_CLIENT_ID}`);
            await project.ok(`pulumi config set azurestack-tenant-mappings:tenantId ${AZURE_TENANT_ID}`);
            await project.ok(`pulumi config set --secret azurestack-tenant-mappings:clientSecret ${AZURE_CLIENT_SECRET}`);
            const up = await project.ok("pulumi up --yes");
            expect(tenantOf(HAND_MADE[2].sub)).to.equal(HAND_MADE[2].tenant);
            const state = JSON.parse(await project.ok("pulumi stack export"));
            const provider = state.deployment.resources.find(
                (r: { type: string }) => r.type === "pulumi:providers:azurestack-tenant-mappings",
            );
            expect(provider.inputs.clientId).to.equal(AZURE_CLIENT_ID);
            expect(provider.inputs.clientSecret).to.have.property("ciphertext");
            expect(JSON.stringify(state) + up).to.not.include(AZURE_CLIENT_SECRET);
            await project.ok("pulumi destroy --yes");
        });
    });

    it("pulumi import by the ARM id (YAML writes the program), the import option, and then no changes; no write", async () => {
        const project = await installed("import");
        await step(project, async () => {
            for (const { sub, tenant } of HAND_MADE) await emulator.state.putMapping(registration(), sub, tenant);
            const yaml = parseYaml(readme.pulumiYaml);
            delete yaml.resources;
            project.write("Pulumi.yaml", stringifyYaml(yaml));
            await project.ok("pulumi stack init dev");
            emulator.clearRequestLog();
            const command = readme.importCommand.replace("<name>", "hand-made").replace("<ARM id>", mappingId(HAND_MADE[0].sub));
            await project.ok(`${command} --yes --out imported.yaml`);
            const imported = parseYaml(project.read("imported.yaml")).resources["hand-made"];
            expect(imported.properties).to.deep.equal({
                registrationId: mappingId("x").replace(/\/customerSubscriptions\/x$/, ""),
                customerSubscriptionId: HAND_MADE[0].sub,
                tenantId: HAND_MADE[0].tenant,
            });
            // The user copies the generated resource into the program; the import option brings in the second.
            yaml.resources = {
                "hand-made": imported,
                second: {
                    type: "azurestack-tenant-mappings:CustomerSubscriptionMapping",
                    properties: { ...imported.properties, customerSubscriptionId: HAND_MADE[1].sub, tenantId: HAND_MADE[1].tenant },
                    options: { import: mappingId(HAND_MADE[1].sub) },
                },
            };
            project.write("Pulumi.yaml", stringifyYaml(yaml));
            expect(await project.ok("pulumi up --yes")).to.match(/= .*second.*import/);
            await project.ok("pulumi preview --refresh --expect-no-changes");
            expect(writes(), "importing reads only").to.deep.equal([]);
            // A Node.js or Python project: their language hosts (v3.68.0) generate no code, so import needs
            // --generate-code=false (docs/plugin.md).
            project.write("Pulumi.yaml", stringifyYaml({ ...yaml, runtime: "python", resources: undefined }));
            await project.ok("pulumi stack init python");
            const third = readme.importCommand.replace("<name>", "third").replace("<ARM id>", mappingId(HAND_MADE[2].sub));
            const refused = await project.sh(`${third} --yes`);
            expect(refused.code).to.not.equal(0);
            expect(refused.stderr + refused.stdout).to.include("GenerateProgram not implemented");
            await project.ok("pulumi stack rm --yes --force python");
            await project.ok("pulumi stack init python");
            await project.ok(`${third} --yes --generate-code=false`);
            expect(await project.ok("pulumi stack --show-urns")).to.include(`${MAPPING}::third`);
            expect(writes()).to.deep.equal([]);
        });
    });

    it("moves a stack from the dynamic resource to the plugin resource and back without a write", async () => {
        const project = await installed("move");
        const typescript = readmeProject();
        await step(project, async () => {
            const plugins = stringifyYaml({ plugins: parseYaml(readme.pulumiYaml).plugins });
            const dynamicProject = `${typescript.pulumiYaml.trimEnd()}\n${plugins}`;
            project.write("Pulumi.yaml", dynamicProject);
            project.write("index.ts", typescript.indexTs);
            await project.ok("pulumi stack init dev");
            await project.ok("pulumi up --yes");
            const sub = program.customerSubscriptionId;
            expect(tenantOf(sub)).to.equal(program.tenantId);
            const urn = (type: string) => `urn:pulumi:dev::contoso-mappings::${type}::contoso-east`;

            emulator.clearRequestLog();
            await project.ok(`pulumi state delete '${urn("pulumi-nodejs:dynamic/azurestack:CustomerSubscriptionMapping")}' --yes`);
            project.write("Pulumi.yaml", readme.pulumiYaml);
            expect(await project.ok("pulumi up --yes")).to.match(/adopt/i);
            await project.ok("pulumi preview --refresh --expect-no-changes");
            expect(writes(), "to the plugin: adopted").to.deep.equal([]);

            await project.ok(`pulumi state delete '${urn(MAPPING)}' --yes`);
            project.write("Pulumi.yaml", dynamicProject);
            expect(await project.ok("pulumi up --yes")).to.match(/adopt/i);
            await project.ok("pulumi preview --refresh --expect-no-changes");
            expect(writes(), "and back: adopted").to.deep.equal([]);
            expect(tenantOf(sub)).to.equal(program.tenantId);
        });
    });
});

/** The README's registration, approved for CSP billing, with the customer subscriptions the suite maps. */
function seedFor(program: Record<string, string>): EmulatorSeed {
    const { registrationSubscriptionId: subscriptionId, resourceGroup, registrationName, customerSubscriptionId, tenantId } = program;
    const customers = [{ sub: customerSubscriptionId, tenant: tenantId }, ...HAND_MADE];
    return {
        registrations: [approvedRegistration(registrationName, { subscriptionId, resourceGroup })],
        customerSubscriptions: customers.map(({ sub, tenant }) => ({ id: sub, tenantId: tenant, cspPartner: PARTNER, isCsp: true })),
    } as EmulatorSeed;
}
