import { ANONYMOUS_ACTOR } from "@/lib/audit/actor";
import { RepeatedAuditEvents, type AuditWrite, type SummarisedEvent } from "@/lib/audit/repeats";
import type { RequestContext } from "@/lib/http/request-context";
import { storableText } from "@/lib/validation/text";
import type { ClientAuthFailure } from "./errors";

// Failed client authentications in the audit trail (action `client_authentication.failed`, metadata
// { client_id, reason }, IP, user agent, request id), without letting a flood of bad requests flood the
// hash-chained audit log (lib/audit/repeats): the first failure per client + reason + minute is written
// at once; further ones in that minute become one summary event ({ …, repeated, window_start }) once the
// minute is over. Past 200 distinct clients in a minute (random client ids; RepeatedAuditEvents' default
// maxKeysPerWindow), the rest fold into one "(many clients)" entry per reason.

const MANY = "(many clients)";
const MAX_CLIENT_ID_AUDITED = 200;

export type { AuditWrite };

function failure(clientId: string, organizationId: string | null, reason: ClientAuthFailure): SummarisedEvent {
  const detail = { client_id: clientId || null, reason };
  return {
    type: "client_authentication.failed", actor: ANONYMOUS_ACTOR, organizationId,
    target: clientId && clientId !== MANY ? { type: "client", id: clientId } : null,
    data: detail, metadata: detail,
  };
}

export class AuthFailureAuditor {
  private readonly events: RepeatedAuditEvents;

  constructor(write?: AuditWrite, now?: () => number) {
    this.events = new RepeatedAuditEvents(write, now);
  }

  record(clientId: string | null, organizationId: string | null, reason: ClientAuthFailure, context: RequestContext): void {
    // What the caller sent may be anything (NUL, lone surrogates, a 200-character id ending in an emoji):
    // the event keeps a copy that can always be stored, cut at a character boundary.
    const id = storableText(clientId ?? "", MAX_CLIENT_ID_AUDITED);
    void this.events.record(
      { key: `${reason}|${id}`, event: () => failure(id, organizationId, reason) },
      context,
      { key: `${reason}|${MANY}`, event: () => failure(MANY, null, reason) },
    );
  }

  /** Writes the summaries of minutes that are over (or of every minute, at shutdown). */
  flush(options?: { all?: boolean }): Promise<void> {
    return this.events.flush(options);
  }
}
