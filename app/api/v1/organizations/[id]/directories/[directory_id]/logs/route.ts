import { z } from "zod";
import { json, managementRoute } from "@/lib/management/route";
import { parseQuery } from "@/lib/management/schemas";
import { listProvisioningLog } from "@/lib/directory";

export const dynamic = "force-dynamic";

type Params = { id: string; directory_id: string };

const querySchema = z.object({
  page_size: z.coerce.number({ error: "must be a number" }).int().min(1).max(200).optional(),
  before: z.string().regex(/^\d{1,19}$/, "is not a log position this API returned").optional(),
  failed: z.enum(["true", "false"]).optional(),
}).strict();

/** The directory's provisioning log (its last 1,000 SCIM requests), newest first. */
export const GET = managementRoute<Params>({ permission: "directories:read", organizationParam: "id", ids: { directory_id: "directory" } }, async ({ params, principal, url }) => {
  const q = parseQuery(querySchema, url);
  const page = await listProvisioningLog(principal, params.id, params.directory_id, { limit: q.page_size, before: q.before ? BigInt(q.before) : undefined, failedOnly: q.failed === "true" });
  return json({ entries: page.entries, next_before: page.next_before });
});
