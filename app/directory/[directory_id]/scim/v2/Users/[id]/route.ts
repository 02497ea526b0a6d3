import { deleteUserHandler, getUserHandler, patchUserHandler, replaceUserHandler } from "@/lib/scim/handlers";
import { scimRoute } from "@/lib/scim/http";

export const dynamic = "force-dynamic";

export const GET = scimRoute(getUserHandler);
export const PUT = scimRoute(replaceUserHandler);
export const PATCH = scimRoute(patchUserHandler);
export const DELETE = scimRoute(deleteUserHandler);
