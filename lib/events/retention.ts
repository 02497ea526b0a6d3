import { db } from "@/lib/db";
import { log } from "@/lib/log";
import { pruneDeliveryLog } from "@/lib/webhooks/retention";

// What host apps and operators read after the fact, kept for a rolling window (compat.md §8.6: 30 days
// by default, configurable): the events behind the events API, replay and the portal's browser events
// (EVENT_RETENTION_DAYS), and the webhook delivery log (WEBHOOK_LOG_RETENTION_DAYS). The audit trail is
// not touched: its hash chain is the record operators verify, and it keeps its own copy of every event.
//
// Every instance prunes at start-up and hourly, in batches (short transactions, no long locks); two
// instances pruning at once delete disjoint rows or nothing.

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const BATCH = 5_000;

function days(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 3_650) throw new Error(`${name}: a whole number of days from 1 to 3650 (got "${raw}")`);
  return n;
}

export const eventRetentionDays = () => days("EVENT_RETENTION_DAYS", 30);
export const webhookLogRetentionDays = () => days("WEBHOOK_LOG_RETENTION_DAYS", 30);

/**
 * Deletes events that occurred before the window. An event a delivery still has to send (pending or
 * sending) stays until that delivery ends: the dispatcher reads the payload from it.
 */
export async function pruneEvents(now = new Date(), keepDays = eventRetentionDays()): Promise<number> {
  const cutoff = new Date(now.getTime() - keepDays * DAY_MS);
  let total = 0;
  for (;;) {
    const deleted = await db.$executeRaw`
      DELETE FROM events WHERE id IN (
        SELECT e.id FROM events e
        WHERE e.occurred_at < ${cutoff}
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status IN ('pending', 'sending'))
        LIMIT ${BATCH})`;
    total += deleted;
    if (deleted < BATCH) return total;
  }
}

export async function pruneEventData(now = new Date()): Promise<{ events: number; deliveries: number }> {
  // The log first: a finished delivery's event may then go in the same run.
  const deliveries = await pruneDeliveryLog(now, webhookLogRetentionDays());
  const events = await pruneEvents(now, eventRetentionDays());
  if (events || deliveries) log.info({ events, deliveries }, "pruned events and webhook deliveries past their retention");
  return { events, deliveries };
}

const KEY = Symbol.for("portico.events.retention");
const holder = globalThis as unknown as { [KEY]?: NodeJS.Timeout };

/** Start-up step: checks the variables (a typo stops start-up naming it), prunes now and hourly. */
export async function startEventRetention(): Promise<void> {
  eventRetentionDays();
  webhookLogRetentionDays();
  // Housekeeping: a failure is logged and retried within the hour, never a reason not to start.
  const prune = () => pruneEventData().catch((err: unknown) => log.warn({ err }, "pruning events and webhook deliveries failed; retried within the hour"));
  await prune();
  if (holder[KEY]) return;
  holder[KEY] = setInterval(() => void prune(), HOUR_MS);
  holder[KEY].unref();
}
