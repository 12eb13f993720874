/**
 * azurestack-tenant-mappings: Azure Stack Hub CSP tenant mappings as Pulumi resources (one mapping, or all of a
 * registration's as a set), and the core they are built on (core.ts, which tools that are not Pulumi programs import
 * on its own).
 */
export { CustomerSubscriptionMapping, type CustomerSubscriptionMappingArgs, type RegistrationApiVersion } from "./resource";
export { customerSubscriptionMappingProvider } from "./provider";
export {
    CustomerSubscriptionMappingSet,
    type CustomerSubscriptionMappingSetArgs,
    type CustomerSubscriptionMappingSetEntry,
    type UndeclaredMode,
} from "./setResource";
export { customerSubscriptionMappingSetProvider } from "./setProvider";
export * from "./core";
