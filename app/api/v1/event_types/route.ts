import { eventTypes } from "@/lib/events/query";
import { json, managementRoute } from "@/lib/management/route";
import { eventTypesQuerySchema, parseQuery } from "@/lib/management/schemas";

export const dynamic = "force-dynamic";

export const GET = managementRoute({ permission: "events:read" }, async ({ url }) => {
  const { webhook } = parseQuery(eventTypesQuerySchema, url);
  const types = eventTypes().filter((t) => webhook === undefined || String(t.webhook) === webhook);
  return json({ event_types: types });
});
