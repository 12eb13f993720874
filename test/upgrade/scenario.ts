/**
 * The upgrade every form of the product must survive, as Pulumi's providertest upgrade tests do it: a stack
 * made by the previous release, then previewed, refreshed, updated and destroyed by the working tree's
 * version, with the plain `pulumi` CLI against the emulator. Each form (the dynamic resource in a user's
 * project, the root stack, the set resource, the provider plugin in a YAML program) says how its user installs,
 * declares and upgrades (UpgradeForm); the steps and what they must show are the same for all:
 *
 * - the previous release creates the mappings, one PUT each, every request naming it in its User-Agent;
 * - with the current version installed, `pulumi preview` plans no change and writes nothing;
 * - `pulumi preview --refresh --expect-no-changes` finds no drift, and its reads name the installed version;
 *   in the dynamic forms they are made through the `__provider` the previous release stored in state: the
 *   stored code only loads the installed lifecycle, it never runs one of its own;
 * - re-pointing one tenant is one PUT of that mapping, nothing else;
 * - `pulumi destroy` deletes every mapping, also those whose stored provider is still the previous release's,
 *   again through the installed version.
 * The `up`s run with `--skip-preview`: each is checked for its update (writes, User-Agent, state), the preview
 * with the new version is a step of its own, and the preview inside `up` is half of its CPU.
 */
import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator";
import type { CommandResult } from "../support/processes";
import { C, providerSuiteSeed, RG, REGISTRATION_SUBSCRIPTION, STAMP2, T } from "../support/fixtures";
import { currentVersion, previousRelease } from "./previousRelease";

/** The mappings a stack declares on the upgrade registration: mapping name -> customer subscription and tenant. */
export type Declared = Record<string, { customerSubscriptionId: string; tenantId: string }>;

/** The registration every form declares its mappings on: empty in the seed, approved for multi-tenancy. */
export const UPGRADE_REGISTRATION = { subscriptionId: REGISTRATION_SUBSCRIPTION, resourceGroup: RG, name: STAMP2 };

export interface UpgradeForm {
    /** How its user holds this form, for the suite's title. */
    readonly title: string;
    /** The name of the resource that holds a declared mapping, e.g. `contoso`, in the root stack `contoso@east`, or a set's name. */
    resourceName(mapping: string): string;
    /**
     * The module of the package each resource's serialized provider loads (`lifecycle`, `set-lifecycle`), or
     * undefined for the plugin, whose resources store no code in state.
     */
    readonly storedLifecycle?: string;
    /** A project with the previous release installed and a stack declaring `declared`, using the emulator's environment. */
    setUp(emulator: RunningEmulator, declared: Declared): Promise<void>;
    /** Installs the working tree's version in place of the previous release, as its user upgrades. */
    upgrade(): Promise<void>;
    /** The user's change: the stack now declares `declared`. */
    declare(declared: Declared): Promise<void>;
    /** `pulumi <args>` on the stack with whichever version is installed; never throws. */
    pulumi(args: string[]): Promise<CommandResult>;
    /** Everything the commands printed so far, for failure messages. */
    transcript(): string;
    dispose(): Promise<void>;
}

const DECLARED: Declared = {
    contoso: { customerSubscriptionId: C(1), tenantId: T(1) },
    fabrikam: { customerSubscriptionId: C(2), tenantId: T(2) },
    adatum: { customerSubscriptionId: C(3), tenantId: T(3) },
};
const REPOINTED: Declared = { ...DECLARED, fabrikam: { customerSubscriptionId: C(2), tenantId: T(4) } };

/** Each mapping's serialized provider as the stack's state holds it, by resource name: its inputs' and its outputs' copy. */
type StoredProviders = Record<string, { inputs: string; outputs: string }>;

