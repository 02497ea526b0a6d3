import { json, managementRoute } from "@/lib/management/route";
import { listOrganizationsQuerySchema, parseQuery } from "@/lib/management/schemas";
import { parseWith, readJsonBody } from "@/lib/http/api-errors";
import { DomainError, invalid } from "@/lib/errors";
import { createOrganization, listOrganizations } from "@/lib/organizations";
import { createOrganizationSchema } from "@/lib/organizations/schemas";

export const dynamic = "force-dynamic";

export const POST = managementRoute({ permission: "organizations:write" }, async ({ request, ctx }) => {
  const input = parseWith(createOrganizationSchema, await readJsonBody(request));
  return json({ organization: await createOrganization(ctx, input) }, 201);
});

export const GET = managementRoute({ permission: "organizations:read" }, async ({ url, principal }) => {
  const q = parseQuery(listOrganizationsQuerySchema, url);
  const page = await listOrganizations(principal, { cursor: q.cursor ?? q.page_token, limit: q.page_size, search: q.search }).catch((err: unknown) => {
    // Scalekit's page_token is our cursor: name the parameter the caller sent.
    if (err instanceof DomainError && err.field === "cursor" && q.cursor === undefined) throw invalid("page_token", err.message);
    throw err;
  });
  return json({ organizations: page.organizations, next_cursor: page.next_cursor, next_page_token: page.next_cursor });
});
