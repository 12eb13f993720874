/**
 * The dynamic resource in a user's own TypeScript project (test/user/'s kind of project: a directory outside
 * this repository, npm, the plain `pulumi` CLI): the previous release installed from its release tarball,
 * as the README's tarball command does, then upgraded by installing the working tree's packed tarball the
 * same way. The steps and their checks: scenario.ts.
 */
import { expect } from "chai";
import { copyFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { pinnedPulumiVersion } from "../../runner/engine";
import { scratchDir, UserProject } from "../user/userProject";
import { currentVersion, packCurrent, previousRelease, previousReleaseTarball } from "./previousRelease";
import { describeUpgrade, UPGRADE_REGISTRATION, type Declared } from "./scenario";

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
        "const registration = {",
        `    registrationSubscriptionId: "${UPGRADE_REGISTRATION.subscriptionId}",`,
        `    resourceGroup: "${UPGRADE_REGISTRATION.resourceGroup}",`,
        `    registrationName: "${UPGRADE_REGISTRATION.name}",`,
        "};",
        ...mappings,
    ].join("\n");
}

class UserProjectForm {
    readonly title = "the dynamic resource in a user's TypeScript project, installed from release tarballs with npm";
    private project?: UserProject;
    private packDir?: string;

    resourceName(mapping: string): string {
        return mapping;
    }

    async setUp(emulator: RunningEmulator, declared: Declared): Promise<void> {
        this.project = new UserProject("upgrade", [], emulator.clientEnv());
        this.project.write("Pulumi.yaml", "name: contoso-mappings\nruntime: nodejs");
        this.project.write("index.ts", program(declared));
        const tarball = previousReleaseTarball();
        copyFileSync(tarball, path.join(this.project.dir, path.basename(tarball)));
        await this.project.ok(`npm install ./${path.basename(tarball)} @pulumi/pulumi@${pinnedPulumiVersion()}`, "install");
        expect(JSON.parse(this.project.read("node_modules/@azurestack-csp/tenant-mappings/package.json")).version).to.equal(
            previousRelease().version,
        );
        await this.project.ok("pulumi stack init dev");
    }

    async upgrade(): Promise<void> {
        const project = this.project!;
        this.packDir = scratchDir("upgrade-pack");
        const tarball = await packCurrent(this.packDir);
        copyFileSync(tarball, path.join(project.dir, path.basename(tarball)));
        await project.ok(`npm install ./${path.basename(tarball)}`, "install");
        expect(JSON.parse(project.read("package.json")).dependencies["@azurestack-csp/tenant-mappings"]).to.match(/^file:.*\.tgz$/);
        expect(JSON.parse(project.read("node_modules/@azurestack-csp/tenant-mappings/package.json")).version).to.equal(currentVersion());
    }

    async declare(declared: Declared): Promise<void> {
        this.project!.write("index.ts", program(declared));
    }

    pulumi(args: string[]) {
        return this.project!.sh(["pulumi", ...args].join(" "));
    }

    transcript(): string {
        return this.project?.transcript ?? "";
    }

    async dispose(): Promise<void> {
        this.project?.dispose();
        if (this.packDir) rmSync(this.packDir, { recursive: true, force: true });
    }
}

describeUpgrade(new UserProjectForm());
