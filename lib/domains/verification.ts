import type { Actor } from "@/lib/audit/actor";
import type { Prisma, Tx } from "@/lib/db";
import { emit } from "@/lib/events";
import type { OrganizationDomain } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/http/request-context";
import type { DnsCheck } from "./dns";
import type { DomainView } from "./schemas";
import { describeDuration, domainCheckTiming, type DomainCheckTiming } from "./timing";
import { domainEventData } from "./views";

// What a check's result does to a domain, in the caller's transaction. The caller has taken the name's
// lock (lockDomainName) and then the row's (FOR UPDATE), in that order everywhere, so two organizations
// racing for one name never deadlock and never both end up verified.
//
//   record found      pending/failed → verified (unless another organization holds the name: → failed)
//                     verified       → stays verified, re-verified again in a day
//   record not found  pending        → stays pending while the 72-hour window runs, then failed
//   or wrong token    verified (dns) → failed, "the record disappeared"; checked frequently again
//                     failed         → stays failed
//   DNS timeout/error nothing changes but the last check; a verified domain is retried soon rather than failed
//
// A domain an operator verified by hand stays verified whatever DNS says.

export interface CheckActor {
  actor: Actor;
  context: RequestContext | null;
}

/** Serialises every change of one name's claims across organizations (transaction-scoped advisory lock). */
export async function lockDomainName(tx: Tx, name: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('portico.organization_domain'), hashtext(${name}))`;
}

/** Locks and reads one domain row; null when it is gone. */
export async function lockDomainRow(tx: Tx, id: string): Promise<OrganizationDomain | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM organization_domains WHERE id = ${id} FOR UPDATE`;
  if (!rows.length) return null;
  return tx.organizationDomain.findUniqueOrThrow({ where: { id } });
}

const at = (now: Date, ms: number) => new Date(now.getTime() + ms);
const utc = (d: Date) => d.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
const lastCheckJson = (check: DomainView["last_check"]) => check as unknown as Prisma.InputJsonValue;

async function emitChange(tx: Tx, type: "organization.domain.verified" | "organization.domain.verification_failed", row: OrganizationDomain, by: CheckActor, metadata?: Record<string, unknown>) {
  await emit(tx, type, { organizationId: row.organizationId, actor: by.actor, context: by.context, data: domainEventData(row), metadata: metadata ?? null });
}

/**
 * Makes the row verified unless another organization holds the name; the losing claims of other
 * organizations become failed. Returns the row as it is now.
 */
export async function claimVerifiedName(
  tx: Tx, row: OrganizationDomain, { now, method, by, lastCheck, timing = domainCheckTiming(), metadata }: {
    now: Date; method: "dns" | "manual"; by: CheckActor; lastCheck?: DomainView["last_check"]; timing?: DomainCheckTiming; metadata?: Record<string, unknown>;
  },
): Promise<OrganizationDomain> {
  const holder = await tx.organizationDomain.findUnique({ where: { verifiedName: row.name } });
  if (holder && holder.id !== row.id) {
    const reason = `${row.name} is verified by another organization. A domain can be verified for one organization only.`;
    const wasFailed = row.status === "failed";
    const updated = await tx.organizationDomain.update({
      where: { id: row.id },
      data: {
        status: "failed", failureReason: reason, nextCheckAt: null, checksUntil: null,
        ...(lastCheck ? { lastCheckedAt: now, lastCheck: lastCheckJson({ ...lastCheck, outcome: "claimed_elsewhere", message: reason }) } : {}),
      },
    });
    if (!wasFailed) await emitChange(tx, "organization.domain.verification_failed", updated, by, { reason: "claimed_elsewhere" });
    return updated;
  }
  const verified = await tx.organizationDomain.update({
    where: { id: row.id },
    data: {
      status: "verified", verifiedName: row.name, verifiedAt: now, verificationMethod: method, failureReason: null,
      checksUntil: null, nextCheckAt: method === "dns" ? at(now, timing.reverifyIntervalMs) : null,
      ...(lastCheck ? { lastCheckedAt: now, lastCheck: lastCheckJson(lastCheck) } : {}),
    },
  });
  await emitChange(tx, "organization.domain.verified", verified, by, { method, ...metadata });

  // The other organizations' claims of this name lose: they are told why and no longer checked.
  const losers = await tx.organizationDomain.findMany({ where: { name: row.name, id: { not: row.id }, status: { not: "verified" } }, orderBy: { id: "asc" } });
  for (const loser of losers) {
    const reason = `${row.name} was verified by another organization on ${utc(now)}. A domain can be verified for one organization only.`;
    const updated = await tx.organizationDomain.update({ where: { id: loser.id }, data: { status: "failed", failureReason: reason, nextCheckAt: null, checksUntil: null } });
    if (loser.status !== "failed") await emitChange(tx, "organization.domain.verification_failed", updated, by, { reason: "claimed_elsewhere" });
  }
  return verified;
}

