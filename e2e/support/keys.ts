import { db } from "@/lib/db";

// Signing keys are shared by every test against the app. Tests that rotate them take this lock, so one
// test's rotation (which publishes a brand-new next key) cannot land between another's set-up and its
// own rotation.
const TEST_ROTATION_LOCK = 0x6b657973; // "keys"

export async function withSigningKeysLocked<T>(fn: () => Promise<T>): Promise<T> {
  let result!: T;
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${TEST_ROTATION_LOCK})`;
    result = await fn();
  }, { timeout: 60_000, maxWait: 60_000 });
  return result;
}

/** Backdates the published next key, as if validators had had it for an hour. */
export async function nextKeyPublishedAnHourAgo(): Promise<string> {
  const next = await db.signingKey.findFirstOrThrow({ where: { status: "next" } });
  await db.signingKey.update({ where: { id: next.id }, data: { createdAt: new Date(Date.now() - 3_600_000) } });
  return next.id;
}
