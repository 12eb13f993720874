/**
 * Entry point of the root stack for the Pulumi CLI (`main` in Pulumi.yaml): the Node.js runtime calls the
 * exported function and makes its result the stack outputs. See stack.ts.
 */
import { tenantMappingsStack } from "./stack";

export = tenantMappingsStack;
