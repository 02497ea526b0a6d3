import { hash, verify } from "@node-rs/argon2";

// Operator passwords: argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).

const OPTIONS = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let dummyHash: Promise<string> | null = null;

/**
 * Verifies a password against a stored hash. Without a stored hash (unknown email) it still verifies
 * against a throwaway hash, so the answer takes the same time whether or not the account exists.
 */
export async function verifyPassword(password: string, storedHash: string | null): Promise<boolean> {
  if (!storedHash) {
    dummyHash ??= hashPassword("portico-dummy-password-for-timing");
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
