/**
 * The `pulumi.dynamic.ResourceProvider` that Pulumi serializes into state for every mapping.
 *
 * It is deliberately a thin shim: each method loads the implementation (lifecycle.ts) by package name at
 * call time. Pulumi serializes local code by value, so a provider that captured the ARM client, the
 * validation and the error catalog would write tens of kilobytes into state per mapping, be deserialized
 * in every provider process, and pin old code for delete and read. The shim is a few hundred bytes, holds
 * no credential, and always runs the installed version of this package (which must therefore keep reading
 * state written by earlier versions; see README "Upgrades").
 *
 * The dynamic-provider host resolves the package from the Pulumi project directory, where
 * `npm install azurestack-tenant-mappings` put it.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as Lifecycle from "./lifecycle";

const IMPLEMENTATION = "azurestack-tenant-mappings/lifecycle";

function implementation(): typeof Lifecycle {
    try {
        return require(IMPLEMENTATION);
    } catch (error) {
        if ((error as { code?: string }).code === "MODULE_NOT_FOUND" && String(error).includes(IMPLEMENTATION)) {
            throw new Error(`CustomerSubscriptionMapping could not load '${IMPLEMENTATION}' from ${process.cwd()}. The ` +
                "Pulumi dynamic-provider host loads it from the project directory: add azurestack-tenant-mappings to the " +
                "project's dependencies and run `npm install` there.");
        }
        throw error;
    }
}

export const customerSubscriptionMappingProvider: pulumi.dynamic.ResourceProvider = {
    configure: (request) => implementation().configure(request),
    check: (olds, news) => implementation().check(olds, news),
    diff: (id, olds, news) => implementation().diff(id, olds, news),
    create: (inputs) => implementation().create(inputs),
    read: (id, props) => implementation().read(id, props ?? {}),
    update: (id, olds, news) => implementation().update(id, olds, news),
    delete: (id, props) => implementation().deleteMappingResource(id, props),
};
