import { parseWith, readJsonBody } from "@/lib/http/api-errors";
import { json, managementRoute } from "@/lib/management/route";
import { createWebhookEndpoint, listWebhookEndpoints } from "@/lib/webhooks/endpoints";
import { createWebhookEndpointSchema } from "@/lib/webhooks/schemas";

export const dynamic = "force-dynamic";

export const POST = managementRoute({ permission: "webhooks:write" }, async ({ request, ctx }) => {
  const input = parseWith(createWebhookEndpointSchema, await readJsonBody(request));
  const { endpoint, secret } = await createWebhookEndpoint(ctx, input);
  return json({ webhook_endpoint: endpoint, secret }, 201);
});

export const GET = managementRoute({ permission: "webhooks:read" }, async ({ principal }) =>
  json({ webhook_endpoints: await listWebhookEndpoints(principal) }));
