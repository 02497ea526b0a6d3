import { z } from "zod";
import { MAX_AUDIT_PAGE_SIZE } from "@/lib/audit/query";
import { invalid } from "@/lib/errors";
import { MAX_EVENTS_PAGE_SIZE } from "@/lib/events/query";
import { WEBHOOK_DELIVERY_STATUSES } from "@/lib/webhooks/schemas";
import { parseWith } from "@/lib/http/api-errors";
import { idSchema } from "@/lib/validation/ids";
import { isStorableText, storableText, text, TEXT_RULE_MESSAGE } from "@/lib/validation/text";
import { rfc3339Time } from "@/lib/validation/time";

// Query strings of the management API. Strict like the bodies: an unknown parameter is named in the error
// rather than silently ignored (a typo in a filter would otherwise return everything), and so is a
// parameter given twice (which of the two would apply is anyone's guess). Text follows the one text rule
// (lib/validation/text), times are storable ones (lib/validation/time).

const pageSize = (max: number) => z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(max, `must be at most ${max}`);
const cursor = text().min(1).max(500);

export const listOrganizationsQuerySchema = z.object({
  page_size: pageSize(100).optional(),
  cursor: cursor.optional(),
  /** Scalekit's name for the cursor. */
  page_token: cursor.optional(),
  search: text().max(200, "must be at most 200 characters").optional(),
}).strict();

const time = rfc3339Time();

export const auditEventsQuerySchema = z.object({
  organization_id: idSchema("organization").optional(),
  action: text().min(1).max(100).optional(),
  actor: text().min(1).max(320).optional(),
  target: text().min(1).max(200).optional(),
  since: time.optional(),
  until: time.optional(),
  search: text().max(200, "must be at most 200 characters").optional(),
  cursor: cursor.optional(),
  page_size: pageSize(MAX_AUDIT_PAGE_SIZE).optional(),
}).strict();

export const eventsQuerySchema = z.object({
  type: text().min(1).max(100).optional(),
  organization_id: idSchema("organization").optional(),
  since: time.optional(),
  cursor: cursor.optional(),
  page_size: pageSize(MAX_EVENTS_PAGE_SIZE).optional(),
}).strict();

export const eventTypesQuerySchema = z.object({
  /** true: only what webhooks deliver and the events API lists; false: only what stays in the audit trail. */
  webhook: z.enum(["true", "false"]).optional(),
}).strict();

export const deliveriesQuerySchema = z.object({
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
  type: text().min(1).max(100).optional(),
  cursor: cursor.optional(),
  page_size: pageSize(200).optional(),
}).strict();

/** Parses the query string with a strict schema (422 naming the parameter on failure). */
export function parseQuery<T>(schema: z.ZodType<T>, url: URL): T {
  const params: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    // The text rule for every parameter, whatever the route's schema says.
    if (!isStorableText(value) || !isStorableText(key)) throw invalid(storableText(key, 100), TEXT_RULE_MESSAGE);
    if (Object.hasOwn(params, key)) throw invalid(key, "is given more than once");
    params[key] = value;
  }
  return parseWith(schema, params);
}
