/**
 * The ARM metadata endpoint clients read to find the login endpoint and audience, in each api-version's
 * shape: 2022-09-01 and newer (what `az cloud register` asks) one object for this cloud; 2019-05-01 up to
 * then the array of clouds; older (Azure Stack Hub's 2015-01-01, msrestazure's 1.0) its legacy document.
 */
import type { Reply } from "./arm.js";
import type { Endpoints } from "./endpoints.js";

export function metadataEndpoints(query: URLSearchParams, endpoints: Endpoints): Reply {
    const version = query.get("api-version") ?? "2015-01-01";
    const arm = `${endpoints.armEndpoint}/`;
    const authentication = {
        loginEndpoint: `${endpoints.authorityHost}/`,
        audiences: [arm],
        tenant: endpoints.tenantId,
        identityProvider: "AAD",
    };
    if (version < "2019-05-01")
        return { status: 200, body: { galleryEndpoint: "", graphEndpoint: "", portalEndpoint: "", authentication } };
    const cloud = { name: "AzureStackEmulator", resourceManager: arm, portal: "", authentication, suffixes: {} };
    if (version < "2022-09-01") return { status: 200, body: [cloud] };
    return { status: 200, body: cloud };
}
