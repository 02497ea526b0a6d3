import { serviceProviderConfig } from "@/lib/scim/discovery";
import { scimRoute } from "@/lib/scim/http";

export const dynamic = "force-dynamic";

export const GET = scimRoute(async ({ base }) => ({ status: 200, body: serviceProviderConfig(base) }));
