import { recordAudit } from "@/lib/audit/writer";
import { ANONYMOUS_ACTOR } from "@/lib/audit/actor";
import { db } from "@/lib/db";
import type { RequestContext } from "@/lib/http/request-context";
import { log } from "@/lib/log";
import type { ClientAuthFailure } from "./errors";

// Failed client authentications in the audit trail (action `client_authentication.failed`, metadata
// { client_id, reason }, IP, user agent, request id), without letting a flood of bad requests flood the
// hash-chained audit log: the first failure per client + reason + minute is written at once; further
// ones in that minute are counted and written as one summary event ({ …, repeated, window_start }) once
// the minute is over. Past MAX_KEYS_PER_MINUTE distinct clients in a minute (random client ids), the
// rest fold into one "(many clients)" entry per reason.

export const CLIENT_AUTH_FAILED = "client_authentication.failed";
const MINUTE_MS = 60_000;
const MAX_KEYS_PER_MINUTE = 200;
const MANY = "(many clients)";

interface Entry {
  clientId: string;
  organizationId: string | null;
  reason: ClientAuthFailure;
  minute: number;
  repeated: number;
  lastContext: RequestContext;
}

export type AuditWrite = (input: Parameters<typeof recordAudit>[1]) => Promise<unknown>;

export class AuthFailureAuditor {
  private entries = new Map<string, Entry>();
  private keysThisMinute = { minute: 0, count: 0 };
  private pending = new Set<Promise<unknown>>();

  constructor(private readonly write: AuditWrite = (input) => recordAudit(db, input), private readonly now: () => number = Date.now) {}

  record(clientId: string | null, organizationId: string | null, reason: ClientAuthFailure, context: RequestContext): void {
    const now = this.now();
    const minute = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    let id = (clientId ?? "").slice(0, 200);
    let key = `${minute}|${reason}|${id}`;
    const existing = this.entries.get(key);
    if (existing) {
      existing.repeated++;
      existing.lastContext = context;
      return;
    }
    if (this.keysThisMinute.minute !== minute) this.keysThisMinute = { minute, count: 0 };
    if (++this.keysThisMinute.count > MAX_KEYS_PER_MINUTE) {
      id = MANY;
      organizationId = null;
      key = `${minute}|${reason}|${id}`;
      const many = this.entries.get(key);
      if (many) {
        many.repeated++;
        many.lastContext = context;
        return;
      }
    }
    this.entries.set(key, { clientId: id, organizationId, reason, minute, repeated: 0, lastContext: context });
    this.track(this.write({
      action: CLIENT_AUTH_FAILED, actor: ANONYMOUS_ACTOR, organizationId,
      target: id && id !== MANY ? { type: "client", id } : null,
      metadata: { client_id: id || null, reason }, context,
    }));
  }

  /** Writes the summaries of minutes that are over (or of every minute, at shutdown). */
  async flush({ all = false }: { all?: boolean } = {}): Promise<void> {
    const current = Math.floor(this.now() / MINUTE_MS) * MINUTE_MS;
    for (const [key, e] of this.entries) {
      if (!all && e.minute >= current) continue;
      this.entries.delete(key);
      if (e.repeated > 0) {
        this.track(this.write({
          action: CLIENT_AUTH_FAILED, actor: ANONYMOUS_ACTOR, organizationId: e.organizationId,
          target: e.clientId && e.clientId !== MANY ? { type: "client", id: e.clientId } : null,
          metadata: { client_id: e.clientId || null, reason: e.reason, repeated: e.repeated, window_start: new Date(e.minute).toISOString(), window_end: new Date(e.minute + MINUTE_MS).toISOString() },
          context: e.lastContext,
        }));
      }
    }
    await Promise.allSettled([...this.pending]);
  }

  private track(p: Promise<unknown>): void {
    const tracked = p.catch((err) => log.error({ err }, "could not record a failed client authentication"));
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }
}
