import type { Principal } from "@/lib/authz";
import { invalid } from "@/lib/errors";
import type { MutationContext } from "@/lib/mutation";
import { auditQueryFrom, type AuditFilterParams } from "./filters";
import { MAX_AUDIT_PAGE_SIZE, queryAuditEvents, type AuditEventView, type AuditQuery } from "./query";
import { emitStandalone } from "@/lib/events/emit";

// Exports of the audit log under a filter, as CSV or NDJSON. The output is produced page by page
// (keyset pages of the same query the console shows) into a stream, so an export of a million events
// holds one page in memory at a time, and a slow client slows the reads down instead of filling memory.

export type AuditExportFormat = "csv" | "ndjson";

export const CSV_COLUMNS = [
  "time", "id", "organization_id", "actor_type", "actor_id", "actor_label", "action", "target_type", "target_id",
  "ip", "user_agent", "request_id", "before", "after", "metadata",
] as const;

const json = (v: unknown) => (v === null || v === undefined ? "" : JSON.stringify(v));

/** One CSV field: quoted when needed; a leading = + - @ is defused so spreadsheets do not run it as a formula. */
export function csvField(value: string | null | undefined): string {
  let text = value ?? "";
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(e: AuditEventView): string {
  const cells = [
    e.time, e.id, e.organization_id, e.actor.type, e.actor.id, e.actor.label, e.action, e.target?.type, e.target?.id,
    e.ip, e.user_agent, e.request_id, json(e.before), json(e.after), json(e.metadata),
  ];
  return `${cells.map((c) => csvField(c ?? null)).join(",")}\r\n`;
}

/** Every event matching `query`, newest first, one page at a time. */
export async function* auditEventsMatching(principal: Principal, query: Omit<AuditQuery, "cursor" | "limit">): AsyncGenerator<AuditEventView> {
  let cursor: string | null = null;
  do {
    const page = await queryAuditEvents(principal, { ...query, cursor, limit: MAX_AUDIT_PAGE_SIZE });
    yield* page.events;
    cursor = page.next_cursor;
  } while (cursor);
}

/**
 * A byte stream of the export. Authorization and filter validation happen when the first page is read,
 * on the first pull; `startAuditExport` checks them beforehand so they become a proper response.
 */
export function auditExportStream(principal: Principal, query: Omit<AuditQuery, "cursor" | "limit">, format: AuditExportFormat): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const events = auditEventsMatching(principal, query);
  let headerSent = format !== "csv";
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(`${CSV_COLUMNS.join(",")}\r\n`));
        return;
      }
      // Send up to one page per pull so backpressure applies between pages.
      const chunk: string[] = [];
      for (let i = 0; i < MAX_AUDIT_PAGE_SIZE; i++) {
        const next = await events.next();
        if (next.done) {
          if (chunk.length) controller.enqueue(encoder.encode(chunk.join("")));
          controller.close();
          return;
        }
        chunk.push(format === "csv" ? csvRow(next.value) : `${JSON.stringify(next.value)}\n`);
      }
      controller.enqueue(encoder.encode(chunk.join("")));
    },
    async cancel() {
      await events.return(undefined);
    },
  });
}

export function parseExportFormat(value: string | null | undefined): AuditExportFormat {
  const format = value ?? "csv";
  if (format !== "csv" && format !== "ndjson") throw invalid("format", "format must be csv or ndjson");
  return format;
}

/**
 * Starts an export of the audit log under the console's filter parameters: checks the filter and the
 * caller's reach before anything is sent (errors come out as DomainErrors), records the export itself
 * in the audit log, and returns the stream.
 */
export async function startAuditExport(ctx: MutationContext, params: AuditFilterParams, format: AuditExportFormat): Promise<ReadableStream<Uint8Array>> {
  const query = auditQueryFrom(params);
  // A separate check rather than the stream's first page: that page is read after the export's own
  // event is recorded, so an export whose filter matches it includes it.
  await queryAuditEvents(ctx.principal, { ...query, limit: 1 });
  await emitStandalone("audit_log.exported", {
    organizationId: params.organization_id ?? null, actor: ctx.actor, context: ctx.request,
    data: { format, filters: params }, after: null, metadata: { format, filters: params },
  });
  return auditExportStream(ctx.principal, query, format);
}

export function exportFileName(format: AuditExportFormat, now = new Date()): string {
  return `portico-audit-${now.toISOString().replace(/[:.]/g, "-").slice(0, 19)}.${format === "csv" ? "csv" : "ndjson"}`;
}
