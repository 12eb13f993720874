import { expect } from "chai";
import { AzureStackRegistrationError, ERROR_CATALOG, REGISTRATION_ERROR_CODES } from "../../provider/errors";

const context = {
    registrationSubscriptionId: "11111111-2222-3333-4444-555555555555",
    resourceGroup: "azurestack",
    registrationName: "azurestack-cloud1",
    customerSubscriptionId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
    tenantId: "99999999-8888-7777-6666-555555555555",
};

/** A word of the remediation each documented code must carry (from Microsoft's page "Usage and billing registration error codes for Cloud Solution Providers for Azure Stack Hub"), so the advice is the right one. */
const REMEDIATION: Record<string, RegExp> = {
    RegistrationNotFound: /CloudDeploymentID|Get-AzureStackStampInformation/,
    BadCustomerSubscriptionId: /same partner/,
    InvalidCustomerSubscriptionId: /Partner Center/,
    CustomerSubscriptionNotFound: /case sensitive/,
    UnauthorizedCspRegistration: /azstCSP@microsoft\.com/,
    CustomerSubscriptionsNotAllowed: /PayAsYouUse/,
    InvalidCSPSubscription: /typo/,
    MetadataResolverBadGatewayError: /later/,
};

describe("error catalog", () => {
    it("has an entry for each of the eight documented codes", () => {
        expect(REGISTRATION_ERROR_CODES).to.have.length(8);
        for (const code of REGISTRATION_ERROR_CODES) expect(ERROR_CATALOG[code], code).to.not.equal(undefined);
    });

    for (const code of REGISTRATION_ERROR_CODES) {
        it(`explains ${code} with its remediation and the ids support asks for`, () => {
            const error = new AzureStackRegistrationError({
                code,
                statusCode: 400,
                requestId: "req-1",
                correlationId: "corr-1",
                clientRequestId: "client-1",
                azureMessage: "server text",
                context,
            });
            expect(error).to.be.instanceOf(Error);
            expect(error.code).to.equal(code);
            expect(error.statusCode).to.equal(400);
            expect(error.requestId).to.equal("req-1");
            expect(error.correlationId).to.equal("corr-1");
            expect(error.isDocumentedRegistrationError).to.equal(true);
            expect(error.message).to.match(new RegExp(`^${code}: `));
            expect(error.message).to.match(REMEDIATION[code]);
            expect(error.message).to.include("x-ms-request-id req-1").and.include("x-ms-correlation-request-id corr-1");
            expect(error.message).to.include("Azure said: server text");
        });
    }

    it("names the registration and subscription the error is about", () => {
        expect(new AzureStackRegistrationError({ code: "RegistrationNotFound", context }).message)
            .to.include("azurestack-cloud1")
            .and.include(context.registrationSubscriptionId)
            .and.include("azurestack");
        expect(new AzureStackRegistrationError({ code: "InvalidCSPSubscription", context }).message).to.include(
            context.customerSubscriptionId,
        );
    });

    it("treats a code Azure sends that names an Object property (constructor, toString) as an unknown code", () => {
        for (const code of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
            const error = new AzureStackRegistrationError({ code, statusCode: 400, azureMessage: "odd", requestId: "r-1" });
            expect(error.message, code).to.equal(
                `${code}: Request failed with HTTP 400.\nAzure said: odd\n(HTTP 400, x-ms-request-id r-1)`,
            );
            expect(error.retryable).to.equal(false);
        }
    });

    it("marks only MetadataResolverBadGatewayError as transient among the documented codes", () => {
        const retryable = REGISTRATION_ERROR_CODES.filter((c) => new AzureStackRegistrationError({ code: c }).retryable);
        expect(retryable).to.deep.equal(["MetadataResolverBadGatewayError"]);
    });

    it("explains a ScopeLocked refusal with how to lift the lock", () => {
        const message = new AzureStackRegistrationError({ code: "ScopeLocked", statusCode: 409, context }).message;
        expect(message)
            .to.match(/CanNotDelete/)
            .and.match(/az lock/);
    });

    it("re-codes an error keeping its status, request ids, attempts and locale", () => {
        const kept = {
            statusCode: 404,
            requestId: "r-1",
            correlationId: "c-1",
            clientRequestId: "x-1",
            attempts: 2,
            ambiguousAttempts: 1,
            azureMessage: "gone",
            locale: "fr-FR",
        } as const;
        const original = new AzureStackRegistrationError({ code: "NotFound", ...kept });
        const recoded = original.withCode("RegistrationNotFound", { context });
        expect(recoded).to.include({ code: "RegistrationNotFound", ...kept });
        expect(recoded.context).to.deep.equal(context);
        expect(recoded.message).to.equal(
            new AzureStackRegistrationError({
                code: "RegistrationNotFound",
                statusCode: 404,
                requestId: "r-1",
                correlationId: "c-1",
                clientRequestId: "x-1",
                attempts: 2,
                azureMessage: "gone",
                locale: "fr-FR",
                context,
            }).message,
        );
        expect(original.withCode("PreconditionFailed", { azureMessage: "told more" }).azureMessage).to.equal("told more");
    });

    it("still gives status and ids for codes it has no entry for", () => {
        const error = new AzureStackRegistrationError({ code: "SomethingNew", statusCode: 418, requestId: "r", attempts: 3 });
        expect(error.isDocumentedRegistrationError).to.equal(false);
        expect(error.message).to.include("SomethingNew").and.include("HTTP 418").and.include("after 3 attempts");
    });
});
