import crypto from "node:crypto";
import { subkey } from "@/lib/crypto/keys";
import { constantTimeEqual } from "@/lib/crypto/secrets";
import { db, type Db, type DbOrTx, type Tx, Prisma } from "@/lib/db";
import { newId } from "@/lib/ids";
import type { RequestContext } from "@/lib/http/request-context";
import { EVENT_CATALOG } from "@/lib/events/catalog";
import { log } from "@/lib/log";
import { SYSTEM_ACTOR, type Actor } from "./actor";
import { canonicalJson } from "./canonical";

// The hash chain's one writer. Changes never call it: they emit events (lib/events) into the outbox in their
// own transaction, and the audit chainer (lib/events/chainer.ts) appends them here, serialised by the chain
// lock in a short transaction of its own, so request transactions never wait on that lock.
//
// Events are hash-chained: each carries HMAC-SHA-256(audit key, previous hash + canonical event), the
// audit key being derived from the key-encryption secret, so someone who can write to the database but
// does not hold that secret can neither edit an event nor recompute the chain after it. Events written
// before keyed hashing (seq below audit_chain_head.keyed_since_seq) carry plain SHA-256 (v1) and still
// verify. The chain head row (audit_chain_head) names the newest event and is signed with the same key,
// so deleting the newest events also shows.

/** The seal's action: the chain's own event, written under the chain lock rather than through the outbox. */
const AUDIT_CHAIN_SEALED = EVENT_CATALOG["audit_chain.sealed"].audit.action;

export const GENESIS_HASH = "0".repeat(64);
// Serialises chain appends across every app instance sharing the database.
export const CHAIN_LOCK_KEY = 0x706f7274; // "port"

