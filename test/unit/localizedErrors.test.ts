import { expect } from "chai";
import {
    AzureStackRegistrationError,
    REGISTRATION_ERROR_CODES,
    refusalError,
    refusalReason,
    type RegistrationErrorCode,
} from "../../provider/errors";
import { LOCALES, matchLocale, type Locale } from "../../provider/messages/locale";
import { MESSAGE_TABLES } from "../../provider/messages";
import { resolveSettings, SettingsError } from "../../provider/settings";

const context = {
    registrationSubscriptionId: "11111111-2222-3333-4444-555555555555",
    resourceGroup: "azurestack",
    registrationName: "azurestack-cloud1",
    customerSubscriptionId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
    tenantId: "99999999-8888-7777-6666-555555555555",
};

type Translated = Exclude<Locale, "en">;
const TRANSLATED: Translated[] = ["zh-CN", "fr-FR", "sv-SE"];

/** What only a text of that language has: its remediation label, and its script or letters. */
const LANGUAGE: Record<Translated, { fixLabel: string; azureSaidLabel: string; script: RegExp }> = {
    "zh-CN": { fixLabel: "\n解决办法：", azureSaidLabel: "\nAzure 返回：", script: /[\u4e00-\u9fff]{4}/ },
    "fr-FR": {
        fixLabel: "\nSolution : ",
        azureSaidLabel: "\nRéponse d’Azure : ",
        script: /(?<!\p{L})(?:et|est|pas|que|qui|du|un|une|le|la|les|des|pour|avec)(?!\p{L})/u,
    },
    "sv-SE": { fixLabel: "\nÅtgärd: ", azureSaidLabel: "\nAzure svarade: ", script: /(?<!\p{L})(?:och|inte|är|för|som|med)(?!\p{L})/u },
};

/** The advice each code must give, in each language: the same remediation as the English catalog's. */
const REMEDIATION: Record<RegistrationErrorCode, Record<Translated, RegExp>> = {
    RegistrationNotFound: {
        "zh-CN": /CloudDeploymentID.*Get-AzureStackStampInformation/,
        "fr-FR": /CloudDeploymentID.*Get-AzureStackStampInformation/,
        "sv-SE": /CloudDeploymentID.*Get-AzureStackStampInformation/,
    },
    BadCustomerSubscriptionId: { "zh-CN": /同一合作伙伴/, "fr-FR": /même partenaire/, "sv-SE": /samma partner/ },
    InvalidCustomerSubscriptionId: { "zh-CN": /合作伙伴中心/, "fr-FR": /Espace partenaires/, "sv-SE": /Partnercenter/ },
    CustomerSubscriptionNotFound: { "zh-CN": /区分大小写/, "fr-FR": /majuscules et minuscules/, "sv-SE": /skiftlägeskänsligt/ },
    UnauthorizedCspRegistration: {
        "zh-CN": /电子邮件至 azstCSP@microsoft\.com/,
        "fr-FR": /écrivant à azstCSP@microsoft\.com/,
        "sv-SE": /mejla azstCSP@microsoft\.com/,
    },
    CustomerSubscriptionsNotAllowed: {
        "zh-CN": /重新注册.*PayAsYouUse|PayAsYouUse.*重新注册/,
        "fr-FR": /Réinscrivez.*PayAsYouUse/,
        "sv-SE": /Registrera om.*PayAsYouUse/,
    },
    InvalidCSPSubscription: { "zh-CN": /输入错误/, "fr-FR": /faute de frappe/, "sv-SE": /skrivfel/ },
    MetadataResolverBadGatewayError: { "zh-CN": /稍后/, "fr-FR": /plus tard/, "sv-SE": /senare/ },
};

const make = (code: string, locale?: Locale, extra: Partial<ConstructorParameters<typeof AzureStackRegistrationError>[0]> = {}) =>
    new AzureStackRegistrationError({
        code,
        statusCode: 400,
        requestId: "req-1",
        correlationId: "corr-1",
        clientRequestId: "client-1",
        azureMessage: "server text",
        context,
        attempts: 3,
        locale,
        ...extra,
    });

