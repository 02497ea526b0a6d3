import { createUserHandler, listUsersHandler } from "@/lib/scim/handlers";
import { scimRoute } from "@/lib/scim/http";

export const dynamic = "force-dynamic";

export const GET = scimRoute(listUsersHandler);
export const POST = scimRoute(createUserHandler);
