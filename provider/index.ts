/**
 * azurestack-tenant-mappings: Azure Stack Hub CSP tenant mappings as Pulumi resources, and the core they are
 * built on (core.ts, which tools that are not Pulumi programs import on its own).
 */
export { CustomerSubscriptionMapping, type CustomerSubscriptionMappingArgs, type RegistrationApiVersion } from "./resource";
export { customerSubscriptionMappingProvider } from "./provider";
export * from "./core";