describe("localized error messages", () => {
    for (const locale of TRANSLATED) {
        describe(locale, () => {
            for (const code of REGISTRATION_ERROR_CODES) {
                it(`explains ${code} in ${locale}, keeping the code, status, ids and context`, () => {
                    const error = make(code, locale);
                    const english = make(code, "en");
                    const [summaryLine] = error.message.split("\n");
                    const remediation = MESSAGE_TABLES[locale].registrationErrors[code].remediation(context);

                    expect(error).to.include({
                        code,
                        statusCode: 400,
                        requestId: "req-1",
                        correlationId: "corr-1",
                        clientRequestId: "client-1",
                        locale,
                        attempts: 3,
                    });
                    expect(error.context).to.deep.equal(context);
                    expect(error.isDocumentedRegistrationError).to.equal(true);

                    expect(error.message).to.match(new RegExp(`^${code}: `));
                    expect(error.message)
                        .to.include(LANGUAGE[locale].fixLabel)
                        .and.include(LANGUAGE[locale].azureSaidLabel + "server text");
                    expect(error.message).to.not.include("Fix: ").and.not.include("Azure said: ");
                    expect(english.message, "English does not pass for this language").to.not.match(LANGUAGE[locale].script);
                    expect(summaryLine, "summary").to.match(LANGUAGE[locale].script);
                    expect(remediation, "remediation").to.match(LANGUAGE[locale].script);
                    expect(remediation).to.match(REMEDIATION[code][locale]);
                    expect(summaryLine).to.not.equal(english.message.split("\n")[0]);
                    expect(remediation).to.not.equal(MESSAGE_TABLES.en.registrationErrors[code].remediation(context));
                    expect(error.message)
                        .to.include("x-ms-request-id req-1")
                        .and.include("x-ms-correlation-request-id corr-1")
                        .and.include("x-ms-client-request-id client-1")
                        .and.include("HTTP 400");
                    expect(error.message).to.include(MESSAGE_TABLES[locale].afterAttempts(3)).and.not.include("after 3 attempts");
                });
            }
        });
    }

    it("names the registration and subscription an error is about, in every language", () => {
        for (const locale of LOCALES) {
            const registrationMessage = make("RegistrationNotFound", locale).message.split("\n")[0];
            expect(registrationMessage, locale)
                .to.include("azurestack-cloud1")
                .and.include(context.registrationSubscriptionId)
                .and.include("azurestack");
            expect(make("InvalidCSPSubscription", locale).message.split("\n")[0], locale).to.include(context.customerSubscriptionId);
            expect(make("BadCustomerSubscriptionId", locale).message.split("\n")[0], locale)
                .to.include(context.customerSubscriptionId)
                .and.include("azurestack-cloud1");
        }
    });

    it("writes each code differently in each language", () => {
        for (const code of REGISTRATION_ERROR_CODES) {
            const summaries = LOCALES.map((locale) => MESSAGE_TABLES[locale].registrationErrors[code].summary(context));
            const remediations = LOCALES.map((locale) => MESSAGE_TABLES[locale].registrationErrors[code].remediation(context));
            expect(new Set(summaries).size, code).to.equal(LOCALES.length);
            expect(new Set(remediations).size, code).to.equal(LOCALES.length);
        }
    });

    it("still reads naturally without context: no dangling words or stray spaces", () => {
        expect(make("InvalidCSPSubscription", "sv-SE", { context: {} }).message).to.match(
            /^InvalidCSPSubscription: Kundprenumerationen är inte/,
        );
        expect(make("CustomerSubscriptionNotFound", "fr-FR", { context: {} }).message).to.match(
            /^CustomerSubscriptionNotFound: L’abonnement client n’est pas associé à l’inscription\./,
        );
        expect(make("BadCustomerSubscriptionId", "zh-CN", { context: {} }).message).to.match(
            /^BadCustomerSubscriptionId: 该客户订阅与该注册所属/,
        );
        expect(make("BadCustomerSubscriptionId", "zh-CN").message).to.include(
            `客户订阅 ${context.customerSubscriptionId} 与注册“azurestack-cloud1”`,
        );
    });

    it("words the product's own refusals in each language, keeping the code and the ids they name", () => {
        const facts = {
            tenantId: context.tenantId,
            mappedTenant: "77777777-0000-4000-8000-000000000007",
            registrationName: "azurestack-cloud1",
            customerSubscriptionId: context.customerSubscriptionId,
            atCreate: true,
        };
        const english = refusalReason("SubscriptionAlreadyMapped", facts, "en");
        for (const locale of TRANSLATED) {
            const reason = refusalReason("SubscriptionAlreadyMapped", facts, locale);
            expect(reason, locale)
                .to.match(/^SubscriptionAlreadyMapped: /)
                .and.match(LANGUAGE[locale].script)
                .and.include(facts.mappedTenant)
                .and.include("azurestack-cloud1")
                .and.include("allowTenantReassignment: true");
            expect(reason).to.not.equal(english);
            const error = refusalError("SubscriptionAlreadyMapped", facts, { locale });
            expect(error).to.include({ code: "SubscriptionAlreadyMapped", locale, message: reason });
            expect(
                refusalReason(
                    "MappingSpelledOtherwise",
                    { listedAs: "A", declared: "a", tenantId: "t", registrationName: "r", atCreate: false },
                    locale,
                ),
                locale,
            )
                .to.match(/^MappingAlreadyExists: /)
                .and.include("customerSubscriptionId: A");
        }
    });

    it("keeps English for the codes outside the documented eight, whatever the locale", () => {
        for (const locale of LOCALES) {
            const locked = make("ScopeLocked", locale, { statusCode: 409 });
            expect(locked.message, locale)
                .to.match(/^ScopeLocked: /)
                .and.match(/CanNotDelete/)
                .and.include("\nFix: ")
                .and.include("\nAzure said: server text")
                .and.include("after 3 attempts");
            expect(locked.locale).to.equal(locale);
            const unknown = make("SomethingNew", locale, { statusCode: 418 });
            expect(unknown.message, locale).to.include("SomethingNew").and.include("HTTP 418").and.include("\nAzure said: ");
        }
    });

    it("explains in English when no locale is given, or one that is not offered reaches it from JavaScript", () => {
        expect(make("InvalidCSPSubscription").message).to.include("\nFix: ").and.match(/typo/);
        expect(make("InvalidCSPSubscription").locale).to.equal("en");
        expect(make("InvalidCSPSubscription", "de-DE" as Locale).message)
            .to.include("\nFix: ")
            .and.match(/typo/);
    });
});

