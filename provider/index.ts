/**
 * azurestack-tenant-mappings: Azure Stack Hub CSP tenant mappings as Pulumi resources.
 */
export { CustomerSubscriptionMapping, type CustomerSubscriptionMappingArgs, type RegistrationApiVersion } from "./resource";
export { customerSubscriptionMappingProvider } from "./provider";
export { listCustomerSubscriptionMappings, type ListedMapping, type ListOptions, type RegistrationSelector } from "./list";
export {
    AzureStackRegistrationError,
    ERROR_CATALOG,
    REGISTRATION_ERROR_CODES,
    type CatalogEntry,
    type ErrorContext,
    type RegistrationErrorCode,
} from "./errors";
export { LOCALES, type Locale } from "./messages/locale";
export { validateInputs, API_VERSIONS, DEFAULT_API_VERSION, UNKNOWN, type MappingInputs, type InputFailure } from "./validation";
export { type MappingOutputs } from "./outputs";
