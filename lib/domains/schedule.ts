import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { db } from "@/lib/db";
import type { OrganizationDomain } from "@/lib/generated/prisma/client";
import { systemContext } from "@/lib/http/request-context";
import { log } from "@/lib/log";
import { checkVerificationRecord, type DnsOptions } from "./dns";
import { domainCheckTiming, type DomainCheckTiming } from "./timing";
import { applyDnsCheck, lockDomainName, lockDomainRow } from "./verification";

// Background checks: every instance polls for domains whose next check is due. A batch is claimed in
// one short transaction (FOR UPDATE SKIP LOCKED, and next_check_time pushed out by a lease), so
// instances sharing a database never check the same domain at once and no row lock is held while DNS
// answers; if an instance dies mid-batch, its domains are due again when the lease ends. Each result
// is then applied in its own transaction, unless a newer check (someone's "Check now") got there first.

const BATCH = 20;
const CONCURRENCY = 5;

interface Claimed { id: string; name: string; verification_token: string; organization_id: string }

async function claimDue(now: Date, timing: DomainCheckTiming, limit: number): Promise<Claimed[]> {
  const leaseUntil = new Date(now.getTime() + timing.leaseMs);
  return db.$queryRaw<Claimed[]>`
    UPDATE organization_domains SET next_check_time = ${leaseUntil}
    WHERE id IN (
      SELECT id FROM organization_domains
      WHERE next_check_time <= ${now}
      ORDER BY next_check_time
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, name, verification_token, organization_id`;
}

async function checkOne(claimed: Claimed, started: Date, timing: DomainCheckTiming, dns: DnsOptions | undefined): Promise<OrganizationDomain | null> {
  const check = await checkVerificationRecord(claimed.name, claimed.verification_token, dns);
  return db.$transaction(async (tx) => {
    await lockDomainName(tx, claimed.name);
    const row = await lockDomainRow(tx, claimed.id);
    if (!row) return null; // removed meanwhile
    if (row.lastCheckedAt && row.lastCheckedAt > started) return row; // a newer check already applied
    return applyDnsCheck(tx, row, check, { now: started, by: { actor: SYSTEM_ACTOR, context: systemContext() }, manual: false, timing });
  });
}

/**
 * Checks the domains that are due (at most `limit`), `concurrency` at a time. Returns how many were
 * checked. `now` and `dns` are for tests.
 */
export async function runDueDomainChecks({ now = new Date(), limit = BATCH, dns, timing = domainCheckTiming() }: {
  now?: Date; limit?: number; dns?: DnsOptions; timing?: DomainCheckTiming;
} = {}): Promise<{ checked: number; results: OrganizationDomain[] }> {
  const claimed = await claimDue(now, timing, limit);
  const results: OrganizationDomain[] = [];
  for (let i = 0; i < claimed.length; i += CONCURRENCY) {
    const settled = await Promise.allSettled(claimed.slice(i, i + CONCURRENCY).map((c) => checkOne(c, now, timing, dns)));
    for (const [j, s] of settled.entries()) {
      if (s.status === "fulfilled") { if (s.value) results.push(s.value); }
      else log.warn({ err: s.reason, domainId: claimed[i + j]!.id }, "background domain check failed; it is retried when its lease ends");
    }
  }
  return { checked: claimed.length, results };
}

const KEY = Symbol.for("portico.domains.schedule");
const holder = globalThis as unknown as { [KEY]?: { timer: NodeJS.Timeout; running: boolean } };

/** Starts this instance's poller (every DOMAIN_CHECK_POLL_SEC); a run still going when the next is due is not doubled. */
export function startDomainVerificationSchedule(timing = domainCheckTiming()): void {
  if (holder[KEY]) return;
  const state = { running: false, timer: undefined as unknown as NodeJS.Timeout };
  const tick = async () => {
    if (state.running) return;
    state.running = true;
    try {
      // Drain what is due, one batch after another, so a backlog does not wait a poll interval per batch.
      for (let n = 0; n < 50; n++) {
        const { checked } = await runDueDomainChecks({ timing });
        if (checked < BATCH) break;
      }
    } catch (err) {
      log.error({ err }, "background domain checks failed");
    } finally {
      state.running = false;
    }
  };
  state.timer = setInterval(() => void tick(), timing.pollMs);
  state.timer.unref();
  holder[KEY] = state;
}

export function stopDomainVerificationSchedule(): void {
  if (!holder[KEY]) return;
  clearInterval(holder[KEY].timer);
  delete holder[KEY];
}
