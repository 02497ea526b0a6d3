import { authorize, type Principal } from "@/lib/authz";
import { db } from "@/lib/db";
import { retiresAt, rotationDueAt, signableFrom, stoppedSigningAt } from "./rotation";
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
  /** next key: when a rotation may promote it (it has been published long enough). */
  signable_time: string | null;
  /** previous key: when it stops being published (its last token has expired). */
  planned_retire_time: string | null;
}

export interface SigningKeysView {
  keys: SigningKeyView[];
  settings: SigningKeySettings;
  /** When the scheduled rotation is due (the current key's activation + the interval), if there is a current key. */
  next_rotation_time: string | null;
}

/** Published keys and the most recently retired ones, newest first. */
export async function listSigningKeys(principal: Principal): Promise<SigningKeysView> {
  authorize(principal, "settings:read", { organizationId: null });
  const [published, retired, settings] = await Promise.all([
    db.signingKey.findMany({ where: { status: { not: "retired" } }, orderBy: { createdAt: "desc" } }),
    db.signingKey.findMany({ where: { status: "retired" }, orderBy: { retiredAt: "desc" }, take: 5 }),
    loadSigningKeySettings(),
  ]);
  // A previous key stopped signing when the next key (by activation) after it started.
  const activations = published.flatMap((k) => (k.activatedAt ? [k.activatedAt] : []));
  const current = published.find((k) => k.status === "current");
  const order = { next: 0, current: 1, previous: 2, retired: 3 } as const;
  const keys = [...published, ...retired].map((k): SigningKeyView => {
    const stopped = k.status === "previous" && k.activatedAt ? stoppedSigningAt(k.activatedAt, activations) : undefined;
    return {
      kid: k.id, alg: k.alg, status: k.status as SigningKeyView["status"], create_time: k.createdAt.toISOString(),
      activate_time: k.activatedAt?.toISOString() ?? null, retire_time: k.retiredAt?.toISOString() ?? null,
      signable_time: k.status === "next" ? signableFrom(k.createdAt).toISOString() : null,
      planned_retire_time: stopped ? retiresAt(stopped).toISOString() : null,
    };
  }).sort((a, b) => order[a.status] - order[b.status] || b.create_time.localeCompare(a.create_time));
  return { keys, settings, next_rotation_time: current ? rotationDueAt(current, settings).toISOString() : null };
}
