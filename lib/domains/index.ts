import crypto from "node:crypto";
import { authorize, canReachOrganization, type Permission, type Principal } from "@/lib/authz";
import { db, type Tx } from "@/lib/db";
import { conflict, DomainError, notFound } from "@/lib/errors";
import { emit } from "@/lib/events";
import type { OrganizationDomain } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import type { MutationContext } from "@/lib/mutation";
import { assertIdOf } from "@/lib/validation/ids";
import { checkVerificationRecord, type DnsOptions } from "./dns";
import type { AddDomainInput, DomainView, ManualVerificationInput } from "./schemas";
import { domainCheckTiming } from "./timing";
import { applyDnsCheck, claimVerifiedName, lockDomainName, lockDomainRow } from "./verification";
import { domainEventData, domainView } from "./views";

// Organization domains (dom_…): an organization claims a domain, proves it controls it with a DNS TXT
// record, and from then on its users' email addresses route to it (./discovery). Every function takes
// the caller (Principal for reads, MutationContext for writes) and authorizes through lib/authz; a
// domain of another organization is "not found", never "forbidden". Changes and their events commit
// together.

export { organizationForEmailDomain, isVerifiedDomainOf, verifiedDomainNames } from "./discovery";
export { emailDomainOf, normaliseDomainName } from "./names";
export type { DomainView } from "./schemas";

/** At most this many domains (in any state) per organization. */
export const MAX_DOMAINS_PER_ORGANIZATION = 50;

function authorizeOn(principal: Principal, permission: Permission, organizationId: string): void {
  assertIdOf("organization", organizationId);
  if (!canReachOrganization(principal, organizationId)) throw notFound("Organization");
  authorize(principal, permission, { organizationId });
}

async function findDomain(organizationId: string, domainId: string): Promise<OrganizationDomain> {
  assertIdOf("domain", domainId);
  const row = await db.organizationDomain.findFirst({ where: { id: domainId, organizationId } });
  if (!row) throw notFound("Domain");
  return row;
}

/** In a transaction: the name's lock, then the row's; "not found" when the row is gone or belongs elsewhere. */
async function lockDomain(tx: Tx, organizationId: string, domain: OrganizationDomain): Promise<OrganizationDomain> {
  await lockDomainName(tx, domain.name);
  const row = await lockDomainRow(tx, domain.id);
  if (!row || row.organizationId !== organizationId) throw notFound("Domain");
  return row;
}

/** 128 random bits, hex: what the TXT record carries. */
const newVerificationToken = () => crypto.randomBytes(16).toString("hex");

/**
 * Claims a domain for the organization: pending until its TXT record is found. Refused when the
 * organization already has it, when another organization has verified it, or past the per-organization
 * limit. Several organizations may hold pending claims of one name: the first to verify wins.
 */
export async function addDomain(ctx: MutationContext, organizationId: string, input: AddDomainInput, { now = new Date() }: { now?: Date } = {}): Promise<DomainView> {
  authorizeOn(ctx.principal, "domains:write", organizationId);
  const { name } = input;
  const timing = domainCheckTiming();
  return db.$transaction(async (tx) => {
    const org = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM organizations WHERE id = ${organizationId} FOR SHARE`;
    if (!org.length) throw notFound("Organization");
    await lockDomainName(tx, name);
    const same = await tx.organizationDomain.findMany({ where: { name }, select: { organizationId: true, status: true } });
    if (same.some((d) => d.organizationId === organizationId)) throw conflict(`${name} is already one of this organization's domains`, "name");
    if (same.some((d) => d.status === "verified")) {
      throw conflict(`${name} is already verified by another organization. A domain can be verified for one organization only; if yours owns it, contact support.`, "name");
    }
    if ((await tx.organizationDomain.count({ where: { organizationId } })) >= MAX_DOMAINS_PER_ORGANIZATION) {
      throw new DomainError("limit_exceeded", `An organization can have at most ${MAX_DOMAINS_PER_ORGANIZATION} domains; remove one first`, "name");
    }
    const row = await tx.organizationDomain.create({
      data: {
        id: newId("dom"), organizationId, name, status: "pending", verificationToken: newVerificationToken(),
        checksUntil: new Date(now.getTime() + timing.windowMs), nextCheckAt: new Date(now.getTime() + timing.checkIntervalMs),
      },
    });
    await emit(tx, "organization.domain.created", { organizationId, actor: ctx.actor, context: ctx.request, data: domainEventData(row) });
    return domainView(row);
  });
}

