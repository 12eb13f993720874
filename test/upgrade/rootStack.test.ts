/**
 * The root stack (the repository's Pulumi.yaml): a CSP's clone of the previous release (its committed files
 * at the release's commit, outside this repository), set up as docs/operations.md says (`npm ci`,
 * `npm run build`; once per machine, previousReleaseSetUp) and deployed with its stack config in
 * Pulumi.prod.yaml, in a directory of its own that links the set-up's files; then the same stack, config file
 * and backend in a copy of this working tree at currentVersion() (with this clone's build and dependencies,
 * which `npm ci` and `npm run build` would make again), as after pulling the new release. The steps and their
 * checks: scenario.ts.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { CliProject, rootStackConfig } from "../support/cliProject";
import type { StackData } from "../support/engineStack";
import { registrationId } from "../support/fixtures";
import { cacheDir } from "../user/userProject";
import { runnableWorkingTreeCopy } from "../support/workingTree";
import { previousReleaseSetUp, setCurrentVersion } from "./previousRelease";
import { describeUpgrade, UPGRADE_REGISTRATION, type Declared } from "./scenario";

const STACK = "prod";

/** The root stack's config: one registration ("east"), each declared mapping a tenant on it. */
function stackConfig(declared: Declared): Record<string, unknown> {
    const data: StackData = {
        registrations: { east: { registrationId: registrationId(UPGRADE_REGISTRATION.name) } },
        tenants: Object.fromEntries(Object.entries(declared).map(([name, m]) => [name, { ...m, stamps: ["east"] }])),
    };
    return rootStackConfig(data);
}

class RootStackForm {
    readonly title = "the root stack, a clone of the release set up with npm ci and npm run build, then this working tree";
    readonly storedLifecycle = "lifecycle";
    private checkout?: string;
    private upgraded?: string;
    private previous?: CliProject;
    private current?: CliProject;
    private azureEnv: Record<string, string> = {};

    resourceName(mapping: string): string {
        return `${mapping}@east`;
    }

    private get project(): CliProject {
        return (this.current ?? this.previous)!;
    }

    async setUp(emulator: RunningEmulator, declared: Declared): Promise<void> {
        const setUp = await previousReleaseSetUp({
            ...process.env,
            npm_config_cache: path.join(cacheDir(), "npm"),
            npm_config_audit: "false",
            npm_config_fund: "false",
            npm_config_update_notifier: "false",
        });
        // The clone lives outside this repository, so nothing in it resolves to this checkout's node_modules.
        this.checkout = mkdtempSync(path.join(tmpdir(), "azs-upgrade-root-"));
        for (const entry of readdirSync(setUp)) symlinkSync(path.join(setUp, entry), path.join(this.checkout, entry));
        this.azureEnv = emulator.clientEnv();
        this.previous = new CliProject(this.checkout, CliProject.workDir("upgrade-root"), this.azureEnv);
        await this.previous.initStack(STACK, stackConfig(declared));
    }

    async upgrade(): Promise<void> {
        const previous = this.previous!;
        this.upgraded = mkdtempSync(path.join(tmpdir(), "azs-upgrade-root-current-"));
        runnableWorkingTreeCopy(this.upgraded);
        setCurrentVersion(this.upgraded);
        this.current = new CliProject(this.upgraded, previous.workDir, this.azureEnv);
        copyFileSync(previous.stackConfigFile(STACK), this.current.stackConfigFile(STACK));
    }

    async declare(declared: Declared): Promise<void> {
        this.project.setConfig(STACK, stackConfig(declared));
    }

    pulumi(args: string[]) {
        return this.project.pulumi([...args, "--stack", STACK]);
    }

    transcript(): string {
        return (this.previous?.output ?? "") + (this.current?.output ?? "");
    }

    async dispose(): Promise<void> {
        this.previous?.dispose();
        for (const dir of [this.checkout, this.upgraded]) if (dir) rmSync(dir, { recursive: true, force: true });
    }
}

describeUpgrade(new RootStackForm());
