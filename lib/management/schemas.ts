import { z } from "zod";
import { MAX_AUDIT_PAGE_SIZE } from "@/lib/audit/query";
import { ApiError, parseWith } from "@/lib/http/api-errors";
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

/** Parses the query string with a strict schema (422 naming the parameter on failure). */
export function parseQuery<T>(schema: z.ZodType<T>, url: URL): T {
  const params: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    if (Object.hasOwn(params, key)) {
      throw new ApiError("validation_failed", `The request has invalid fields: ${key}: is given more than once`, [{ field: key, message: "is given more than once" }]);
    }
    // The text rule for every parameter, whatever the route's schema says.
    if (!isStorableText(value) || !isStorableText(key)) {
      const field = storableText(key, 100);
      throw new ApiError("validation_failed", `The request has invalid fields: ${field}: ${TEXT_RULE_MESSAGE}`, [{ field, message: TEXT_RULE_MESSAGE }]);
    }
    params[key] = value;
  }
  return parseWith(schema, params);
}
