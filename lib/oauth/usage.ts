import type pg from "pg";
import { log } from "@/lib/log";

// Token issuance counted per client per minute (token_usage, for usage charts) and each secret's last
// used time (client_secrets.last_used_time), kept in memory and written in one batch every few seconds
// and at shutdown: never a write per token.

const MINUTE_MS = 60_000;

export class UsageBatcher {
  private counts = new Map<string, { clientId: string; organizationId: string | null; minute: number; count: number }>();
  private lastUsed = new Map<string, number>();
  private flushing: Promise<void> | null = null;

  constructor(private readonly pool: () => pg.Pool) {}

  record(clientId: string, organizationId: string | null, secretId: string, at = Date.now()): void {
    const minute = Math.floor(at / MINUTE_MS) * MINUTE_MS;
    const key = `${clientId}|${minute}`;
    const entry = this.counts.get(key);
    if (entry) entry.count++;
    else this.counts.set(key, { clientId, organizationId, minute, count: 1 });
    if ((this.lastUsed.get(secretId) ?? 0) < at) this.lastUsed.set(secretId, at);
  }

  get pendingTokens(): number {
    let n = 0;
    for (const e of this.counts.values()) n += e.count;
    return n;
  }

  flush(): Promise<void> {
    // Chain flushes so a shutdown flush waits for one in progress and then writes what came after it.
    const run = (this.flushing ?? Promise.resolve()).then(() => this.doFlush());
    this.flushing = run.finally(() => { if (this.flushing === run) this.flushing = null; });
    return run;
  }

  private async doFlush(): Promise<void> {
    if (!this.counts.size && !this.lastUsed.size) return;
    const counts = [...this.counts.values()];
    const lastUsed = [...this.lastUsed.entries()];
    this.counts = new Map();
    this.lastUsed = new Map();
    const client = await this.pool().connect().catch((err) => {
      this.restore(counts, lastUsed);
      throw err;
    });
    try {
      await client.query("BEGIN");
      if (counts.length) {
        await client.query(
          `INSERT INTO token_usage (client_id, organization_id, minute, count)
           SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::int[])
           ON CONFLICT (client_id, minute) DO UPDATE SET count = token_usage.count + EXCLUDED.count`,
          [counts.map((c) => c.clientId), counts.map((c) => c.organizationId), counts.map((c) => new Date(c.minute)), counts.map((c) => c.count)],
        );
      }
      if (lastUsed.length) {
        await client.query(
          `UPDATE client_secrets cs SET last_used_time = v.t
             FROM unnest($1::text[], $2::timestamptz[]) AS v(id, t)
            WHERE cs.id = v.id AND (cs.last_used_time IS NULL OR cs.last_used_time < v.t)`,
          [lastUsed.map(([id]) => id), lastUsed.map(([, t]) => new Date(t))],
        );
      }
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      this.restore(counts, lastUsed);
      log.warn({ err }, "token usage could not be flushed; retrying");
    } finally {
      client.release();
    }
  }

  private restore(counts: { clientId: string; organizationId: string | null; minute: number; count: number }[], lastUsed: [string, number][]): void {
    for (const c of counts) {
      const key = `${c.clientId}|${c.minute}`;
      const entry = this.counts.get(key);
      if (entry) entry.count += c.count;
      else this.counts.set(key, { ...c });
    }
    for (const [id, t] of lastUsed) if ((this.lastUsed.get(id) ?? 0) < t) this.lastUsed.set(id, t);
  }
}
