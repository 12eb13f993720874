/**
 * The `pulumi.dynamic.ResourceProvider` that Pulumi serializes into state for every mapping.
 *
 * It is deliberately a thin shim: each method loads the implementation (lifecycle.ts) by package name at
 * call time. Pulumi serializes local code by value, so a provider that captured the ARM client, the
 * validation and the error catalog would write tens of kilobytes into state per mapping, be deserialized
 * in every provider process, and pin old code for delete and read. The shim holds no credential, and always
 * runs the installed version of this package (which must therefore keep reading state written by earlier
 * versions; see README "Upgrades").
 *
 * Its size matters too: state holds it twice per mapping (inputs and outputs: two thirds of a mapping's
 * state), the engine rewrites the whole checkpoint after every step of an `up` or `destroy`, and every check
 * and diff carries it. So each method is one line that captures nothing (Pulumi still wraps each function in
 * about 200 bytes): 2.8 KB serialized instead of 3.1 KB. Only `configure`, which the dynamic-provider host
 * calls first in every process, explains a missing package; the other methods fail with Node's "Cannot
 * find module" after it.
 *
 * The dynamic-provider host resolves the package from the Pulumi project directory, where
 * `npm install azurestack-tenant-mappings` put it.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as Lifecycle from "./lifecycle";

type L = typeof Lifecycle;

/* eslint-disable @typescript-eslint/no-require-imports */
export const customerSubscriptionMappingProvider: pulumi.dynamic.ResourceProvider = {
    configure: (request) => {
        try {
            return (require("azurestack-tenant-mappings/lifecycle") as L).configure(request);
        } catch (error) {
            const missing = (error as { code?: string }).code === "MODULE_NOT_FOUND" &&
                String(error).includes("azurestack-tenant-mappings/lifecycle"); // not one of its dependencies
            throw !missing ? error : new Error("CustomerSubscriptionMapping " +
                `could not load azurestack-tenant-mappings/lifecycle from ${process.cwd()}: the dynamic-provider host loads it from ` +
                "the Pulumi project's directory. Add azurestack-tenant-mappings to the project's dependencies and run npm install there.");
        }
    },
    check: (...a) => (require("azurestack-tenant-mappings/lifecycle") as L).check(...a),
    diff: (...a) => (require("azurestack-tenant-mappings/lifecycle") as L).diff(...a),
    create: (...a) => (require("azurestack-tenant-mappings/lifecycle") as L).create(...a),
    read: (...a) => (require("azurestack-tenant-mappings/lifecycle") as L).read(...a),
    update: (...a) => (require("azurestack-tenant-mappings/lifecycle") as L).update(...a),
    delete: (...a) => (require("azurestack-tenant-mappings/lifecycle") as L).deleteMappingResource(...a),
};
