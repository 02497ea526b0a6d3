import { ApiError, parseWith, readJsonBody } from "@/lib/http/api-errors";
import { json, managementRoute, noContent } from "@/lib/management/route";
import { deleteConnection, disableConnection, enableConnection, getConnection, updateConnection } from "@/lib/sso/connections";
import { enableConnectionSchema, MAX_CONNECTION_BODY_BYTES, updateConnectionSchema } from "@/lib/sso/schemas";

// One SSO connection: read, update, delete; PATCH …/connections/{id}:enable and …:disable (Scalekit's
// custom-method form) turn it on and off. Enabling needs a passing Test connection at the current
// settings, or {"skip_test": true} (recorded in the audit trail).
export const dynamic = "force-dynamic";

type Params = { id: string; connection_id: string };

/** `conn_1:enable` → ["conn_1", "enable"]; the segment arrives decoded. */
function split(segment: string): { id: string; method: "enable" | "disable" | null } {
  const m = /^(.+?):(enable|disable)$/.exec(segment);
  return m ? { id: m[1]!, method: m[2] as "enable" | "disable" } : { id: segment, method: null };
}

export const GET = managementRoute<Params>({ permission: "connections:read", organizationParam: "id" }, async ({ params, principal }) => {
  const { id, method } = split(params.connection_id);
  if (method) throw new ApiError("invalid_request", `Use PATCH for :${method}`);
  return json({ connection: await getConnection(principal, params.id, id) });
});

export const PATCH = managementRoute<Params>({ permission: "connections:write", organizationParam: "id" }, async ({ request, params, ctx }) => {
  const { id, method } = split(params.connection_id);
  if (method) {
    // The body is optional here ({"skip_test": true} at most).
    const options = parseWith(enableConnectionSchema, request.headers.get("content-type") ? await readJsonBody(request) : {});
    const connection = method === "enable" ? await enableConnection(ctx, params.id, id, options) : await disableConnection(ctx, params.id, id);
    return json({ connection });
  }
  const patch = parseWith(updateConnectionSchema, await readJsonBody(request, MAX_CONNECTION_BODY_BYTES));
  return json({ connection: await updateConnection(ctx, params.id, id, patch) });
});

export const DELETE = managementRoute<Params>({ permission: "connections:write", organizationParam: "id" }, async ({ params, ctx }) => {
  await deleteConnection(ctx, params.id, split(params.connection_id).id);
  return noContent();
});
