import { deleteGroupHandler, getGroupHandler, patchGroupHandler, replaceGroupHandler } from "@/lib/scim/handlers";
import { scimRoute } from "@/lib/scim/http";

export const dynamic = "force-dynamic";

export const GET = scimRoute(getGroupHandler);
export const PUT = scimRoute(replaceGroupHandler);
export const PATCH = scimRoute(patchGroupHandler);
export const DELETE = scimRoute(deleteGroupHandler);
