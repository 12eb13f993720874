/**
 * The product's core without Pulumi: the mapping schema, the registration parser, input validation, the
 * listing of a registration and the error catalog. The command line (`azs-mappings`) and any tool that is not
 * a Pulumi program import this module (`@azurestack-csp/tenant-mappings/core`); it never loads @pulumi/pulumi.
 */
export {
    API_VERSIONS,
    DEFAULT_API_VERSION,
    INPUT_NAMES,
    MAPPING_PROPERTIES,
    inputsAtLevel,
    type ApiVersion,
    type MappingArgs,
    type MappingInputs,
    type MappingOutputs,
    type PropertySpec,
} from "./mapping/schema";
export { parseRegistration, registrationOf, type ParsedRegistration, type Registration } from "./mapping/registration";
export { validateInputs, type ValidationOptions } from "./mapping/validation";
export type { InputFailure } from "./mapping/failures";
export { GUID, UNKNOWN } from "./mapping/values";
export { mappingResourceId, registrationResourceId } from "./arm/ids";
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
