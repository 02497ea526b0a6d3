import { db } from "@/lib/db";

const DAY_MS = 86_400_000;
const BATCH = 5_000;

/**
 * Deletes finished deliveries (delivered or failed for good) whose last attempt is older than the
 * window, with their attempts (ON DELETE CASCADE). Pending and sending ones are never pruned: they are
 * work still to do, not log. Scheduled by lib/events/retention.ts.
 */
export async function pruneDeliveryLog(now: Date, keepDays: number): Promise<number> {
  const cutoff = new Date(now.getTime() - keepDays * DAY_MS);
  let total = 0;
  for (;;) {
    const deleted = await db.$executeRaw`
      DELETE FROM webhook_deliveries WHERE id IN (
        SELECT id FROM webhook_deliveries
        WHERE status IN ('succeeded', 'failed') AND COALESCE(last_attempt_time, create_time) < ${cutoff}
        LIMIT ${BATCH})`;
    total += deleted;
    if (deleted < BATCH) return total;
  }
}
