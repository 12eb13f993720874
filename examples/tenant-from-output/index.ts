/**
 * A mapping whose tenant is another resource's output: the resource that onboards the customer knows the
 * customer's tenant, and the mapping takes it from there instead of from a copy typed by hand.
 *
 * Until that resource exists, its output is unknown. The first `pulumi preview` then shows the mapping's
 * tenantId as unknown, still validates the other inputs and checks the registration, and leaves the checks
 * that involve the tenant (TenantAlreadyMapped and the like) to `pulumi up`, which makes them once the
 * tenant is known, before the mapping is written.
 *
 *   pulumi config set registrationId /subscriptions/<guid>/resourceGroups/azurestack/providers/Microsoft.AzureStack/registrations/azurestack-<CloudID>
 *   pulumi config set customerSubscriptionId <guid>   # the customer's CSP subscription
 *   pulumi config set customerTenantId <guid>         # the tenant the stand-in onboarding reports
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomerSubscriptionMapping } from "@azurestack-csp/tenant-mappings";

interface CustomerOnboardingInputs {
    customerName: string;
    stubTenantId: string;
}

/** Pulumi serializes this provider into state, so its functions refer to nothing outside themselves. */
const customerOnboardingProvider: pulumi.dynamic.ResourceProvider = {
    create: async (inputs: CustomerOnboardingInputs) => ({
        id: inputs.customerName,
        outs: { customerName: inputs.customerName, stubTenantId: inputs.stubTenantId, tenantId: inputs.stubTenantId.toLowerCase() },
    }),
    diff: async (_id: string, olds: CustomerOnboardingInputs, news: CustomerOnboardingInputs) => {
        const replaces = (["customerName", "stubTenantId"] as const).filter((property) => olds[property] !== news[property]);
        return { changes: replaces.length > 0, replaces };
    },
};

/**
 * Stands in for the resource of your program that onboards a customer and so learns their Microsoft Entra
 * tenant (creating the customer through Partner Center's API returns it, for one). So that this example
 * runs anywhere, it calls nothing: it reports the `stubTenantId` it was given. Like a real one, it reports
 * it only once it has been created, as `tenantId`, an output that is not one of its inputs: the engine
 * previews a dynamic resource's creation with its inputs as its outputs, so an output named like an input
 * would be known at preview already.
 */
class CustomerOnboarding extends pulumi.dynamic.Resource {
    declare readonly tenantId: pulumi.Output<string>;

    constructor(
        name: string,
        args: { customerName: pulumi.Input<string>; stubTenantId: pulumi.Input<string> },
        opts?: pulumi.CustomResourceOptions,
    ) {
        super(customerOnboardingProvider, name, { ...args, tenantId: undefined }, opts, "examples", "CustomerOnboarding");
    }
}

function tenantFromOutput() {
    const config = new pulumi.Config();
    const onboarding = new CustomerOnboarding("contoso-onboarding", {
        customerName: "Contoso",
        stubTenantId: config.require("customerTenantId"),
    });
    const mapping = new CustomerSubscriptionMapping("contoso", {
        registrationId: config.require("registrationId"),
        customerSubscriptionId: config.require("customerSubscriptionId"),
        tenantId: onboarding.tenantId,
    });
    return { onboardedTenantId: onboarding.tenantId, mappingId: mapping.id, mappedTenantId: mapping.tenantId };
}

// The Pulumi Node.js runtime calls an exported function and makes its result the stack outputs.
export = tenantFromOutput;
