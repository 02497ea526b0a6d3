import { appendLocked, lockChain, tryLockChain, type AppendInput } from "@/lib/audit/writer";
import type { ActorType } from "@/lib/audit/actor";
import { db, Prisma } from "@/lib/db";
import { log } from "@/lib/log";
import { fanOutToEndpoints } from "@/lib/webhooks/fan-out";

// The audit chainer: the only writer of the audit hash chain. Requests never take the chain lock; they
// emit into event_outbox (./emit.ts). A chain pass, in one short transaction under the chain lock (an
// advisory lock, so one pass at a time across every instance):
//   1. reads what is in the outbox (committed rows only: a transaction still open is invisible to it);
//   2. appends those events to audit_events, hashing each onto the chain (lib/audit/writer.ts);
//   3. keeps the events host apps or the portal see in `events`, with position = their audit seq;
//   4. creates a webhook delivery per matching endpoint (the webhook fan-out, lib/webhooks/fan-out.ts);
//   5. deletes them from the outbox.
// All or nothing: a pass that fails or dies leaves the outbox as it was, and the next pass (on any
// instance) does it again. So the only window in which an event exists but is not chained is between
// its transaction's commit and the next pass; the event is durable in the outbox throughout, and a
// crash there loses nothing (lib/events/chainer.test.ts kills a pass half-way to show it).
//
// Ordering: positions are audit seqs handed out inside the chain lock, and a pass commits before the
// next can start, so positions become visible in increasing order with no gaps filled in later. A
// reader that follows `position` (the events API cursor, the portal's browser events) never skips an
// event, however out of order the emitting transactions committed. The outbox's own seq would not do:
// it is taken at insert, and a transaction that inserted early may commit late, behind a cursor.
//
// Read-your-writes: after a transaction that emitted commits, db.$transaction awaits settleEvents(): it
// joins the next pass that starts after the commit (concurrent writers share one pass: group commit),
// for at most SETTLE_TIMEOUT_MS. Every instance also runs a pass every CHAIN_INTERVAL_MS for events whose
// writer died before it could wait (startChainer).

const PASS_LIMIT = 1_000;
const SETTLE_TIMEOUT_MS = Number(process.env.EVENTS_SETTLE_TIMEOUT_MS ?? 2_000);
const CHAIN_INTERVAL_MS = Number(process.env.EVENTS_CHAIN_INTERVAL_MS ?? 500);

type Listener = (chained: number) => void;

class Chainer {
  private inFlight: Promise<void> | null = null;
  private waiting: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  readonly listeners = new Set<Listener>();
  /** Test hook: runs inside a pass after the chain is written and before the commit. */
  beforeCommit: (() => Promise<void>) | null = null;

  /** Resolves after a pass that started after this call has finished (joins a queued one if any). */
  flush(): Promise<void> {
    if (this.waiting) return this.waiting;
    if (!this.inFlight) return (this.inFlight = this.start("wait"));
    const previous = this.inFlight;
    this.waiting = previous.catch(() => {}).then(() => {
      this.waiting = null;
      this.inFlight = this.start("wait");
      return this.inFlight;
    });
    return this.waiting;
  }

  private start(mode: "wait" | "try"): Promise<void> {
    const run = this.drain(mode).finally(() => {
      if (this.inFlight === run) this.inFlight = null;
    });
    return run;
  }

  /** Passes until the outbox is empty (or, in "try" mode, another instance holds the lock). */
  private async drain(mode: "wait" | "try"): Promise<void> {
    for (;;) {
      const chained = await chainPass(mode, this.beforeCommit);
      if (chained > 0) for (const l of this.listeners) l(chained);
      if (chained < PASS_LIMIT) return;
    }
  }

  /** Background passes on this instance: pick up events no writer waited for (a crash, another instance). */
  startLoop(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.inFlight) return;
      this.inFlight = this.start("try");
      this.inFlight.catch((err: unknown) => log.warn({ err }, "audit chain pass failed; the next one retries"));
    }, CHAIN_INTERVAL_MS);
    this.timer.unref();
  }

  stopLoop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

