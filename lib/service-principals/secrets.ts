import { randomSecret, hashSecret } from "@/lib/crypto/secrets";
import type { Prisma, Tx } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import type { ClientSecret } from "@/lib/generated/prisma/client";
import { MAX_SECRETS_PER_CLIENT } from "./schemas";

// Client secrets: 256-bit random with a recognisable prefix (so secret scanners and people can tell what
// a leaked string is), stored only as a keyed hash plus the last 4 characters for masked display.

export const CLIENT_SECRET_PREFIX = "portico_secret_";

export function newClientSecret(): string {
  return randomSecret(CLIENT_SECRET_PREFIX);
}

/** Locks the client row until the transaction ends, so concurrent secret changes are counted correctly. */
export async function lockClient(tx: Tx, clientId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM service_principals WHERE id = ${clientId} FOR UPDATE`;
  return rows.length > 0;
}

/** Secrets that can still authenticate at `now`: active (not revoked) and not expired. */
export function usableSecretWhere(now: Date): Prisma.ClientSecretWhereInput {
  return { status: "ACTIVE", OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
}

/**
 * Stores a new secret for a client (whose row the caller has locked) and returns the row and the plain
 * value, which the caller shows once and forgets. Refuses a sixth usable (active, unexpired) secret.
 */
export async function storeClientSecret(tx: Tx, clientId: string, createdBy: string, { plain = newClientSecret(), expiresAt = null }: { plain?: string; expiresAt?: Date | null } = {}): Promise<{ row: ClientSecret; plain: string }> {
  const active = await tx.clientSecret.count({ where: { clientId, ...usableSecretWhere(new Date()) } });
  if (active >= MAX_SECRETS_PER_CLIENT) {
    throw new DomainError(
      "limit_exceeded",
      `A client can have at most ${MAX_SECRETS_PER_CLIENT} active secrets; revoke one you no longer use before adding another`,
      "secrets",
    );
  }
  const row = await tx.clientSecret.create({
    data: { id: newId("sks"), clientId, secretHash: hashSecret(plain), suffix: plain.slice(-4), status: "ACTIVE", createdBy, expiresAt },
  });
  return { row, plain };
}
