import { can } from "@/lib/authz";
import { recordAudit } from "@/lib/audit/writer";
import { auditExportStream, exportFileName, type AuditExportFormat } from "@/lib/audit/export";
import { auditQueryFrom, filterParamsFrom } from "@/lib/audit/filters";
import { queryAuditEvents } from "@/lib/audit/query";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { contextFromHeaders } from "@/lib/http/request-context";
import { actorFor } from "@/lib/mutation";
import { getOperatorPrincipal } from "@/lib/operators/principal";

// GET /console/audit/export?format=csv|ndjson&<the audit page's filters>: the filtered audit log as a
// streamed download. The export itself is recorded in the audit log.

const TYPES: Record<AuditExportFormat, string> = { csv: "text/csv; charset=utf-8", ndjson: "application/x-ndjson; charset=utf-8" };

function problem(status: number, message: string, field?: string) {
  return Response.json({ error: status === 401 ? "unauthenticated" : status === 403 ? "forbidden" : "invalid_request", error_description: message, ...(field ? { details: [{ field, message }] } : {}) }, { status, headers: { "Cache-Control": "no-store" } });
}

export async function GET(request: Request) {
  const principal = await getOperatorPrincipal();
  if (!principal) return problem(401, "Sign in to the console to export the audit log.");
  if (!can(principal, "audit:read")) return problem(403, "You may not read the audit log.");
  const url = new URL(request.url);
  const format = url.searchParams.get("format") ?? "csv";
  if (format !== "csv" && format !== "ndjson") return problem(400, "format must be csv or ndjson", "format");
  const params = filterParamsFrom(url.searchParams);
  let query;
  try {
    query = auditQueryFrom(params);
    // Validate the filter (and the caller's reach) before the response starts.
    await queryAuditEvents(principal, { ...query, limit: 1 });
  } catch (err) {
    if (err instanceof DomainError) return problem(err.code === "not_found" ? 404 : 400, err.message, err.field);
    throw err;
  }
  await recordAudit(db, {
    action: "audit_log.exported", actor: actorFor(principal), organizationId: params.organization_id ?? null,
    metadata: { format, filters: params }, context: contextFromHeaders(request.headers),
  });
  return new Response(auditExportStream(principal, query, format), {
    headers: {
      "Content-Type": TYPES[format],
      "Content-Disposition": `attachment; filename="${exportFileName(format)}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