describe("locale selection", () => {
    const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });
    const KEY = "azurestack-tenant-mappings:locale";

    it("matches POSIX locale names and language tags of the four languages", () => {
        const cases: Array<[string, Locale | undefined]> = [
            ["sv_SE.UTF-8", "sv-SE"],
            ["sv-SE", "sv-SE"],
            ["sv_FI", "sv-SE"],
            ["sv", "sv-SE"],
            ["zh_CN.UTF-8", "zh-CN"],
            ["zh-Hans-CN", "zh-CN"],
            ["zh_SG.GB2312", "zh-CN"],
            ["zh", "zh-CN"],
            ["fr_FR@euro", "fr-FR"],
            ["fr_CA.UTF-8", "fr-FR"],
            ["FR-be", "fr-FR"],
            ["en_US.UTF-8", "en"],
            ["en-GB", "en"],
            ["zh_TW.UTF-8", undefined],
            ["zh-Hant", undefined],
            ["zh_HK", undefined],
            ["de_DE.UTF-8", undefined],
            ["se", undefined],
            ["C", undefined],
            ["C.UTF-8", undefined],
            ["POSIX", undefined],
            ["", undefined],
        ];
        for (const [tag, expected] of cases) expect(matchLocale(tag), tag).to.equal(expected);
    });

    it("takes the stack config first, then AZURESTACK_MAPPINGS_LOCALE, then LC_ALL, LC_MESSAGES, LANG, then English", () => {
        const env = { AZURESTACK_MAPPINGS_LOCALE: "fr-FR", LC_ALL: "sv_SE.UTF-8", LC_MESSAGES: "zh_CN.UTF-8", LANG: "de_DE.UTF-8" };
        expect(resolveSettings(config({ [KEY]: "zh-CN" }), env).locale).to.equal("zh-CN");
        expect(resolveSettings(config({ [KEY]: "  " }), env).locale).to.equal("fr-FR", "a blank config value is not set");
        expect(resolveSettings(undefined, env).locale).to.equal("fr-FR");
        expect(resolveSettings(undefined, { ...env, AZURESTACK_MAPPINGS_LOCALE: undefined }).locale).to.equal("sv-SE");
        expect(resolveSettings(undefined, { LC_MESSAGES: "zh_CN.UTF-8", LANG: "sv_SE.UTF-8" }).locale).to.equal("zh-CN");
        expect(resolveSettings(undefined, { LANG: "sv_SE.UTF-8" }).locale).to.equal("sv-SE");
        expect(resolveSettings(undefined, {}).locale).to.equal("en");
    });

    it("lets the first locale variable set decide, so LC_ALL=C means English whatever LANG says", () => {
        expect(resolveSettings(undefined, { LC_ALL: "C", LANG: "sv_SE.UTF-8" }).locale).to.equal("en");
        expect(resolveSettings(undefined, { LC_ALL: "", LC_MESSAGES: "fr_FR.UTF-8", LANG: "sv_SE.UTF-8" }).locale).to.equal("fr-FR");
    });

    it("falls back to English for a process locale it has no messages in", () => {
        expect(resolveSettings(undefined, { LANG: "de_DE.UTF-8" }).locale).to.equal("en");
        expect(resolveSettings(undefined, { LC_ALL: "zh_TW.UTF-8" }).locale).to.equal("en");
    });

    it("refuses a configured locale it has no messages in, naming the setting and the locales offered", () => {
        for (const attempt of [
            () => resolveSettings(config({ [KEY]: "se" }), {}),
            () => resolveSettings(undefined, { AZURESTACK_MAPPINGS_LOCALE: "de-DE", LANG: "sv_SE.UTF-8" }),
        ]) {
            expect(attempt)
                .to.throw(SettingsError, /^azurestack-tenant-mappings:locale \/ AZURESTACK_MAPPINGS_LOCALE: /)
                .with.property("message")
                .that.match(/en, zh-CN, fr-FR, sv-SE/);
        }
    });
});
