/**
 * The message language end to end: the real dynamic-provider host, configured as the engine configures it,
 * its process locale, real HTTPS to the emulator, which records the Accept-Language every ARM request carried.
 */
import { expect } from "chai";
import type { RunningEmulator } from "../../emulator";
import { C, CAPACITY, mappingArgs, NON_CSP_SUB, providerSuiteSeed, STAMP2, T } from "../support/fixtures";
import { withFreshHost, type ProviderCallError } from "../support/providerHost";

const MISSING = "azurestack-does-not-exist";
const LOCALE_KEY = "azurestack-tenant-mappings:locale";

const acceptLanguages = (emulator: RunningEmulator) => [
    ...new Set(
        emulator
            .requestLog()
            .filter((r) => r.kind === "arm")
            .map((r) => r.acceptLanguage),
    ),
];

describe("message language through the provider host", function () {
    this.timeout(60_000);

    it("follows the process locale (LANG) and sends it to ARM as Accept-Language", async () => {
        await withFreshHost(
            { emulator: { seed: providerSuiteSeed() }, env: (e) => ({ ...e, LANG: "sv_SE.UTF-8" }) },
            async (emulator, host) => {
                const { failures } = await host.check("missing", {}, mappingArgs(MISSING, C(1), T(1)));
                expect(failures).to.have.length(1);
                expect(failures[0].reason)
                    .to.match(/^RegistrationNotFound: Registreringen ”azurestack-does-not-exist” .* finns inte i Azure\./)
                    .and.include("\nÅtgärd: ")
                    .and.match(/CloudDeploymentID/);
                expect(acceptLanguages(emulator)).to.deep.equal(["sv-SE"]);
            },
        );
    });

    it("explains refused inputs in the same language, before any request", async () => {
        await withFreshHost(
            { emulator: { seed: providerSuiteSeed() }, env: (e) => ({ ...e, LANG: "zh_CN.UTF-8" }) },
            async (emulator, host) => {
                const { failures } = await host.check("braces", {}, mappingArgs(STAMP2, C(1), `{${T(1)}}`));
                expect(failures.map((f) => f.property)).to.deep.equal(["tenantId"]);
                expect(failures[0].reason).to.equal(
                    "tenantId 必须是 GUID，例如 01234567-89ab-cdef-0123-456789abcdef；被大括号或圆括号包围；请删除括号。",
                );
                expect(emulator.requestLog().filter((r) => r.kind === "arm")).to.deep.equal([]);
            },
        );
    });

    it("takes the stack config over AZURESTACK_MAPPINGS_LOCALE and the process locale, for preflight and write errors alike", async () => {
        await withFreshHost(
            {
                emulator: { seed: providerSuiteSeed() },
                env: (e) => ({ ...e, AZURESTACK_MAPPINGS_LOCALE: "zh-CN", LC_ALL: "sv_SE.UTF-8" }),
                config: { [LOCALE_KEY]: "fr-FR" },
            },
            async (emulator, host) => {
                const { failures } = await host.check("capacity", {}, mappingArgs(CAPACITY, C(2), T(2)));
                expect(failures.map((f) => f.reason)).to.have.length(1);
                expect(failures[0].reason)
                    .to.match(/^CustomerSubscriptionsNotAllowed: L’inscription « azurestack-capacity » /)
                    .and.include("\nSolution : ")
                    .and.match(/Réinscrivez .*PayAsYouUse/);

                const { inputs, failures: none } = await host.check("non-csp", {}, mappingArgs(STAMP2, NON_CSP_SUB, T(3)));
                expect(none).to.deep.equal([]);
                const error: ProviderCallError = await host.create("non-csp", inputs).then(
                    () => {
                        throw new Error("expected the create to fail");
                    },
                    (e: ProviderCallError) => e,
                );
                expect(error.message)
                    .to.match(/^InvalidCSPSubscription: L’abonnement client 0c500000-0000-4000-8000-000000000001 n’est pas/)
                    .and.include("faute de frappe")
                    .and.match(/x-ms-request-id [0-9a-f-]{36}/);

                expect(emulator.requestLog().filter((r) => r.kind === "arm" && r.method === "PUT")).to.have.length(1);
                expect(acceptLanguages(emulator)).to.deep.equal(["fr-FR"]);
            },
        );
    });

    it("takes AZURESTACK_MAPPINGS_LOCALE over the process locale", async () => {
        await withFreshHost(
            {
                emulator: { seed: providerSuiteSeed() },
                env: (e) => ({ ...e, AZURESTACK_MAPPINGS_LOCALE: "zh-CN", LANG: "fr_FR.UTF-8" }),
            },
            async (emulator, host) => {
                const { failures } = await host.check("missing", {}, mappingArgs(MISSING, C(4), T(4)));
                expect(failures[0].reason)
                    .to.match(/^RegistrationNotFound: Azure 中不存在注册“azurestack-does-not-exist”/)
                    .and.include("\n解决办法：");
                expect(acceptLanguages(emulator)).to.deep.equal(["zh-CN"]);
            },
        );
    });

    it("speaks English, and asks ARM for English, when the process locale is one it has no messages in", async () => {
        await withFreshHost(
            { emulator: { seed: providerSuiteSeed() }, env: (e) => ({ ...e, LANG: "de_DE.UTF-8" }) },
            async (emulator, host) => {
                const { failures } = await host.check("missing", {}, mappingArgs(MISSING, C(5), T(5)));
                expect(failures[0].reason)
                    .to.match(/^RegistrationNotFound: Azure has no registration 'azurestack-does-not-exist'/)
                    .and.include("\nFix: ");
                expect(acceptLanguages(emulator)).to.deep.equal(["en"]);
            },
        );
    });

    it("refuses a configured locale it has no messages in before any request, naming the setting", async () => {
        await withFreshHost({ emulator: { seed: providerSuiteSeed() }, config: { [LOCALE_KEY]: "se" } }, async (emulator, host) => {
            const error: Error = await host.check("typo", {}, mappingArgs(STAMP2, C(6), T(6))).then(
                () => {
                    throw new Error("expected check to fail");
                },
                (e: Error) => e,
            );
            expect(error.message).to.include("azurestack-tenant-mappings:locale").and.include("'se'").and.include("sv-SE");
            expect(emulator.requestLog()).to.deep.equal([]);
        });
    });
});
