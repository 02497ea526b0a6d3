import type { ZodType } from "zod";
import { authorize } from "@/lib/authz";
import { emit, type EventType } from "@/lib/events";
import { db, type DbOrTx, Prisma } from "@/lib/db";
import type { MutationContext } from "@/lib/mutation";
import { domainErrorFrom } from "@/lib/zod-errors";

// One deployment-wide JSON setting (deployment_settings row by key): read with a fallback when unset or
// no longer valid, written by operators after validation, with its event in the same transaction.

/** The catalog's events for deployment settings (their data is { id: key }). */
export type DeploymentSettingEvent = Extract<EventType, "session_defaults.updated" | "branding.updated" | "signing_key_settings.updated">;

export async function readDeploymentSetting<T>(key: string, schema: ZodType<T>, fallback: () => T, client: DbOrTx = db): Promise<T> {
  const row = await client.deploymentSetting.findUnique({ where: { key } });
  const parsed = schema.safeParse(row?.value);
  return parsed.success ? parsed.data : fallback();
}

export interface WriteOptions<T> {
  /** How a stored value is read back (defaults to the input schema), e.g. one that tolerates values an older version accepted. */
  readSchema?: ZodType<T>;
  /** What the audit trail keeps of a value (defaults to the value), e.g. a digest instead of an image. */
  auditView?: (value: T) => unknown;
}

export async function writeDeploymentSetting<T>(
  ctx: MutationContext, key: string, schema: ZodType<T>, fallback: () => T, input: unknown, event: DeploymentSettingEvent, options: WriteOptions<T> = {},
): Promise<T> {
  authorize(ctx.principal, "settings:write", { organizationId: null });
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw domainErrorFrom(parsed.error);
  const next = parsed.data;
  const view = options.auditView ?? ((v: T) => v);
  return db.$transaction(async (tx) => {
    const before = await readDeploymentSetting(key, options.readSchema ?? schema, fallback, tx);
    const value = next as unknown as Prisma.InputJsonValue;
    await tx.deploymentSetting.upsert({ where: { key }, create: { key, value }, update: { value } });
    await emit(tx, event, { organizationId: null, actor: ctx.actor, context: ctx.request, data: { id: key }, before: view(before), after: view(next) });
    return next;
  });
}
