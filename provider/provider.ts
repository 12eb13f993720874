/**
 * The `pulumi.dynamic.ResourceProvider` that Pulumi serializes into state for every mapping.
 *
 * It is deliberately a thin shim: each method loads the implementation (lifecycle.ts) by package name at
 * call time. Pulumi serializes local code by value, so a provider that captured the ARM client, the
 * validation and the error catalog would write tens of kilobytes into state per mapping, be deserialized
 * in every provider process, and pin old code for delete and read. The shim holds no credential, and always
 * runs the installed version of this package (which must therefore keep reading state written by earlier
 * versions; see docs/design.md, "Upgrades").
 *
 * Its size matters too: state holds it twice per mapping (inputs and outputs: two thirds of a mapping's
 * state), the engine rewrites the whole checkpoint after every step of an `up` or `destroy`, and every check
 * and diff carries it. So each method is one line that captures nothing (Pulumi still wraps each function in
 * about 200 bytes): 2.8 KB serialized instead of 3.1 KB. Only `configure`, which the dynamic-provider host
 * calls first in every process, explains a missing package; the other methods fail with Node's "Cannot
 * find module" after it.
 *
 * The dynamic-provider host resolves the package from the Pulumi project directory, where the project's own
 * install put it. The name it loads is the package's scoped name, @azurestack-csp/tenant-mappings: whatever
 * answers to that name runs with the user's Azure credentials, so it must be a name only this project can
 * publish (a scope is claimed once, for every package under it), and the error below never sends users to
 * a registry: it tells them to install the package from the same source the program's own dependency came
 * from (docs/security.md, "The package name the provider loads").
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as Lifecycle from "./lifecycle";

type L = typeof Lifecycle;

/* eslint-disable @typescript-eslint/no-require-imports */
export const customerSubscriptionMappingProvider: pulumi.dynamic.ResourceProvider = {
    configure: (request) => {
        try {
            return (require("@azurestack-csp/tenant-mappings/lifecycle") as L).configure(request);
        } catch (error) {
            const missing = (error as { code?: string }).code === "MODULE_NOT_FOUND" &&
                String(error).includes("@azurestack-csp/tenant-mappings/lifecycle"); // not one of its dependencies
            throw !missing ? error : new Error("CustomerSubscriptionMapping " +
                `could not load @azurestack-csp/tenant-mappings/lifecycle from ${process.cwd()}: the dynamic-provider host loads it ` +
                "from the Pulumi project's directory. Install @azurestack-csp/tenant-mappings there from the same source as the " +
                "rest of the program (the git URL or tarball your package.json names), then run `npm install` in that directory; " +
                "do not install a package of that name from anywhere else.");
        }
    },
    check: (...a) => (require("@azurestack-csp/tenant-mappings/lifecycle") as L).check(...a),
    diff: (...a) => (require("@azurestack-csp/tenant-mappings/lifecycle") as L).diff(...a),
    create: (...a) => (require("@azurestack-csp/tenant-mappings/lifecycle") as L).create(...a),
    read: (...a) => (require("@azurestack-csp/tenant-mappings/lifecycle") as L).read(...a),
    update: (...a) => (require("@azurestack-csp/tenant-mappings/lifecycle") as L).update(...a),
    delete: (...a) => (require("@azurestack-csp/tenant-mappings/lifecycle") as L).deleteMappingResource(...a),
};
