import { parseWith, readJsonBody } from "@/lib/http/api-errors";
import { json, managementRoute } from "@/lib/management/route";
import { createConnection, listConnections } from "@/lib/sso/connections";
import { createConnectionSchema, MAX_CONNECTION_BODY_BYTES } from "@/lib/sso/schemas";

// An organization's SSO connections (lib/sso/connections.ts): list, create.
export const dynamic = "force-dynamic";

type Params = { id: string };

export const POST = managementRoute<Params>({ permission: "connections:write", organizationParam: "id" }, async ({ request, params, ctx }) => {
  const input = parseWith(createConnectionSchema, await readJsonBody(request, MAX_CONNECTION_BODY_BYTES));
  return json({ connection: await createConnection(ctx, params.id, input) }, 201);
});

export const GET = managementRoute<Params>({ permission: "connections:read", organizationParam: "id" }, async ({ params, principal }) =>
  json({ connections: await listConnections(principal, params.id) }));
