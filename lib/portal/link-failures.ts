import { ANONYMOUS_ACTOR } from "@/lib/audit/actor";
import { processSummariser } from "@/lib/audit/repeats";
import type { RequestContext } from "@/lib/http/request-context";

// Failed opens of a stored portal link (used, expired or revoked) in the audit trail, as
// `portal_link.open_failed` with { link_id, kind, reason }, IP and user agent, under the link's
// organization. A script re-opening a dead link in a loop must not flood the audit log, so this goes
// through the summariser client_authentication.failed and failed sign-ins use (lib/audit/repeats): the
// first per link, reason and minute at once, repeats as one summary event (`repeated`) when the minute
// is over, and whatever is pending at shutdown. Tokens that match no link are only logged (by the
// caller): they name nothing to audit.

import { EVENT_CATALOG } from "@/lib/events/catalog";

/** The audit action, for queries. */
export const PORTAL_LINK_OPEN_FAILED = EVENT_CATALOG["portal_link.open_failed"].audit.action;
const MANY_LINKS = "(many links)";

const failures = () => processSummariser("portal-link-open-failures");

export type StoredLinkFailure = "used" | "expired" | "revoked";

export function recordLinkOpenFailure(link: { id: string; organizationId: string; kind: string }, reason: StoredLinkFailure, context: RequestContext | null): void {
  void failures().record({
    key: `${link.id}|${reason}`,
    event: () => ({
      type: "portal_link.open_failed", actor: ANONYMOUS_ACTOR, organizationId: link.organizationId,
      target: { type: "portal_link", id: link.id }, data: { link_id: link.id, kind: link.kind, reason }, metadata: { link_id: link.id, kind: link.kind, reason },
    }),
  }, context, {
    // Past the per-minute key limit, one entry per reason stands for the rest.
    key: `${MANY_LINKS}|${reason}`,
    event: () => ({ type: "portal_link.open_failed", actor: ANONYMOUS_ACTOR, organizationId: null, target: null, data: { link_id: MANY_LINKS, reason }, metadata: { link_id: MANY_LINKS, reason } }),
  });
}

/** Writes pending summaries: those of past minutes, or all of them (in tests; shutdown flushes every summariser). */
export function flushLinkOpenFailures(opts: { all?: boolean } = {}): Promise<void> {
  return failures().flush(opts);
}