/**
 * Applies a DNS check to a locked row. `manual` (someone pressed "Check now") also restarts the
 * frequent checks of a domain that is not verified, so a record added later is found on its own.
 */
export async function applyDnsCheck(
  tx: Tx, row: OrganizationDomain, check: DnsCheck, { now, by, manual, timing = domainCheckTiming() }: { now: Date; by: CheckActor; manual: boolean; timing?: DomainCheckTiming },
): Promise<OrganizationDomain> {
  const lastCheck: NonNullable<DomainView["last_check"]> = { outcome: check.outcome, message: check.message, ...(check.record_name ? { record_name: check.record_name } : {}) };
  const recorded = { lastCheckedAt: now, lastCheck: lastCheckJson(lastCheck) };

  if (check.outcome === "verified") {
    if (row.status === "verified") {
      return tx.organizationDomain.update({
        where: { id: row.id },
        data: { ...recorded, nextCheckAt: row.verificationMethod === "dns" ? at(now, timing.reverifyIntervalMs) : null },
      });
    }
    return claimVerifiedName(tx, row, { now, method: "dns", by, lastCheck, timing });
  }

  const definitive = check.outcome === "not_found" || check.outcome === "wrong_token";
  if (row.status === "verified") {
    if (row.verificationMethod === "manual") return tx.organizationDomain.update({ where: { id: row.id }, data: recorded });
    if (!definitive) {
      // An unanswered question is not proof that the record is gone: keep the domain, ask again soon.
      return tx.organizationDomain.update({ where: { id: row.id }, data: { ...recorded, nextCheckAt: at(now, timing.checkIntervalMs) } });
    }
    const failed = await tx.organizationDomain.update({
      where: { id: row.id },
      data: {
        ...recorded, status: "failed", verifiedName: null,
        failureReason: `The verification record was not found when the domain was re-verified on ${utc(now)}. Put the record back: it is checked again every few minutes for ${describeDuration(timing.windowMs)}.`,
        checksUntil: at(now, timing.windowMs), nextCheckAt: at(now, timing.checkIntervalMs),
      },
    });
    await emitChange(tx, "organization.domain.verification_failed", failed, by, { reason: "record_missing", check: lastCheck });
    return failed;
  }

  const checksUntil = manual ? at(now, timing.windowMs) : row.checksUntil;
  const stillTrying = checksUntil !== null && checksUntil > now;
  if (row.status === "pending" && !stillTrying) {
    const failed = await tx.organizationDomain.update({
      where: { id: row.id },
      data: {
        ...recorded, status: "failed", checksUntil: null, nextCheckAt: null,
        failureReason: `No verification record was found within ${describeDuration(timing.windowMs)} of adding the domain. Add the record, then press "Check now".`,
      },
    });
    await emitChange(tx, "organization.domain.verification_failed", failed, by, { reason: "not_found_in_time", check: lastCheck });
    return failed;
  }
  return tx.organizationDomain.update({
    where: { id: row.id },
    data: { ...recorded, checksUntil, nextCheckAt: stillTrying ? at(now, timing.checkIntervalMs) : null },
  });
}
