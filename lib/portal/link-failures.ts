import { ANONYMOUS_ACTOR } from "@/lib/audit/actor";
import type { RequestContext } from "@/lib/http/request-context";
import { ThrottledAuditor } from "./throttled-audit";

// Failed opens of a stored portal link (used, expired or revoked) in the audit trail, as
// `portal_link.open_failed` with { link_id, kind, reason }, IP and user agent, under the link's
// organization: first per link, reason and minute at once, repeats summarized (./throttled-audit.ts).
// Tokens that match no link are only logged (by the caller): they name nothing to audit.

export const PORTAL_LINK_OPEN_FAILED = "portal_link.open_failed";
const MANY_LINKS = "(many links)";
const FLUSH_EVERY_MS = 5_000;

// One per process (route handlers may be bundled more than once), flushed on a timer.
const shared = globalThis as unknown as { portico_portal_link_failures?: ThrottledAuditor };

function auditor(): ThrottledAuditor {
  if (!shared.portico_portal_link_failures) {
    const created = new ThrottledAuditor({
      overflow: (_key, input) => {
        const reason = (input.metadata as { reason?: string } | null)?.reason ?? "unknown";
        return { key: `${MANY_LINKS}|${reason}`, input: { ...input, organizationId: null, target: null, metadata: { link_id: MANY_LINKS, reason } } };
      },
    });
    setInterval(() => void created.flush(), FLUSH_EVERY_MS).unref();
    shared.portico_portal_link_failures = created;
  }
  return shared.portico_portal_link_failures;
}

export type StoredLinkFailure = "used" | "expired" | "revoked";

export function recordLinkOpenFailure(link: { id: string; organizationId: string; kind: string }, reason: StoredLinkFailure, context: RequestContext | null): void {
  auditor().record(`${link.id}|${reason}`, {
    action: PORTAL_LINK_OPEN_FAILED, actor: ANONYMOUS_ACTOR, organizationId: link.organizationId,
    target: { type: "portal_link", id: link.id }, metadata: { link_id: link.id, kind: link.kind, reason }, context,
  });
}

/** Writes pending summaries: those of past minutes, or all of them (at shutdown, and in tests). */
export function flushLinkOpenFailures(opts: { all?: boolean } = {}): Promise<void> {
  return auditor().flush(opts);
}
