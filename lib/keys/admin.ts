import { authorize, type Principal } from "@/lib/authz";
import { recordAudit } from "@/lib/audit/writer";
import { db, Prisma } from "@/lib/db";
import type { MutationContext } from "@/lib/mutation";
import { domainErrorFrom } from "@/lib/zod-errors";
import { loadSigningKeySettings, SIGNING_KEY_SETTINGS_KEY, signingKeySettingsSchema, type SigningKeySettings } from "./settings";

// The console's view of signing keys and their settings (algorithm, rotation interval). Rotation
// itself is lib/keys/rotation.ts.

export interface SigningKeyView {
  kid: string;
  alg: string;
  status: "next" | "current" | "previous" | "retired";
  create_time: string;
  activate_time: string | null;
  retire_time: string | null;
}

/** Published keys and the most recently retired ones, newest first. */
export async function listSigningKeys(principal: Principal): Promise<{ keys: SigningKeyView[]; settings: SigningKeySettings }> {
  authorize(principal, "settings:read", { organizationId: null });
  const [published, retired, settings] = await Promise.all([
    db.signingKey.findMany({ where: { status: { not: "retired" } }, orderBy: { createdAt: "desc" } }),
    db.signingKey.findMany({ where: { status: "retired" }, orderBy: { retiredAt: "desc" }, take: 5 }),
    loadSigningKeySettings(),
  ]);
  const order = { next: 0, current: 1, previous: 2, retired: 3 } as const;
  const keys = [...published, ...retired].map((k) => ({
    kid: k.id, alg: k.alg, status: k.status as SigningKeyView["status"], create_time: k.createdAt.toISOString(),
    activate_time: k.activatedAt?.toISOString() ?? null, retire_time: k.retiredAt?.toISOString() ?? null,
  })).sort((a, b) => order[a.status] - order[b.status] || b.create_time.localeCompare(a.create_time));
  return { keys, settings };
}

export async function updateSigningKeySettings(ctx: MutationContext, input: unknown): Promise<SigningKeySettings> {
  authorize(ctx.principal, "settings:write", { organizationId: null });
  const parsed = signingKeySettingsSchema.safeParse(input);
  if (!parsed.success) throw domainErrorFrom(parsed.error);
  return db.$transaction(async (tx) => {
    const before = await loadSigningKeySettings(tx);
    const value = parsed.data as unknown as Prisma.InputJsonValue;
    await tx.deploymentSetting.upsert({ where: { key: SIGNING_KEY_SETTINGS_KEY }, create: { key: SIGNING_KEY_SETTINGS_KEY, value }, update: { value } });
    await recordAudit(tx, { action: "signing_key_settings.updated", actor: ctx.actor, target: { type: "deployment_setting", id: SIGNING_KEY_SETTINGS_KEY }, before, after: parsed.data, context: ctx.request });
    return parsed.data;
  });
}
