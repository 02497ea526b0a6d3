import { parseWith, readJsonBody } from "@/lib/http/api-errors";
import { json, managementRoute } from "@/lib/management/route";
import { getOwnRedirectUris, setOwnRedirectUris } from "@/lib/service-principals";
import { ownRedirectUrisSchema } from "@/lib/service-principals/schemas";

// The calling environment client's own SSO redirect URIs (where /oauth/authorize may send users back,
// matched exactly) and its default redirect URI (where IdP-initiated logins land). Operators manage
// every client's in the console; a host app's backend registers its own callbacks here.
export const dynamic = "force-dynamic";

export const GET = managementRoute({ permission: "clients:read" }, async ({ principal }) => json(await getOwnRedirectUris(principal)));

export const PUT = managementRoute({ permission: "clients:write" }, async ({ request, ctx }) =>
  json(await setOwnRedirectUris(ctx, parseWith(ownRedirectUrisSchema, await readJsonBody(request)))));
