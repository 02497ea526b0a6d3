import type { Tx } from "@/lib/db";

// The webhook fan-out: runs inside the audit chainer's pass (lib/events/chainer.ts), so each chained
// webhook event gets exactly one delivery per matching enabled endpoint, in the same transaction that
// chains it. Disabled endpoints get nothing new (re-enabling resumes what was pending; Replay fills gaps).

export interface FanOutEvent { id: string; type: string; organizationId: string | null }

export function endpointMatches(endpoint: { eventTypes: string[]; organizationIds: string[] }, event: FanOutEvent): boolean {
  if (endpoint.eventTypes.length && !endpoint.eventTypes.includes(event.type)) return false;
  if (endpoint.organizationIds.length && (!event.organizationId || !endpoint.organizationIds.includes(event.organizationId))) return false;
  return true;
}

export async function fanOutToEndpoints(tx: Tx, events: FanOutEvent[]): Promise<number> {
  if (!events.length) return 0;
  const endpoints = await tx.webhookEndpoint.findMany({ where: { status: "enabled" }, select: { id: true, eventTypes: true, organizationIds: true } });
  if (!endpoints.length) return 0;
  const rows: { endpointId: string; eventId: string; eventType: string; trigger: string }[] = [];
  for (const event of events) {
    for (const endpoint of endpoints) if (endpointMatches(endpoint, event)) rows.push({ endpointId: endpoint.id, eventId: event.id, eventType: event.type, trigger: "event" });
  }
  for (let i = 0; i < rows.length; i += 5_000) await tx.webhookDelivery.createMany({ data: rows.slice(i, i + 5_000) });
  return rows.length;
}
