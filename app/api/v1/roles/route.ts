import { json, managementRoute } from "@/lib/management/route";
import { parseWith, readJsonBody } from "@/lib/http/api-errors";
import { createRole, listRoles } from "@/lib/roles";
import { createRoleSchema } from "@/lib/roles/schemas";

export const dynamic = "force-dynamic";

export const GET = managementRoute({ permission: "roles:read" }, async ({ principal }) => json({ roles: await listRoles(principal) }));

export const POST = managementRoute({ permission: "roles:write" }, async ({ request, ctx }) => {
  const input = parseWith(createRoleSchema, await readJsonBody(request));
  return json({ role: await createRole(ctx, input) }, 201);
});
