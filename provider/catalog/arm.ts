/**
 * The generic ARM, sign-in and transport codes a CSP meets while managing tenant mappings (the registration codes
 * and the product's own refusals are in index.ts). Their texts are English only: they name ARM's and Entra's
 * own codes, which those services explain in English.
 */
import type { CatalogEntry } from "./entry";
import { registrationText } from "../messages/en";

/** What codes that share a row of docs/errors.md share. */
const TOKEN_REFUSED = {
    detectedAt: "preview",
    whyThen: "the preflight is the first authenticated request",
    advice: "Use credentials of the ARM endpoint's cloud.",
    retryable: false,
} as const;

const NO_TOKEN = {
    detectedAt: "preview",
    whyThen: "the first request needs a token",
    advice: "Configure a credential ([Credentials](configuration.md#credentials)).",
    retryable: false,
} as const;

const TRANSIENT = {
    detectedAt: "up",
    whyThen: "transient; retried with backoff first",
    advice: "Run again; check the network, or raise `requestTimeoutSeconds` / `maxThrottleRetries`.",
    retryable: true,
} as const;

const NOT_ARM = {
    detectedAt: "preview",
    whyThen: "the preflight reads the registration and lists its mappings",
    advice: "The endpoint does not answer as ARM: check `AZURE_RESOURCE_MANAGER_ENDPOINT` / the cloud.",
    retryable: false,
} as const;

export const ARM_CATALOG: Record<string, CatalogEntry> = {
    InvalidAuthenticationToken: {
        summary: () => "Azure rejected the access token.",
        remediation: () =>
            "Check the credentials (AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET, ARM_* variables, azure-native:* " +
            "config, workload identity or `az login`) and that they belong to the cloud the ARM endpoint is in.",
        ...TOKEN_REFUSED,
    },
    InvalidAuthenticationTokenAudience: {
        summary: () => "Azure rejected the access token because it was issued for another audience.",
        remediation: () =>
            "The token scope must be the ARM endpoint. Check AZURE_RESOURCE_MANAGER_ENDPOINT / the cloud setting and the " +
            "authority host belong to the same cloud.",
        ...TOKEN_REFUSED,
    },
    AuthenticationFailed: {
        summary: () => "No access token could be obtained for Azure Resource Manager.",
        remediation: () =>
            "The identity's own explanation follows. Check the client id, tenant id and secret (or certificate, or federated " +
            "token), that the authority host (AZURE_AUTHORITY_HOST / the cloud setting) is the tenant's, and that the " +
            "credential has not expired.",
        ...NO_TOKEN,
    },
    CredentialUnavailable: {
        summary: () => "No credential is configured for Azure Resource Manager.",
        remediation: () =>
            "Set one of: ARM_CLIENT_ID/ARM_CLIENT_SECRET/ARM_TENANT_ID (or azure-native:* config), AZURE_CLIENT_ID/" +
            "AZURE_CLIENT_SECRET/AZURE_TENANT_ID, workload identity (ARM_USE_OIDC or AZURE_FEDERATED_TOKEN_FILE), a managed " +
            "identity, or sign in with `az login`. See README, Credentials.",
        ...NO_TOKEN,
    },
    RequestTimeout: {
        summary: () => "Azure Resource Manager did not answer in time, even after retries.",
        remediation: () =>
            "Run the command again; the operations are idempotent. If the network is slow, raise " +
            "azurestack-tenant-mappings:requestTimeoutSeconds.",
        ...TRANSIENT,
    },
    NetworkError: {
        summary: () => "Azure Resource Manager could not be reached, even after retries.",
        remediation: () =>
            "Check the network path and the ARM endpoint (AZURE_RESOURCE_MANAGER_ENDPOINT / the cloud setting), then run " +
            "the command again; the operations are idempotent.",
        ...TRANSIENT,
    },
    TooManyRequests: {
        summary: () => "Azure Resource Manager kept throttling the requests (HTTP 429) beyond the retry budget.",
        remediation: () =>
            "Run the command again later, or with a lower --parallel; raise azurestack-tenant-mappings:maxThrottleRetries " +
            "to wait longer. Other tools sharing the subscription's quota make this more likely.",
        ...TRANSIENT,
    },
    UntrustedNextLink: {
        summary: () => "A list continuation (nextLink) pointed outside the ARM endpoint and was not followed.",
        remediation: () => "The bearer token is only sent to the configured ARM endpoint. Report this with the request ids.",
        ...NOT_ARM,
    },
    InvalidArmResponse: {
        summary: () =>
            "A listing from the ARM endpoint held a mapping whose id or tenant is not a GUID; nothing of that registration was used.",
        remediation: () =>
            "Azure names every mapping by GUIDs, so the endpoint is not answering as Azure Resource Manager does. Check " +
            "AZURE_RESOURCE_MANAGER_ENDPOINT / the cloud setting, and report it to the Azure Stack Hub operator with the request ids.",
        ...NOT_ARM,
    },
    TooManyPages: {
        summary: () => `Listing the registration's mappings went on past the page limit and was stopped.`,
        remediation: () =>
            "ARM never pages a registration's mappings this far; the endpoint is probably not Azure Resource Manager or is " +
            "misbehaving. Check AZURE_RESOURCE_MANAGER_ENDPOINT / the cloud setting, and report this with the request ids.",
        ...NOT_ARM,
    },
    ResponseTooLarge: {
        summary: () => "An answer from the ARM endpoint was larger than any answer of this API and was not read.",
        remediation: () =>
            "Check that AZURE_RESOURCE_MANAGER_ENDPOINT / the cloud setting names Azure Resource Manager (a proxy or captive " +
            "portal answering instead of ARM can do this), then run the command again.",
        ...NOT_ARM,
    },
    AuthorizationFailed: {
        summary: (c) => `The signed-in identity may not perform this operation on ${registrationText(c)}.`,
        remediation: () =>
            "Grant the identity a role on the registration's resource group that allows " +
            "Microsoft.AzureStack/registrations/customerSubscriptions/* (for example Contributor), then try again.",
        detectedAt: "preview",
        whyThen: "the preflight reads the registration with the same identity",
        advice: "Grant a role allowing `Microsoft.AzureStack/registrations/customerSubscriptions/*`.",
        retryable: false,
    },
};
