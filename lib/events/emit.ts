import type { Actor } from "@/lib/audit/actor";
import { afterCommit, db, type Tx } from "@/lib/db";
import type { RequestContext } from "@/lib/http/request-context";
import { newId } from "@/lib/ids";
import { EVENT_CATALOG, type EventData, type EventType } from "./catalog";
import type { EventDefinition } from "./define";
import { settleEvents } from "./chainer";

// emit(tx, type, …): the one way a change is recorded. It writes one row to the outbox (event_outbox) in
// the caller's transaction, so the change and its event commit together or not at all; nothing here
// takes a lock another request waits on. The audit chainer (./chainer.ts) then appends it to the hash
// chain and hands it to webhooks and the portal; the catalog entry decides what each makes of it.
//
// Read-your-writes: once the caller's transaction has committed, db.$transaction waits (briefly, bounded)
// for a chainer pass that started after the commit, so the request answers with its events already in
// the audit trail and the events API. See ./chainer.ts for the window before an event is chained.

export interface EmitInput<T extends EventType> {
  /** null for deployment-level events (operators, settings, signing keys). */
  organizationId: string | null;
  actor: Actor;
  /** The request it came from (request id, IP, user agent); null for background work. */
  context?: RequestContext | null;
  /** The envelope's `data`, checked against the catalog's schema. */
  data: EventData<T>;
  /** The audit target; by default the catalog's target type and the id found in `data` (`id`, `client_id`, …). */
  target?: { type: string; id: string } | null;
  /** The audit trail's before → after; `after` defaults to `data` (deletions pass `before` and `after: null`). */
  before?: unknown;
  after?: unknown;
  /** Extra audit detail that is not part of the event's data. */
  metadata?: Record<string, unknown> | null;
}

function defaultTargetId(data: unknown): string | null {
  if (!data || typeof data !== "object") return null;
  const d = data as Record<string, unknown>;
  for (const key of ["id", "client_id"]) if (typeof d[key] === "string") return d[key] as string;
  return null;
}

/** JSON text for the outbox (SQL NULL for none): Dates as ISO strings, bigints as strings, undefined fields dropped. */
const jsonText = (v: unknown): string | null =>
  v === null || v === undefined ? null : JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x));

export async function emit<T extends EventType>(tx: Tx, type: T, input: EmitInput<T>): Promise<{ id: string }> {
  const definition: EventDefinition = EVENT_CATALOG[type];
  const parsed = definition.data.safeParse(input.data);
  if (!parsed.success) throw new Error(`event ${type} does not match its catalog schema: ${parsed.error.message}`);
  // The schema is what keeps secrets out of an event's data (webhooks carry it as it is); the audit
  // writer still redacts secret-looking keys of before, after and metadata.
  const data = parsed.data as Record<string, unknown>;
  const targetId = defaultTargetId(data);
  const target = input.target !== undefined ? input.target : targetId ? { type: definition.audit.target, id: targetId } : null;
  const portalData = definition.portal ? (definition.portalData?.(data) ?? data) : null;
  const id = newId("evt");
  // One plain INSERT: this runs in every audited request, and a raw statement skips the ORM's per-call
  // query building (measurable CPU on a busy instance).
  const after = input.after !== undefined ? input.after : data;
  await tx.$executeRaw`
    INSERT INTO event_outbox (id, type, occurred_at, organization_id, data, webhook, portal_type, portal_data, actor_type, actor_id, actor_label,
                              action, target_type, target_id, before, after, metadata, ip, user_agent, request_id)
    VALUES (${id}, ${type}, ${new Date()}, ${input.organizationId}, ${jsonText(data)}::jsonb, ${definition.webhook}, ${definition.portal ?? null},
            ${jsonText(portalData)}::jsonb, ${input.actor.type}, ${input.actor.id ?? null}, ${input.actor.label ?? null}, ${definition.audit.action},
            ${target?.type ?? null}, ${target?.id ?? null}, ${jsonText(input.before)}::jsonb, ${jsonText(after)}::jsonb, ${jsonText(input.metadata)}::jsonb,
            ${input.context?.ip ?? null}, ${input.context?.userAgent ?? null}, ${input.context?.requestId ?? null})`;
  afterCommit("events:settle", settleEvents);
  return { id };
}

/**
 * Many events of one type (a group's new members, a role mapping's affected users), in order, in the
 * caller's transaction. Each is one outbox row; the chainer appends them in one pass.
 */
export async function emitMany<T extends EventType>(tx: Tx, type: T, inputs: EmitInput<T>[]): Promise<void> {
  for (const input of inputs) await emit(tx, type, input);
}

/** An event with no accompanying change (a sign-in, a failed authentication), in a transaction of its own. */
export async function emitStandalone<T extends EventType>(type: T, input: EmitInput<T>): Promise<{ id: string }> {
  return db.$transaction((tx) => emit(tx, type, input));
}