/** The organization's domains, by name. */
export async function listDomains(principal: Principal, organizationId: string): Promise<DomainView[]> {
  authorizeOn(principal, "domains:read", organizationId);
  const [org, rows] = await Promise.all([
    db.organization.findUnique({ where: { id: organizationId }, select: { id: true } }),
    db.organizationDomain.findMany({ where: { organizationId }, orderBy: [{ name: "asc" }, { id: "asc" }] }),
  ]);
  if (!org) throw notFound("Organization");
  return rows.map(domainView);
}

export async function getDomain(principal: Principal, organizationId: string, domainId: string): Promise<DomainView> {
  authorizeOn(principal, "domains:read", organizationId);
  return domainView(await findDomain(organizationId, domainId));
}

/**
 * "Check now": looks the record up and applies the result (verified, still pending, failed). Also
 * restarts the frequent background checks of a domain that is not verified yet.
 */
export async function checkDomain(ctx: MutationContext, organizationId: string, domainId: string, { now, dns }: { now?: Date; dns?: DnsOptions } = {}): Promise<DomainView> {
  authorizeOn(ctx.principal, "domains:write", organizationId);
  const domain = await findDomain(organizationId, domainId);
  const check = await checkVerificationRecord(domain.name, domain.verificationToken, dns);
  const at = now ?? new Date();
  return db.$transaction(async (tx) => {
    const row = await lockDomain(tx, organizationId, domain);
    return domainView(await applyDnsCheck(tx, row, check, { now: at, by: { actor: ctx.actor, context: ctx.request }, manual: true }));
  });
}

/**
 * An operator verifies a domain by hand (the customer proved ownership another way), with a reason for
 * the audit trail. Refused while another organization holds the name. A domain verified by hand is not
 * re-verified by DNS.
 */
export async function verifyDomainManually(ctx: MutationContext, organizationId: string, domainId: string, input: ManualVerificationInput, { now = new Date() }: { now?: Date } = {}): Promise<DomainView> {
  authorizeOn(ctx.principal, "domains:verify", organizationId);
  const { reason } = input;
  const domain = await findDomain(organizationId, domainId);
  return db.$transaction(async (tx) => {
    const row = await lockDomain(tx, organizationId, domain);
    if (row.status === "verified") throw conflict(`${row.name} is already verified`);
    const holder = await tx.organizationDomain.findUnique({ where: { verifiedName: row.name }, select: { organizationId: true } });
    if (holder) throw conflict(`${row.name} is verified by another organization (${holder.organizationId}); remove it there first`);
    return domainView(await claimVerifiedName(tx, row, { now, method: "manual", by: { actor: ctx.actor, context: ctx.request }, metadata: { reason } }));
  });
}

/** Removes the domain; a verified one stops routing at once and its name is free to claim again. */
export async function deleteDomain(ctx: MutationContext, organizationId: string, domainId: string): Promise<void> {
  authorizeOn(ctx.principal, "domains:write", organizationId);
  const domain = await findDomain(organizationId, domainId);
  await db.$transaction(async (tx) => {
    const row = await lockDomain(tx, organizationId, domain);
    await tx.organizationDomain.delete({ where: { id: row.id } });
    const gone = domainEventData(row);
    await emit(tx, "organization.domain.deleted", { organizationId, actor: ctx.actor, context: ctx.request, data: gone, before: gone, after: null });
  });
}
