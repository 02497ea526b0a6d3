import { SYSTEM_ACTOR, type Actor } from "@/lib/audit/actor";
import { emit } from "@/lib/events";
import { authorize } from "@/lib/authz";
import { encrypt } from "@/lib/crypto/encryption";
import { db, type Tx } from "@/lib/db";
import { conflict } from "@/lib/errors";
import { systemContext, type RequestContext } from "@/lib/http/request-context";
import { formatDateTimeUtc } from "@/lib/format";
import { newId } from "@/lib/ids";
import { log } from "@/lib/log";
import type { MutationContext } from "@/lib/mutation";
import type { SigningKey } from "@/lib/generated/prisma/client";
import { generateSigningKey, signingKeyContext, type SigningAlg } from "./algorithms";
import { loadSigningKeySettings } from "./settings";
import { invalidateSigningKey } from "./signing";
import { invalidateVerificationKeys } from "./verification";

// Signing-key life cycle: next → current → previous → retired.
//   next      published in the JWKS, not yet signing, so validators have it cached before its first token;
//   current   signs every new token (exactly one);
//   previous  stopped signing; stays published until every token it signed has expired;
//   retired   unpublished; its private key is wiped.
// Every change runs under one advisory lock, so several app instances starting or rotating at once
// still leave exactly one current and one next key.

/** No access token lives longer than this (the service-principal expiry maximum). */
export const MAX_ACCESS_TOKEN_LIFETIME_SEC = 86_400;
/** Extra time a previous key stays published, for clock skew and cached JWKS. */
export const RETIRE_GRACE_SEC = 10 * 60;
/**
 * A next key signs only once it has been published this long: longer than a validator may keep the key
 * set (/keys is cacheable for 300 s, plus 60 s stale-while-revalidate), with room for clock skew. Until
 * then a rotation would hand out tokens whose kid some validators cannot know yet.
 */
export const NEXT_KEY_MIN_PUBLISHED_SEC = 10 * 60;

/** When a next key published at `createdAt` may start signing. */
export const signableFrom = (createdAt: Date) => new Date(createdAt.getTime() + NEXT_KEY_MIN_PUBLISHED_SEC * 1000);
/** When a key that stopped signing at `stoppedSigning` is retired (its last token has expired). */
export const retiresAt = (stoppedSigning: Date) => new Date(stoppedSigning.getTime() + (MAX_ACCESS_TOKEN_LIFETIME_SEC + RETIRE_GRACE_SEC) * 1000);
/**
 * When a key activated at `activatedAt` stopped signing: the earliest of `activations` (the activation
 * times of the other keys, in any order) after it. Undefined while no later key has been activated.
 */
export function stoppedSigningAt(activatedAt: Date, activations: readonly Date[]): Date | undefined {
  let stopped: Date | undefined;
  for (const t of activations) {
    if (t > activatedAt && (!stopped || t < stopped)) stopped = t;
  }
  return stopped;
}
/** When the scheduled rotation of the current key is due: its activation (or creation) + the rotation interval. */
export const rotationDueAt = (current: { activatedAt: Date | null; createdAt: Date }, settings: { rotation_interval_days: number }) =>
  new Date((current.activatedAt ?? current.createdAt).getTime() + settings.rotation_interval_days * 86_400_000);
const KEY_LOCK = 0x736e6b; // "snk"

const utc = formatDateTimeUtc;

