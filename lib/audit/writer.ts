import crypto from "node:crypto";
import { db, type Db, type DbOrTx, type Tx, Prisma } from "@/lib/db";
import { newId } from "@/lib/ids";
import type { RequestContext } from "@/lib/http/request-context";
import type { Actor } from "./actor";
import { canonicalJson } from "./canonical";

// The one audit writer. Every change in Portico calls `recordAudit` inside the same transaction as the
// change itself, so a change and its event commit together or not at all. Events are hash-chained:
// each carries sha256(previous hash + canonical event), which makes edits and deletions detectable.

export const GENESIS_HASH = "0".repeat(64);
// Serialises chain appends across every app instance sharing the database.
const CHAIN_LOCK_KEY = 0x706f7274; // "port"

export interface AuditInput {
  action: string;
  actor: Actor;
  organizationId?: string | null;
  target?: { type: string; id: string } | null;
  before?: unknown;
  after?: unknown;
  metadata?: Record<string, unknown> | null;
  context?: RequestContext | null;
}

// Defence in depth: whatever a caller passes, secret material never reaches the log.
const SECRET_KEY = /secret|password|token_hash|tokenhash|private|hash$|^plain_/i;

export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      out[k] = SECRET_KEY.test(k) ? "[redacted]" : redactSecrets(v);
    }
    return out;
  }
  if (typeof value === "bigint") return value.toString();
  return value;
}

export interface HashedFields {
  id: string;
  time: Date;
  organizationId: string | null;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  metadata: unknown;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  prevHash: string;
}

export function eventHash(e: HashedFields): string {
  const body = canonicalJson({
    id: e.id, time: e.time.toISOString(), organizationId: e.organizationId, actorType: e.actorType, actorId: e.actorId,
    actorLabel: e.actorLabel, action: e.action, targetType: e.targetType, targetId: e.targetId, before: e.before ?? null,
    after: e.after ?? null, metadata: e.metadata ?? null, ip: e.ip, userAgent: e.userAgent, requestId: e.requestId,
  });
  return crypto.createHash("sha256").update(e.prevHash).update("\n").update(body).digest("hex");
}

const json = (v: unknown) => (v === null || v === undefined ? Prisma.DbNull : (v as Prisma.InputJsonValue));

async function append(tx: Tx, input: AuditInput): Promise<{ id: string; hash: string }> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`;
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { hash: true, time: true } });
  // Time never goes backwards along the chain (even if an instance's clock does), so a time range is
  // also a contiguous range of seq; the audit query relies on that to stay fast.
  const now = new Date();
  const fields: HashedFields = {
    id: newId("evt"),
    time: last && last.time > now ? last.time : now,
    organizationId: input.organizationId ?? null,
    actorType: input.actor.type,
    actorId: input.actor.id ?? null,
    actorLabel: input.actor.label ?? null,
    action: input.action,
    targetType: input.target?.type ?? null,
    targetId: input.target?.id ?? null,
    before: input.before === undefined ? null : redactSecrets(input.before),
    after: input.after === undefined ? null : redactSecrets(input.after),
    metadata: input.metadata ? redactSecrets(input.metadata) : null,
    ip: input.context?.ip ?? null,
    userAgent: input.context?.userAgent ?? null,
    requestId: input.context?.requestId ?? null,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const hash = eventHash(fields);
  await tx.auditEvent.create({
    data: { ...fields, before: json(fields.before), after: json(fields.after), metadata: json(fields.metadata), hash },
  });
  return { id: fields.id, hash };
}

/** Appends one event. Pass the transaction that makes the change; with the root client it opens its own. */
export async function recordAudit(client: DbOrTx, input: AuditInput): Promise<{ id: string; hash: string }> {
  if ("$transaction" in client) return (client as Db).$transaction((tx) => append(tx, input));
  return append(client as Tx, input);
}

/** Convenience for events with no accompanying change (sign-ins, failed authentication). */
export function recordAuditStandalone(input: AuditInput) {
  return recordAudit(db, input);
}
