import { createGroupHandler, listGroupsHandler } from "@/lib/scim/handlers";
import { scimRoute } from "@/lib/scim/http";

export const dynamic = "force-dynamic";

export const GET = scimRoute(listGroupsHandler);
export const POST = scimRoute(createGroupHandler);