export function describeUpgrade(form: UpgradeForm): void {
    const previous = previousRelease();
    const current = currentVersion();

    describe(`Upgrade from ${previous.tag}: ${form.title}`, function () {
        this.timeout(20 * 60_000);
        let emulator: RunningEmulator;
        let storedByPrevious: StoredProviders;

        const armRequests = () => emulator.requestLog().filter((r) => r.kind === "arm");
        const writes = () =>
            armRequests()
                .filter((r) => r.method !== "GET")
                .map((r) => `${r.method} ${r.path.split("/").pop()}`)
                .sort();
        /** The package versions the ARM requests' User-Agents name, once each. */
        const senders = () => [
            ...new Set(armRequests().map((r) => /^azurestack-tenant-mappings\/(\S+) /.exec(r.userAgent ?? "")?.[1] ?? r.userAgent)),
        ];
        const inAzure = () =>
            emulator.state
                .mappings(UPGRADE_REGISTRATION)
                .map((m) => `${m.subscriptionId}=${m.tenantId}`)
                .sort();
        const expected = (declared: Declared) =>
            Object.values(declared)
                .map((m) => `${m.customerSubscriptionId}=${m.tenantId}`)
                .sort();

        async function pulumiOk(args: string[]): Promise<string> {
            const result = await form.pulumi(args);
            expect(result.code, `pulumi ${args.join(" ")} exited with ${result.code}:\n${result.stdout}\n${result.stderr}`).to.equal(0);
            return result.stdout;
        }

        async function storedProviders(): Promise<StoredProviders> {
            const deployment = JSON.parse(await pulumiOk(["stack", "export"])).deployment;
            // Dynamic resources: the ones whose state holds a serialized provider.
            const mappings = (deployment.resources ?? []).filter(
                (r: { outputs?: { __provider?: string } }) => r.outputs?.__provider !== undefined,
            );
            return Object.fromEntries(
                mappings.map((r: { urn: string; inputs: Record<string, string>; outputs: Record<string, string> }) => [
                    r.urn.split("::").pop(),
                    { inputs: r.inputs.__provider, outputs: r.outputs.__provider },
                ]),
            );
        }

        /** Runs a step; on failure its error carries what the commands printed. */
        const step = (title: string, body: () => Promise<void>) =>
            it(title, async () => {
                try {
                    await body();
                } catch (error) {
                    (error as Error).message += `\n--- what the commands printed ---\n${form.transcript()}`;
                    throw error;
                }
            });

        /** The engine resources the declared mappings are held by, and the stack. */
        const resourceCount = () => new Set(Object.keys(DECLARED).map((name) => form.resourceName(name))).size + 1;

        before(async () => {
            expect(current, "the version installed as the new release is not the previous release's").to.not.equal(previous.version);
            emulator = await startEmulator({ seed: providerSuiteSeed(5) });
            await form.setUp(emulator, DECLARED);
        });
        after(async () => {
            await form.dispose();
            await emulator?.stop();
        });

        step(
            `${previous.version} creates the mappings, one PUT each; ` +
                (form.storedLifecycle ? "each stored provider only loads the lifecycle by package name" : "state holds no provider code"),
            async () => {
                emulator.clearRequestLog();
                const up = await pulumiOk(["up", "--yes", "--skip-preview"]);
                expect(up).to.match(new RegExp(`\\+ ${resourceCount()} created`));
                expect(writes()).to.deep.equal([`PUT ${C(1)}`, `PUT ${C(2)}`, `PUT ${C(3)}`]);
                expect(senders()).to.deep.equal([previous.version]);
                expect(inAzure()).to.deep.equal(expected(DECLARED));

                storedByPrevious = await storedProviders();
                if (!form.storedLifecycle) {
                    expect(storedByPrevious).to.deep.equal({});
                    return;
                }
                expect(Object.keys(storedByPrevious).sort()).to.deep.equal(
                    [...new Set(Object.keys(DECLARED).map((name) => form.resourceName(name)))].sort(),
                );
                for (const [name, stored] of Object.entries(storedByPrevious)) {
                    for (const code of [stored.inputs, stored.outputs]) {
                        expect(code, name).to.include(`require("@azurestack-csp/tenant-mappings/${form.storedLifecycle}")`);
                        // The shim alone: no ARM path, no request code of its own that could outlive the package version.
                        expect(code, name).to.not.match(/customerSubscriptions|axios|https?:\/\//);
                    }
                }
            },
        );

        step(`with ${current} installed, \`pulumi preview\` plans no change and writes nothing`, async () => {
            await form.upgrade();
            emulator.clearRequestLog();
            const preview = await pulumiOk(["preview"]);
            expect(preview).to.match(new RegExp(`${resourceCount()} unchanged`));
            expect(preview).to.not.match(/to (create|update|delete|replace)/);
            expect(writes()).to.deep.equal([]);
            expect(senders()).to.not.include(previous.version);
        });

        step(
            `\`pulumi preview --refresh --expect-no-changes\` finds no drift; the reads ` +
                (form.storedLifecycle ? `through ${previous.version}'s stored provider ` : "") +
                `are made by ${current}`,
            async () => {
                expect(await storedProviders(), "the state still holds the providers the previous release stored").to.deep.equal(
                    storedByPrevious,
                );
                emulator.clearRequestLog();
                await pulumiOk(["preview", "--refresh", "--expect-no-changes"]);
                expect(armRequests().length, "the refresh read Azure").to.be.greaterThan(0);
                expect(writes()).to.deep.equal([]);
                expect(senders()).to.deep.equal([current]);
                expect(await storedProviders()).to.deep.equal(storedByPrevious);
            },
        );

        step("re-pointing one tenant updates that mapping with one PUT and writes nothing else", async () => {
            await form.declare(REPOINTED);
            emulator.clearRequestLog();
            const up = await pulumiOk(["up", "--yes", "--skip-preview"]);
            expect(up)
                .to.match(/~ 1 updated/)
                .and.match(new RegExp(`${resourceCount() - 1} unchanged`));
            expect(writes()).to.deep.equal([`PUT ${C(2)}`]);
            expect(senders()).to.deep.equal([current]);
            expect(inAzure()).to.deep.equal(expected(REPOINTED));
        });

        step(
            `\`pulumi destroy\` deletes every mapping through ${current}, also those whose stored provider ${previous.version} wrote`,
            async () => {
                const stored = await storedProviders();
                // Resources the re-pointing did not update still hold what the previous release stored (none in a set).
                const untouched = Object.keys(storedByPrevious).filter((name) => name !== form.resourceName("fabrikam"));
                for (const name of untouched) expect(stored[name].outputs, name).to.equal(storedByPrevious[name].outputs);
                if (form.storedLifecycle === "lifecycle") expect(untouched).to.have.lengthOf(2);
                emulator.clearRequestLog();
                const destroy = await pulumiOk(["destroy", "--yes"]);
                expect(destroy).to.match(new RegExp(`- ${resourceCount()} deleted`));
                expect(writes()).to.deep.equal([`DELETE ${C(1)}`, `DELETE ${C(2)}`, `DELETE ${C(3)}`]);
                expect(senders()).to.deep.equal([current]);
                expect(inAzure()).to.deep.equal([]);
            },
        );
    });
}
