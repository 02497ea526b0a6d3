import { parseWith, readJsonBody } from "@/lib/http/api-errors";
import { json, managementRoute, noContent } from "@/lib/management/route";
import { deleteWebhookEndpoint, getWebhookEndpoint, updateWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { updateWebhookEndpointSchema } from "@/lib/webhooks/schemas";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = managementRoute<Params>({ permission: "webhooks:read", ids: { id: "webhook_endpoint" } }, async ({ params, principal }) =>
  json({ webhook_endpoint: await getWebhookEndpoint(principal, params.id) }));

export const PATCH = managementRoute<Params>({ permission: "webhooks:write", ids: { id: "webhook_endpoint" } }, async ({ request, params, ctx }) => {
  const input = parseWith(updateWebhookEndpointSchema, await readJsonBody(request));
  return json({ webhook_endpoint: await updateWebhookEndpoint(ctx, params.id, input) });
});

export const DELETE = managementRoute<Params>({ permission: "webhooks:write", ids: { id: "webhook_endpoint" } }, async ({ params, ctx }) => {
  await deleteWebhookEndpoint(ctx, params.id);
  return noContent();
});
