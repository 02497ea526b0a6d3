import type { Principal } from "@/lib/authz";
import { db } from "@/lib/db";
import { storableText, truncateText } from "@/lib/validation/text";
import { authorizeOn, loadDirectory } from "./directories";
import type { ProvisioningLogEntry } from "./schemas";

// The provisioning log: the last 1,000 SCIM requests of each directory, so an IT admin can see why a push
// failed. A ring buffer: one statement per request bumps the directory's counter (and last_sync_at or
// last_error) and writes slot counter % 1000, overwriting the oldest entry, so the table never holds more
// than 1,000 rows per directory and needs no pruning. Bodies are kept with passwords and secrets removed,
// cut at 8 KB.

export const LOG_SIZE = 1000;
export const MAX_LOGGED_BODY = 8 * 1024;
const SECRET_KEY = /password|secret|token|credential|private/i;

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) ? "[removed]" : redact(v)]));
  }
  return value;
}

/** A storable copy (no NUL, no unpaired surrogate: what a refused request may echo) cut at `max` UTF-16 units without splitting a character. */
function cut(text: string, max: number): string {
  const safe = storableText(text, text.length);
  const kept = truncateText(safe, max);
  return kept.length === safe.length ? kept : `${kept}… (${safe.length - kept.length} more characters)`;
}

/** The body as the log keeps it: JSON with secrets removed, cut; anything else only by its size. */
export function loggableBody(body: string | null): string | null {
  if (body === null || body === "") return null;
  try {
    return cut(JSON.stringify(redact(JSON.parse(body))), MAX_LOGGED_BODY);
  } catch {
    return `(not JSON: ${Buffer.byteLength(body)} bytes)`;
  }
}

export interface ScimRequestRecord {
  directoryId: string;
  method: string;
  path: string;
  status: number;
  latencyMs: number;
  scimType: string | null;
  detail: string | null;
  requestId: string | null;
  body: string | null;
  /** Whether the caller held a valid token (last_sync_at moves only for authenticated, successful requests). */
  authenticated: boolean;
}

export async function recordScimRequest(r: ScimRequestRecord): Promise<void> {
  const ok = r.authenticated && r.status < 400;
  const error = r.status >= 400 ? cut(`${r.status}${r.scimType ? ` ${r.scimType}` : ""}: ${r.detail ?? ""}`, 500) : null;
  const detail = r.detail ? cut(r.detail, 1000) : null;
  await db.$executeRaw`
    WITH d AS (
      UPDATE directories SET log_seq = log_seq + 1,
        last_sync_at = CASE WHEN ${ok} THEN now() ELSE last_sync_at END,
        last_error = CASE WHEN ${error}::text IS NOT NULL THEN ${error}::text ELSE last_error END,
        last_error_time = CASE WHEN ${error}::text IS NOT NULL THEN now() ELSE last_error_time END
      WHERE id = ${r.directoryId} RETURNING log_seq
    )
    INSERT INTO directory_request_log (directory_id, slot, seq, time, method, path, status, latency_ms, scim_type, detail, request_id, request_body)
    SELECT ${r.directoryId}, (log_seq % ${LOG_SIZE})::smallint, log_seq, now(), ${r.method}, ${cut(r.path, 2000)}, ${r.status}::smallint, ${Math.round(r.latencyMs)},
           ${r.scimType}, ${detail}, ${r.requestId}, ${loggableBody(r.body)} FROM d
    ON CONFLICT (directory_id, slot) DO UPDATE SET seq = EXCLUDED.seq, time = EXCLUDED.time, method = EXCLUDED.method, path = EXCLUDED.path,
      status = EXCLUDED.status, latency_ms = EXCLUDED.latency_ms, scim_type = EXCLUDED.scim_type, detail = EXCLUDED.detail,
      request_id = EXCLUDED.request_id, request_body = EXCLUDED.request_body`;
}

export interface LogQuery {
  /** Entries older than this sequence number (paging). */
  before?: bigint;
  limit?: number;
  /** Only failed requests (status 400 and above). */
  failedOnly?: boolean;
}

export async function listProvisioningLog(principal: Principal, organizationId: string, directoryId: string, q: LogQuery = {}): Promise<{ entries: ProvisioningLogEntry[]; next_before: string | null }> {
  authorizeOn(principal, "directories:read", organizationId);
  await loadDirectory(organizationId, directoryId);
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
  const rows = await db.directoryRequestLog.findMany({
    where: { directoryId, ...(q.before !== undefined ? { seq: { lt: q.before } } : {}), ...(q.failedOnly ? { status: { gte: 400 } } : {}) },
    orderBy: { seq: "desc" }, take: limit + 1,
  });
  const entries = rows.slice(0, limit).map((r) => ({
    seq: r.seq.toString(), time: r.time.toISOString(), method: r.method, path: r.path, status: r.status, latency_ms: r.latencyMs,
    scim_type: r.scimType, detail: r.detail, request_id: r.requestId, request_body: r.requestBody,
  }));
  return { entries, next_before: rows.length > limit ? entries.at(-1)!.seq : null };
}
