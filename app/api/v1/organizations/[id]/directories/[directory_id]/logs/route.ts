import { json, managementRoute } from "@/lib/management/route";
import { parseQuery } from "@/lib/management/schemas";
import { listProvisioningLog } from "@/lib/directory";
import { provisioningLogQuerySchema } from "@/lib/directory/schemas";

export const dynamic = "force-dynamic";

type Params = { id: string; directory_id: string };

/** The directory's provisioning log (its last 1,000 SCIM requests), newest first. */
export const GET = managementRoute<Params>({ permission: "directories:read", organizationParam: "id", ids: { directory_id: "directory" } }, async ({ params, principal, url }) => {
  const q = parseQuery(provisioningLogQuerySchema, url);
  const page = await listProvisioningLog(principal, params.id, params.directory_id, { limit: q.page_size, before: q.before ? BigInt(q.before) : undefined, failedOnly: q.failed });
  return json({ entries: page.entries, next_before: page.next_before });
});