async function lock(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${KEY_LOCK})`;
}

async function createKey(tx: Tx, alg: SigningAlg, status: "next" | "current", now: Date): Promise<SigningKey> {
  const kid = newId("snk");
  const { privatePem, publicJwk } = await generateSigningKey(kid, alg);
  return tx.signingKey.create({
    data: {
      id: kid, alg, status, publicJwk: publicJwk as object, privateKeyEnc: encrypt(privatePem, signingKeyContext(kid)),
      createdAt: now, activatedAt: status === "current" ? now : null,
    },
  });
}

/**
 * Retires previous keys whose every token has expired: a previous key stopped signing when the key
 * after it was activated; its tokens live at most MAX_ACCESS_TOKEN_LIFETIME_SEC after that.
 */
async function retireSpentKeys(tx: Tx, now: Date, actor: Actor, context: RequestContext): Promise<string[]> {
  const keys = await tx.signingKey.findMany({ where: { activatedAt: { not: null } }, select: { id: true, status: true, activatedAt: true }, orderBy: { activatedAt: "asc" } });
  const retired: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key.status !== "previous") continue;
    const stoppedSigning = stoppedSigningAt(key.activatedAt!, keys.slice(i + 1).map((k) => k.activatedAt!));
    if (!stoppedSigning) continue;
    if (retiresAt(stoppedSigning) <= now) {
      await tx.signingKey.update({ where: { id: key.id }, data: { status: "retired", retiredAt: now, privateKeyEnc: "" } });
      await emit(tx, "signing_key.retired", {
        organizationId: null, actor, context, data: { id: key.id, status: "retired" }, before: { status: "previous" }, after: { status: "retired" },
        metadata: { reason: "every token it signed has expired", stopped_signing_time: stoppedSigning.toISOString() },
      });
      retired.push(key.id);
    }
  }
  return retired;
}

/** Makes sure a current and a next key exist (the next one in the configured algorithm); retires spent keys. */
export async function ensureSigningKeys({ now = new Date(), actor = SYSTEM_ACTOR, context = systemContext() }: { now?: Date; actor?: Actor; context?: RequestContext } = {}): Promise<void> {
  const settings = await loadSigningKeySettings();
  const changed = await db.$transaction(async (tx) => {
    await lock(tx);
    let changed = false;
    const audit = (type: "signing_key.activated" | "signing_key.created" | "signing_key.retired", kid: string, metadata: Record<string, unknown>) =>
      emit(tx, type, { organizationId: null, actor, context, data: { id: kid }, after: null, metadata });
    const current = await tx.signingKey.findFirst({ where: { status: "current" } });
    let next = await tx.signingKey.findFirst({ where: { status: "next" }, orderBy: { createdAt: "desc" } });
    if (!current) {
      if (next) {
        // A next key that never became current (interrupted rotation): it is published, so it may sign.
        await tx.signingKey.update({ where: { id: next.id }, data: { status: "current", activatedAt: now } });
        await audit("signing_key.activated", next.id, { reason: "no current key", alg: next.alg });
        next = null;
      } else {
        const key = await createKey(tx, settings.alg, "current", now);
        await audit("signing_key.created", key.id, { status: "current", alg: key.alg, reason: "first start" });
      }
      changed = true;
    }
    if (next && next.alg !== settings.alg) {
      // Never signed: replace it with one in the configured algorithm (which, being new, waits
      // NEXT_KEY_MIN_PUBLISHED_SEC before a rotation may promote it).
      await tx.signingKey.update({ where: { id: next.id }, data: { status: "retired", retiredAt: now, privateKeyEnc: "" } });
      await audit("signing_key.retired", next.id, { reason: `replaced by a next key in ${settings.alg}; it never signed`, alg: next.alg });
      next = null;
    }
    if (!next) {
      const key = await createKey(tx, settings.alg, "next", now);
      await audit("signing_key.created", key.id, { status: "next", alg: key.alg });
      changed = true;
    }
    if ((await retireSpentKeys(tx, now, actor, context)).length) changed = true;
    return changed;
  }, { timeout: 30_000 });
  if (changed) {
    invalidateVerificationKeys();
    invalidateSigningKey();
  }
}

export interface RotationResult {
  /** The key that now signs (the former next key). */
  current: string;
  /** The newly published next key. */
  next: string;
  /** The key that stopped signing; stays published until its tokens expired. */
  previous: string | null;
  retired: string[];
}

async function rotate(actor: Actor, context: RequestContext, reason: "manual" | "scheduled", now: Date, onlyIfDue: boolean): Promise<RotationResult | null> {
  await ensureSigningKeys({ now, actor, context });
  const settings = await loadSigningKeySettings();
  const result = await db.$transaction(async (tx) => {
    await lock(tx);
    const current = await tx.signingKey.findFirst({ where: { status: "current" } });
    const next = await tx.signingKey.findFirst({ where: { status: "next" }, orderBy: { createdAt: "desc" } });
    if (!current || !next) throw new Error("signing keys are missing after ensureSigningKeys");
    if (onlyIfDue && rotationDueAt(current, settings) > now) return null;
    const signable = signableFrom(next.createdAt);
    if (signable > now) {
      if (onlyIfDue) return null; // the hourly check tries again
      throw conflict(`The next signing key was published at ${utc(next.createdAt)}: validators that cached the key set before then may not know it yet. Rotate at or after ${utc(signable)}.`);
    }
    await tx.signingKey.update({ where: { id: current.id }, data: { status: "previous" } });
    await tx.signingKey.update({ where: { id: next.id }, data: { status: "current", activatedAt: now } });
    const fresh = await createKey(tx, settings.alg, "next", now);
    const retired = await retireSpentKeys(tx, now, actor, context);
    const out: RotationResult = { current: next.id, next: fresh.id, previous: current.id, retired };
    await emit(tx, "signing_key.rotated", {
      organizationId: null, actor, context, data: { id: next.id },
      before: { current: current.id, next: next.id },
      after: { current: next.id, next: fresh.id, previous: current.id, alg: { current: next.alg, next: fresh.alg } },
      metadata: { reason, retired },
    });
    return out;
  }, { timeout: 30_000 });
  invalidateVerificationKeys();
  invalidateSigningKey();
  return result;
}

/**
 * Rotates now (the console's "Rotate signing keys"): the published next key starts signing, the
 * current one becomes previous and a new next key is published. No live token stops validating.
 * Refused (conflict) while the next key is younger than NEXT_KEY_MIN_PUBLISHED_SEC.
 */
export async function rotateSigningKeys(ctx: MutationContext, { now = new Date() }: { now?: Date } = {}): Promise<RotationResult> {
  authorize(ctx.principal, "settings:write");
  return (await rotate(ctx.actor, ctx.request, "manual", now, false))!;
}

/** Rotates when the current key has signed for longer than the configured interval. */
export async function rotateSigningKeysIfDue({ now = new Date() }: { now?: Date } = {}): Promise<RotationResult | null> {
  return rotate(SYSTEM_ACTOR, systemContext(), "scheduled", now, true);
}

const SCHEDULE_KEY = Symbol.for("portico.keys.rotationSchedule");
const scheduleHolder = globalThis as unknown as { [SCHEDULE_KEY]?: NodeJS.Timeout };

/** Checks every hour whether keys are due to rotate or retire (each instance checks; the lock makes it once). */
export function startKeyRotationSchedule(intervalMs = 3_600_000): void {
  if (scheduleHolder[SCHEDULE_KEY]) return;
  const timer = setInterval(() => {
    rotateSigningKeysIfDue().then((r) => {
      if (r) log.info({ current: r.current, next: r.next, previous: r.previous }, "signing keys rotated on schedule");
    }, (err) => log.error({ err }, "scheduled signing-key rotation failed"));
  }, intervalMs);
  timer.unref();
  scheduleHolder[SCHEDULE_KEY] = timer;
}

export function stopKeyRotationSchedule(): void {
  clearInterval(scheduleHolder[SCHEDULE_KEY]);
  delete scheduleHolder[SCHEDULE_KEY];
}
