import { eventTypes } from "@/lib/events/query";
import { json, managementRoute } from "@/lib/management/route";
import { parseQuery } from "@/lib/management/schemas";
import { z } from "zod";

export const dynamic = "force-dynamic";

export const GET = managementRoute({ permission: "events:read" }, async ({ url }) => {
  const { webhook } = parseQuery(z.object({ webhook: z.enum(["true", "false"]).optional() }).strict(), url);
  const types = eventTypes().filter((t) => webhook === undefined || String(t.webhook) === webhook);
  return json({ event_types: types });
});
