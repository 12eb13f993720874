/**
 * A form of the product in a user's own project (test/user/'s kind of project: a directory outside this
 * repository, npm, the plain `pulumi` CLI): the previous release installed from its release tarball, as the
 * README's tarball command does, then upgraded by installing the working tree's packed tarball the same way.
 * The form's program (its files, from the declared mappings) is all that differs between the dynamic resource,
 * the set and the plugin in a YAML program. The steps and their checks: scenario.ts.
 */
import { expect } from "chai";
import { copyFileSync } from "node:fs";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { pinnedPulumiVersion } from "../../runner/engine";
import { UserProject } from "../user/userProject";
import { currentVersion, packCurrent, previousRelease, previousReleaseTarball } from "./previousRelease";
import { UPGRADE_REGISTRATION, type Declared, type UpgradeForm } from "./scenario";

/** The registration's three fields, as the README's programs name it. */
export const REGISTRATION_FIELDS = {
    registrationSubscriptionId: UPGRADE_REGISTRATION.subscriptionId,
    resourceGroup: UPGRADE_REGISTRATION.resourceGroup,
    registrationName: UPGRADE_REGISTRATION.name,
};

export interface UserProgram {
    readonly title: string;
    readonly storedLifecycle?: string;
    resourceName(mapping: string): string;
    /** The project's files (Pulumi.yaml and the program) declaring `declared`: file name -> content. */
    files(declared: Declared): Record<string, string>;
}

export class UserProjectForm implements UpgradeForm {
    private project?: UserProject;

    constructor(private readonly program: UserProgram) {}

    get title(): string {
        return this.program.title;
    }

    get storedLifecycle(): string | undefined {
        return this.program.storedLifecycle;
    }

    resourceName(mapping: string): string {
        return this.program.resourceName(mapping);
    }

    async setUp(emulator: RunningEmulator, declared: Declared): Promise<void> {
        const project = (this.project = new UserProject("upgrade", [], emulator.clientEnv()));
        await this.declare(declared);
        const tarball = previousReleaseTarball();
        copyFileSync(tarball, path.join(project.dir, path.basename(tarball)));
        // The README's tarball command, run once per test run by the first form to get here; the other forms'
        // projects get a copy of what it installed, as the same command would install the same files.
        await project.installOncePerRun(`npm install ./${path.basename(tarball)} @pulumi/pulumi@${pinnedPulumiVersion()}`, [tarball]);
        expect(this.installedVersion()).to.equal(previousRelease().version);
        await project.ok("pulumi stack init dev");
    }

    async upgrade(): Promise<void> {
        const project = this.project!;
        const tarball = await packCurrent();
        copyFileSync(tarball, path.join(project.dir, path.basename(tarball)));
        await project.ok(`npm install ./${path.basename(tarball)}`, "install");
        expect(JSON.parse(project.read("package.json")).dependencies["@azurestack-csp/tenant-mappings"]).to.match(/^file:.*\.tgz$/);
        expect(this.installedVersion()).to.equal(currentVersion());
    }

    async declare(declared: Declared): Promise<void> {
        for (const [file, content] of Object.entries(this.program.files(declared))) this.project!.write(file, content);
    }

    pulumi(args: string[]) {
        return this.project!.sh(["pulumi", ...args].join(" "));
    }

    transcript(): string {
        return this.project?.transcript ?? "";
    }

    async dispose(): Promise<void> {
        this.project?.dispose();
    }

    private installedVersion(): string {
        return JSON.parse(this.project!.read("node_modules/@azurestack-csp/tenant-mappings/package.json")).version;
    }
}
