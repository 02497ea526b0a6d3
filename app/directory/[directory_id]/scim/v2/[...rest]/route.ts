import { methodNotAllowed, scimNotFound } from "@/lib/scim/errors";
import { scimRoute } from "@/lib/scim/http";

export const dynamic = "force-dynamic";

// Anything else under the SCIM base URL: a SCIM 404 (authenticated like the rest, so it reveals nothing).
const notFound = scimRoute(async ({ url }) => {
  const path = url.pathname.replace(/^.*\/scim\/v2/, "");
  if (/^\/(Bulk|\.search)$/i.test(path) || /\/\.search$/i.test(path)) throw methodNotAllowed(`${path.slice(1)} is not supported (see /ServiceProviderConfig)`);
  throw scimNotFound(`No SCIM endpoint ${JSON.stringify(path.slice(0, 200))}`);
});
export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
