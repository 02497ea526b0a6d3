import { recordAudit, type AuditInput } from "@/lib/audit/writer";
import { db } from "@/lib/db";
import { log } from "@/lib/log";

// Audit events that a caller can repeat at will (a script re-opening a dead portal link in a loop),
// without letting the loop flood the hash-chained audit log. The same approach as the token service's
// client_authentication.failed (lib/oauth/auth-failures.ts), as a helper keyed by any string: the first
// event per key and minute is written at once; repeats in that minute are counted and written as one
// summary event (metadata + { repeated, window_start, window_end }, the last repeat's IP and user agent)
// once the minute is over. Past `maxKeysPerMinute` distinct keys in a minute, the rest fold into the
// entry `overflow` makes, one per minute and overflow key.

export type AuditWrite = (input: AuditInput) => Promise<unknown>;

const MINUTE_MS = 60_000;

interface Entry {
  input: AuditInput;
  minute: number;
  repeated: number;
  lastContext: AuditInput["context"];
}

export interface ThrottledAuditorOptions {
  write?: AuditWrite;
  now?: () => number;
  maxKeysPerMinute?: number;
  /** Replaces an event once a minute has seen too many distinct keys: a coarser key and event. */
  overflow: (key: string, input: AuditInput) => { key: string; input: AuditInput };
}

export class ThrottledAuditor {
  private entries = new Map<string, Entry>();
  private keysThisMinute = { minute: 0, count: 0 };
  private pending = new Set<Promise<unknown>>();
  private readonly write: AuditWrite;
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(private readonly options: ThrottledAuditorOptions) {
    this.write = options.write ?? ((input) => recordAudit(db, input));
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeysPerMinute ?? 200;
  }

  record(key: string, input: AuditInput): void {
    const minute = Math.floor(this.now() / MINUTE_MS) * MINUTE_MS;
    if (this.repeat(`${minute}|${key}`, input)) return;
    if (this.keysThisMinute.minute !== minute) this.keysThisMinute = { minute, count: 0 };
    if (++this.keysThisMinute.count > this.maxKeys) {
      ({ key, input } = this.options.overflow(key, input));
      if (this.repeat(`${minute}|${key}`, input)) return;
    }
    this.entries.set(`${minute}|${key}`, { input, minute, repeated: 0, lastContext: input.context });
    this.track(this.write(input));
  }

  /** Writes the summaries of minutes that are over (or of every minute, at shutdown). */
  async flush({ all = false }: { all?: boolean } = {}): Promise<void> {
    const current = Math.floor(this.now() / MINUTE_MS) * MINUTE_MS;
    for (const [key, e] of this.entries) {
      if (!all && e.minute >= current) continue;
      this.entries.delete(key);
      if (e.repeated === 0) continue;
      this.track(this.write({
        ...e.input,
        metadata: { ...e.input.metadata, repeated: e.repeated, window_start: new Date(e.minute).toISOString(), window_end: new Date(e.minute + MINUTE_MS).toISOString() },
        context: e.lastContext,
      }));
    }
    await Promise.allSettled([...this.pending]);
  }

  private repeat(fullKey: string, input: AuditInput): boolean {
    const existing = this.entries.get(fullKey);
    if (!existing) return false;
    existing.repeated++;
    existing.lastContext = input.context;
    return true;
  }

  private track(p: Promise<unknown>): void {
    const tracked = p.catch((err) => log.error({ err }, "could not write a throttled audit event"));
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }
}
