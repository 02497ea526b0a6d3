import type { ZodType } from "zod";
import { authorize } from "@/lib/authz";
import { emit, type EventType } from "@/lib/events";
import { db, type DbOrTx, Prisma } from "@/lib/db";
import type { MutationContext } from "@/lib/mutation";

// One deployment-wide JSON setting (deployment_settings row by key): read with a fallback when unset or
// no longer valid, written by operators (the value arrives parsed by the edge's schema), with its event
// in the same transaction.

/** The catalog's events for deployment settings (their data is { id: key }). */
export type DeploymentSettingEvent = Extract<EventType, "session_defaults.updated" | "branding.updated" | "signing_key_settings.updated" | "sso_custom_attributes.updated">;

export async function readDeploymentSetting<T>(key: string, schema: ZodType<T>, fallback: () => T, client: DbOrTx = db): Promise<T> {
  const row = await client.deploymentSetting.findUnique({ where: { key } });
  const parsed = schema.safeParse(row?.value);
  return parsed.success ? parsed.data : fallback();
}

export interface WriteOptions<T> {
  /** What the audit trail keeps of a value (defaults to the value), e.g. a digest instead of an image. */
  auditView?: (value: T) => unknown;
}

/** Stores `next` under `key`; `readSchema` reads the value it replaces (for the audit trail's before → after). */
export async function writeDeploymentSetting<T>(
  ctx: MutationContext, key: string, readSchema: ZodType<T>, fallback: () => T, next: T, event: DeploymentSettingEvent, options: WriteOptions<T> = {},
): Promise<T> {
  authorize(ctx.principal, "settings:write", { organizationId: null });
  const view = options.auditView ?? ((v: T) => v);
  return db.$transaction(async (tx) => {
    const before = await readDeploymentSetting(key, readSchema, fallback, tx);
    const value = next as unknown as Prisma.InputJsonValue;
    await tx.deploymentSetting.upsert({ where: { key }, create: { key, value }, update: { value } });
    await emit(tx, event, { organizationId: null, actor: ctx.actor, context: ctx.request, data: { id: key }, before: view(before), after: view(next) });
    return next;
  });
}
