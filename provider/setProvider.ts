/**
 * The `pulumi.dynamic.ResourceProvider` that Pulumi serializes into state for every registration set: a shim of the
 * same kind as provider.ts (read its header for why), loading the set's lifecycle (set/lifecycle.ts) by package
 * name at call time. The engine's own diff compares `__provider` like any input, so this text must stay byte for
 * byte the same across runs and upgrades: change nothing here that changes what it serializes to (a unit test pins
 * its text); new behaviour goes into set/lifecycle.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as SetLifecycle from "./set/lifecycle";

type L = typeof SetLifecycle;

/* eslint-disable @typescript-eslint/no-require-imports */
export const customerSubscriptionMappingSetProvider: pulumi.dynamic.ResourceProvider = {
    configure: (request) => {
        try {
            return (require("@azurestack-csp/tenant-mappings/set-lifecycle") as L).configure(request);
        } catch (error) {
            const missing = (error as { code?: string }).code === "MODULE_NOT_FOUND" &&
                String(error).includes("@azurestack-csp/tenant-mappings/set-lifecycle"); // not one of its dependencies
            throw !missing ? error : new Error("CustomerSubscriptionMappingSet " +
                `could not load @azurestack-csp/tenant-mappings/set-lifecycle from ${process.cwd()}: the dynamic-provider host loads ` +
                "it from the Pulumi project's directory. Install @azurestack-csp/tenant-mappings there from the same source as the " +
                "rest of the program (the git URL or tarball your package.json names), then run `npm install` in that directory; " +
                "do not install a package of that name from anywhere else.");
        }
    },
    check: (...a) => (require("@azurestack-csp/tenant-mappings/set-lifecycle") as L).check(...a),
    diff: (...a) => (require("@azurestack-csp/tenant-mappings/set-lifecycle") as L).diff(...a),
    create: (...a) => (require("@azurestack-csp/tenant-mappings/set-lifecycle") as L).create(...a),
    read: (...a) => (require("@azurestack-csp/tenant-mappings/set-lifecycle") as L).read(...a),
    update: (...a) => (require("@azurestack-csp/tenant-mappings/set-lifecycle") as L).update(...a),
    delete: (...a) => (require("@azurestack-csp/tenant-mappings/set-lifecycle") as L).deleteSet(...a),
};
