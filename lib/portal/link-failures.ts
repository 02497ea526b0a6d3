import { ANONYMOUS_ACTOR } from "@/lib/audit/actor";
import { RepeatedAuditEvents, registerRepeatedAuditEvents } from "@/lib/audit/repeats";
import type { RequestContext } from "@/lib/http/request-context";
import { log } from "@/lib/log";

// Failed opens of a stored portal link (used, expired or revoked) in the audit trail, as
// `portal_link.open_failed` with { link_id, kind, reason }, IP and user agent, under the link's
// organization. A script re-opening a dead link in a loop must not flood the audit log, so this goes
// through the summariser client_authentication.failed and failed sign-ins use (lib/audit/repeats): the
// first per link, reason and minute at once, repeats as one summary event (`repeated`) when the minute
// is over, and whatever is pending at shutdown. Tokens that match no link are only logged (by the
// caller): they name nothing to audit.

export const PORTAL_LINK_OPEN_FAILED = "portal_link.open_failed";
const MANY_LINKS = "(many links)";

// One per process (route handlers may be bundled more than once), flushed on a timer.
const KEY = Symbol.for("portico.portal.link-open-failures");
const holder = globalThis as unknown as { [KEY]?: RepeatedAuditEvents };

function failures(): RepeatedAuditEvents {
  let summariser = holder[KEY];
  if (!summariser) {
    const created = registerRepeatedAuditEvents(new RepeatedAuditEvents());
    setInterval(() => void created.flush().catch((err: unknown) => log.warn({ err }, "portal link failure summaries could not be written")), 5_000).unref();
    holder[KEY] = summariser = created;
  }
  return summariser;
}

export type StoredLinkFailure = "used" | "expired" | "revoked";

export function recordLinkOpenFailure(link: { id: string; organizationId: string; kind: string }, reason: StoredLinkFailure, context: RequestContext | null): void {
  void failures().record({
    key: `${link.id}|${reason}`,
    event: () => ({
      action: PORTAL_LINK_OPEN_FAILED, actor: ANONYMOUS_ACTOR, organizationId: link.organizationId,
      target: { type: "portal_link", id: link.id }, metadata: { link_id: link.id, kind: link.kind, reason },
    }),
  }, context, {
    // Past the per-minute key limit, one entry per reason stands for the rest.
    key: `${MANY_LINKS}|${reason}`,
    event: () => ({ action: PORTAL_LINK_OPEN_FAILED, actor: ANONYMOUS_ACTOR, organizationId: null, target: null, metadata: { link_id: MANY_LINKS, reason } }),
  });
}

/** Writes pending summaries: those of past minutes, or all of them (in tests; shutdown flushes every summariser). */
export function flushLinkOpenFailures(opts: { all?: boolean } = {}): Promise<void> {
  return failures().flush(opts);
}
