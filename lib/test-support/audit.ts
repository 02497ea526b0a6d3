import { appendAuditEvents, type AppendInput } from "@/lib/audit/writer";
import type { DbOrTx } from "@/lib/db";

// Tests of the audit trail's queries, search, export and verification need stored events with chosen
// actions, actors and times. They append them to the chain directly (under the chain lock, as the
// chainer does); product code emits events instead (lib/events).

export async function appendTestAuditEvent(client: DbOrTx, input: AppendInput): Promise<{ id: string; hash: string }> {
  return (await appendAuditEvents(client, [input]))[0]!;
}

export const appendTestAuditEvents = appendAuditEvents;
