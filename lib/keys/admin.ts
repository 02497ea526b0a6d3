import { authorize, type Principal } from "@/lib/authz";
import { db } from "@/lib/db";
import { loadSigningKeySettings, type SigningKeySettings } from "./settings";

// The console's view of signing keys and their settings. Rotation is lib/keys/rotation.ts; the
// settings are written by lib/keys/settings.ts.

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