export interface AuditInput {
  /** The event's id (evt_…), kept from the outbox; a new one when absent. */
  id?: string;
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

function eventBody(e: HashedFields): string {
  return canonicalJson({
    id: e.id, time: e.time.toISOString(), organizationId: e.organizationId, actorType: e.actorType, actorId: e.actorId,
    actorLabel: e.actorLabel, action: e.action, targetType: e.targetType, targetId: e.targetId, before: e.before ?? null,
    after: e.after ?? null, metadata: e.metadata ?? null, ip: e.ip, userAgent: e.userAgent, requestId: e.requestId,
  });
}

/** v2, every event written now: HMAC-SHA-256 under the deployment's audit key. */
export function eventHash(e: HashedFields): string {
  return crypto.createHmac("sha256", subkey("audit-chain")).update(e.prevHash).update("\n").update(eventBody(e)).digest("hex");
}

/** v1, events written before keyed hashing: plain SHA-256. Only verification uses it. */
export function legacyEventHash(e: HashedFields): string {
  return crypto.createHash("sha256").update(e.prevHash).update("\n").update(eventBody(e)).digest("hex");
}

export interface ChainHead {
  keyedSinceSeq: bigint;
  lastSeq: bigint | null;
  lastId: string | null;
  lastHash: string | null;
}

/** The chain head's signature: what it says about the newest event cannot be changed without the key. */
export function chainHeadMac(h: ChainHead): string {
  const body = `portico-audit-head/v1\n${h.keyedSinceSeq}\n${h.lastSeq ?? ""}\n${h.lastId ?? ""}\n${h.lastHash ?? ""}`;
  return crypto.createHmac("sha256", subkey("audit-chain")).update(body).digest("hex");
}

const json = (v: unknown) => (v === null || v === undefined ? Prisma.DbNull : (v as Prisma.InputJsonValue));

/** An event to append; `time` is when it happened (it never goes before the chain's newest). */
export type AppendInput = AuditInput & { time?: Date };

/** Takes the chain lock for the rest of the transaction: one appender at a time across every instance. */
export async function lockChain(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`;
}

/** Like lockChain, but gives up at once (false) when another instance holds it. */
export async function tryLockChain(tx: Tx): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${CHAIN_LOCK_KEY}) AS locked`;
  return row?.locked === true;
}

/**
 * Whether the head row is the one the writer last signed. Unsigned, only the untouched row the migration
 * makes on a new deployment (keyed from the first event: nothing could pass for a legacy event); an
 * upgraded deployment's unsigned row, which would let events before keyed_since_seq verify without the
 * key, counts only once sealAuditChainHead has signed it at start-up.
 */
export function chainHeadTrusted(head: ChainHead, mac: string | null): boolean {
  if (mac === null) return head.keyedSinceSeq <= 1n && head.lastSeq === null && head.lastId === null && head.lastHash === null;
  // Compared as the bytes the hex stands for (as Buffer.from reads it), in constant time.
  return constantTimeEqual(chainHeadMac(head), Buffer.from(mac, "hex").toString("hex"));
}

interface ChainState {
  keyed_since: bigint | null;
  head_last_seq: bigint | null;
  head_last_id: string | null;
  head_last_hash: string | null;
  head_mac: string | null;
  newest_hash: string | null;
  newest_time: Date | null;
}

export interface Appended { id: string; hash: string; seq: bigint; time: Date }

/** Appends events in order. The caller holds the chain lock (lockChain) in `tx`. */
export async function appendLocked(tx: Tx, inputs: AppendInput[]): Promise<Appended[]> {
  if (!inputs.length) return [];
  // After the lock, so this statement's snapshot sees every append that committed before ours.
  const [state] = await tx.$queryRaw<ChainState[]>`
    SELECT h.keyed_since_seq AS keyed_since, h.last_seq AS head_last_seq, h.last_id AS head_last_id, h.last_hash AS head_last_hash,
           h.mac AS head_mac, newest.hash AS newest_hash, newest.time AS newest_time
    FROM (SELECT 1) AS one
    LEFT JOIN audit_chain_head h ON h.id = 1
    LEFT JOIN LATERAL (SELECT hash, time FROM audit_events ORDER BY seq DESC LIMIT 1) newest ON true`;
  const stored: ChainHead | null = state?.keyed_since != null
    ? { keyedSinceSeq: state.keyed_since, lastSeq: state.head_last_seq, lastId: state.head_last_id, lastHash: state.head_last_hash }
    : null;
  const trusted = stored !== null && chainHeadTrusted(stored, state!.head_mac);
  if (!trusted) log.error("the audit chain head is missing or does not match its signature; chain verification reports it");
  // Link to the event the signed head names rather than to whatever is newest now: if the newest events
  // were deleted, the next event's link then points at a missing event, and verification says so.
  let prevHash = (trusted ? stored!.lastHash : null) ?? state?.newest_hash ?? GENESIS_HASH;
  let prevTime = state?.newest_time ?? null;
  const rows: (HashedFields & { hash: string })[] = [];
  for (const input of inputs) {
    // Time never goes backwards along the chain (even if an instance's clock does), so a time range is
    // also a contiguous range of seq; the audit query relies on that to stay fast.
    const now = input.time ?? new Date();
    const fields: HashedFields = {
      id: input.id ?? newId("evt"),
      time: prevTime && prevTime > now ? prevTime : now,
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
      requestId: input.context?.requestId || null,
      prevHash,
    };
    const hash = eventHash(fields);
    rows.push({ ...fields, hash });
    prevHash = hash;
    prevTime = fields.time;
  }
  const data = rows.map((r) => ({ ...r, before: json(r.before), after: json(r.after), metadata: json(r.metadata) }));
  const seqs = new Map<string, bigint>();
  // In slices: a statement takes at most 65,535 parameters.
  for (let i = 0; i < data.length; i += 2_000) {
    for (const r of await tx.auditEvent.createManyAndReturn({ data: data.slice(i, i + 2_000), select: { id: true, seq: true } })) seqs.set(r.id, r.seq);
  }
  const lastSeq = seqs.get(rows.at(-1)!.id)!;
  const head: ChainHead = { keyedSinceSeq: stored?.keyedSinceSeq ?? 1n, lastSeq, lastId: rows.at(-1)!.id, lastHash: rows.at(-1)!.hash };
  // A head that was tampered with stays unsigned (mac null with a last event): appending never makes
  // the evidence go away.
  const mac = trusted ? chainHeadMac(head) : null;
  await tx.$executeRaw`
    INSERT INTO audit_chain_head (id, keyed_since_seq, last_seq, last_id, last_hash, mac, update_time)
    VALUES (1, ${head.keyedSinceSeq}, ${head.lastSeq}, ${head.lastId}, ${head.lastHash}, ${mac}, now())
    ON CONFLICT (id) DO UPDATE SET last_seq = EXCLUDED.last_seq, last_id = EXCLUDED.last_id, last_hash = EXCLUDED.last_hash,
      mac = EXCLUDED.mac, update_time = EXCLUDED.update_time`;
  return rows.map((r) => ({ id: r.id, hash: r.hash, seq: seqs.get(r.id)!, time: r.time }));
}

/**
 * Start-up, on a deployment upgraded with events from before keyed hashing: signs the head the migration
 * left (nothing appended since), so those legacy events verify, and records that it did. Anyone resetting
 * the head to that state later is reported by verification until the next start-up, which records a
 * second `audit_chain.sealed`: look for more than one.
 */
export async function sealAuditChainHead(client: DbOrTx = db): Promise<boolean> {
  const seal = async (tx: Tx) => {
    await lockChain(tx);
    const h = await tx.auditChainHead.findUnique({ where: { id: 1 } });
    if (!h || h.mac !== null || h.lastSeq !== null || h.lastId !== null || h.lastHash !== null || h.keyedSinceSeq <= 1n) return false;
    const head: ChainHead = { keyedSinceSeq: h.keyedSinceSeq, lastSeq: null, lastId: null, lastHash: null };
    await tx.auditChainHead.update({ where: { id: 1 }, data: { mac: chainHeadMac(head) } });
    const legacy = await tx.auditEvent.count({ where: { seq: { lt: h.keyedSinceSeq } } });
    log.warn({ legacyEvents: legacy }, "audit chain head sealed: events before keyed hashing now verify as legacy events");
    await appendLocked(tx, [{ action: AUDIT_CHAIN_SEALED, actor: SYSTEM_ACTOR, metadata: { legacy_events: legacy, keyed_since_seq: h.keyedSinceSeq.toString() } }]);
    return true;
  };
  return "$transaction" in client ? (client as Db).$transaction(seal) : seal(client as Tx);
}

/**
 * Appends events in order under the chain lock, in a transaction of its own (or the given one). For the
 * audit chainer's tests, imports and benchmarks that need stored events; changes emit events instead.
 */
export async function appendAuditEvents(client: DbOrTx, inputs: AppendInput[]): Promise<Appended[]> {
  const run = async (tx: Tx) => {
    await lockChain(tx);
    return appendLocked(tx, inputs);
  };
  if ("$transaction" in client) return (client as Db).$transaction(run, { timeout: 120_000, maxWait: 60_000 });
  return run(client as Tx);
}