interface OutboxRow {
  seq: bigint; id: string; type: string; occurredAt: Date; organizationId: string | null; data: Prisma.JsonValue; webhook: boolean;
  portalType: string | null; portalData: Prisma.JsonValue | null; actorType: string; actorId: string | null; actorLabel: string | null;
  action: string; targetType: string | null; targetId: string | null; before: Prisma.JsonValue | null; after: Prisma.JsonValue | null;
  metadata: Prisma.JsonValue | null; ip: string | null; userAgent: string | null; requestId: string | null;
}

/** One chain pass (see the module comment). Returns how many events it chained; 0 also when the lock was taken ("try"). */
export async function chainPass(mode: "wait" | "try" = "wait", beforeCommit: (() => Promise<void>) | null = null): Promise<number> {
  return db.$transaction(async (tx) => {
    if (mode === "try") {
      if (!(await tryLockChain(tx))) return 0;
    } else {
      await lockChain(tx);
    }
    const rows: OutboxRow[] = await tx.eventOutbox.findMany({ orderBy: { seq: "asc" }, take: PASS_LIMIT });
    if (!rows.length) return 0;
    const inputs: AppendInput[] = rows.map((r) => ({
      id: r.id, time: r.occurredAt, action: r.action, organizationId: r.organizationId,
      actor: { type: r.actorType as ActorType, id: r.actorId, label: r.actorLabel },
      target: r.targetType && r.targetId ? { type: r.targetType, id: r.targetId } : null,
      before: r.before ?? undefined, after: r.after ?? undefined, metadata: (r.metadata as Record<string, unknown> | null) ?? null,
      context: { ip: r.ip, userAgent: r.userAgent, requestId: r.requestId ?? "" },
    }));
    const appended = await appendLocked(tx, inputs);
    const position = new Map(appended.map((a) => [a.id, a.seq]));
    const visible = rows.filter((r) => r.webhook || r.portalType);
    if (visible.length) {
      await tx.event.createMany({
        data: visible.map((r) => ({
          id: r.id, position: position.get(r.id)!, type: r.type, occurredAt: r.occurredAt, organizationId: r.organizationId,
          data: r.data as Prisma.InputJsonValue, webhook: r.webhook, portalType: r.portalType,
          portalData: r.portalData === null ? Prisma.DbNull : (r.portalData as Prisma.InputJsonValue),
        })),
      });
      await fanOutToEndpoints(tx, visible.filter((r) => r.webhook).map((r) => ({ id: r.id, type: r.type, organizationId: r.organizationId })));
    }
    await tx.eventOutbox.deleteMany({ where: { seq: { in: rows.map((r) => r.seq) } } });
    if (beforeCommit) await beforeCommit();
    return rows.length;
  }, { timeout: 60_000 });
}

// One chainer per process, on globalThis: the Next.js bundle and scripts/start.ts load their own copies.
const KEY = Symbol.for("portico.events.chainer");
const holder = globalThis as unknown as { [KEY]?: Chainer };
export const chainer = (): Chainer => (holder[KEY] ??= new Chainer());

/** After a commit that emitted: wait (bounded) until a pass that started after it is done. */
export async function settleEvents(): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => { timer = setTimeout(resolve, SETTLE_TIMEOUT_MS); });
  try {
    await Promise.race([chainer().flush().catch((err: unknown) => log.warn({ err }, "audit chain pass failed; the background pass retries")), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs the background chain passes on this instance (start-up). */
export function startChainer(): void {
  chainer().startLoop();
}

/** Called with the number of events each pass of this process chained (the webhook dispatcher wakes up on it). */
export function onEventsChained(listener: Listener): () => void {
  chainer().listeners.add(listener);
  return () => chainer().listeners.delete(listener);
}
