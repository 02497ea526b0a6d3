import type { Actor } from "@/lib/audit/actor";
import { recordAudit, recordAuditMany } from "@/lib/audit/writer";
import type { Tx } from "@/lib/db";
import type { RequestContext } from "@/lib/http/request-context";
import { EVENT_CATALOG, type EventData, type EventType } from "./catalog";

// emit(tx, type, …): the one way a change is recorded. It runs in the caller's transaction, so the change
// and its event commit together or not at all; the catalog entry decides what the audit trail, webhooks
// and the portal make of it.

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

export async function emit<T extends EventType>(tx: Tx, type: T, input: EmitInput<T>): Promise<{ id: string }> {
  const definition = EVENT_CATALOG[type];
  const parsed = definition.data.safeParse(input.data);
  if (!parsed.success) throw new Error(`event ${type} does not match its catalog schema: ${parsed.error.message}`);
  const targetId = defaultTargetId(parsed.data);
  const target = input.target !== undefined ? input.target : targetId ? { type: definition.audit.target, id: targetId } : null;
  const { id } = await recordAudit(tx, {
    action: definition.audit.action,
    actor: input.actor,
    organizationId: input.organizationId,
    target,
    before: input.before,
    after: input.after !== undefined ? input.after : parsed.data,
    metadata: input.metadata ?? null,
    context: input.context ?? null,
  });
  return { id };
}

/**
 * Many events of one type in one append (a group's new members, a role mapping's affected users): one
 * chain lock and one head update instead of one per event. Same checks and defaults as emit.
 */
export async function emitMany<T extends EventType>(tx: Tx, type: T, inputs: EmitInput<T>[]): Promise<void> {
  if (!inputs.length) return;
  const definition = EVENT_CATALOG[type];
  await recordAuditMany(tx, inputs.map((input) => {
    const parsed = definition.data.safeParse(input.data);
    if (!parsed.success) throw new Error(`event ${type} does not match its catalog schema: ${parsed.error.message}`);
    const targetId = defaultTargetId(parsed.data);
    const target = input.target !== undefined ? input.target : targetId ? { type: definition.audit.target, id: targetId } : null;
    return {
      action: definition.audit.action, actor: input.actor, organizationId: input.organizationId, target,
      before: input.before, after: input.after !== undefined ? input.after : parsed.data, metadata: input.metadata ?? null, context: input.context ?? null,
    };
  }));
}
