/**
 * All of one registration's tenant mappings as one resource: a CustomerSubscriptionMappingSet (docs/sets.md).
 *
 *   pulumi config set registrationId /subscriptions/<guid>/resourceGroups/azurestack/providers/Microsoft.AzureStack/registrations/azurestack-<CloudID>
 *   pulumi config set --path 'mappings["<customer subscription id>"]' <tenant id>   # once per customer
 *   pulumi config set undeclared fail      # optional: ignore, warn (default), fail or remove
 *   pulumi config set maxDeletions 25      # optional: at most this many deletions per `pulumi up` (default 10)
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomerSubscriptionMappingSet, type UndeclaredMode } from "@azurestack-csp/tenant-mappings";

function registrationSet() {
    const config = new pulumi.Config();
    const set = new CustomerSubscriptionMappingSet("customers", {
        registrationId: config.require("registrationId"),
        mappings: config.requireObject<Record<string, string>>("mappings"),
        undeclared: config.get("undeclared") as UndeclaredMode | undefined,
        maxDeletions: config.getNumber("maxDeletions"),
    });
    // Not the whole `mappings` map: a stack output's change is printed in full, and this one has an entry per customer.
    return { setId: set.id, undeclaredMappings: set.undeclaredMappings, failedEntries: set.failedEntries };
}

// The Pulumi Node.js runtime calls an exported function and makes its result the stack outputs.
export = registrationSet;
