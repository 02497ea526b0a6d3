import { can } from "@/lib/authz";
import { exportFileName, parseExportFormat, startAuditExport, type AuditExportFormat } from "@/lib/audit/export";
import { filterParamsFrom } from "@/lib/audit/filters";
import { DomainError } from "@/lib/errors";
import { contextFromHeaders } from "@/lib/http/request-context";
import { actorFor } from "@/lib/mutation";
import { getOperatorPrincipal } from "@/lib/operators/principal";

// GET /console/audit/export?format=csv|ndjson&<the audit page's filters>: the filtered audit log as a
// streamed download (lib/audit/export, which also records the export in the audit log).

const TYPES: Record<AuditExportFormat, string> = { csv: "text/csv; charset=utf-8", ndjson: "application/x-ndjson; charset=utf-8" };

function problem(status: number, message: string, field?: string) {
  return Response.json({ error: status === 401 ? "unauthenticated" : status === 403 ? "forbidden" : "invalid_request", error_description: message, ...(field ? { details: [{ field, message }] } : {}) }, { status, headers: { "Cache-Control": "no-store" } });
}

export async function GET(request: Request) {
  const principal = await getOperatorPrincipal();
  if (!principal) return problem(401, "Sign in to the console to export the audit log.");
  if (!can(principal, "audit:read")) return problem(403, "You may not read the audit log.");
  const url = new URL(request.url);
  try {
    const format = parseExportFormat(url.searchParams.get("format"));
    const stream = await startAuditExport({ principal, actor: actorFor(principal), request: contextFromHeaders(request.headers) }, filterParamsFrom(url.searchParams), format);
    return new Response(stream, {
      headers: {
        "Content-Type": TYPES[format],
        "Content-Disposition": `attachment; filename="${exportFileName(format)}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (err) {
    if (err instanceof DomainError) return problem(err.code === "not_found" ? 404 : err.code === "forbidden" ? 403 : 400, err.message, err.field);
    throw err;
  }
}
