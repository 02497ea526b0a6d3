import { constantTimeEqual, hashSecret, randomSecret } from "@/lib/crypto/secrets";
import { db, type Tx } from "@/lib/db";
import type { DirectoryToken } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import type { DirectoryProvider, DirectoryTokenView } from "./schemas";

// SCIM bearer tokens: 256-bit random with a recognisable prefix, stored only as a keyed hash (the same
// HMAC as client secrets) plus the last 4 characters; checked in constant time against the directory's
// live tokens. A token reaches only the directory in the URL it is sent to.

export const SCIM_TOKEN_PREFIX = "portico_scim_";

export function newScimToken(): string {
  return randomSecret(SCIM_TOKEN_PREFIX);
}

export async function storeDirectoryToken(tx: Tx, directoryId: string, createdBy: string): Promise<{ row: DirectoryToken; plain: string }> {
  const plain = newScimToken();
  const row = await tx.directoryToken.create({ data: { id: newId("dirtok"), directoryId, tokenHash: hashSecret(plain), suffix: plain.slice(-4), createdBy } });
  return { row, plain };
}

export const liveTokenWhere = (now: Date) => ({ revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] });

export function directoryTokenView(t: DirectoryToken): DirectoryTokenView {
  return {
    id: t.id, suffix: t.suffix, create_time: t.createdAt.toISOString(),
    expire_time: t.expiresAt?.toISOString() ?? null, last_used_time: t.lastUsedAt?.toISOString() ?? null,
  };
}

export interface AuthenticatedDirectory {
  id: string;
  organizationId: string;
  provider: DirectoryProvider;
  name: string;
  tokenId: string;
}

export type DirectoryAuthResult =
  | { ok: true; directory: AuthenticatedDirectory }
  /** `known`: the directory exists (its provisioning log records the failed attempt). */
  | { ok: false; reason: "missing_token" | "invalid_token" | "disabled"; known: boolean };

const DIRECTORY_ID = /^dir_\d{1,30}$/;
const lastUsedWritten = new Map<string, number>();
const LAST_USED_EVERY_MS = 60_000;

/** Authenticates `Authorization: Bearer …` for a directory. Unknown directory and wrong token look the same. */
export async function authenticateDirectory(directoryId: string, authorization: string | null): Promise<DirectoryAuthResult> {
  // One query: the directory and its live tokens (at most two during a rotation overlap).
  const rows = DIRECTORY_ID.test(directoryId)
    ? await db.$queryRaw<{ id: string; organization_id: string; provider: string; name: string; enabled: boolean; token_id: string | null; token_hash: string | null }[]>`
        SELECT d.id, d.organization_id, d.provider, d.name, d.enabled, t.id AS token_id, t.token_hash
        FROM directories d LEFT JOIN directory_tokens t ON t.directory_id = d.id AND t.revoke_time IS NULL AND (t.expire_time IS NULL OR t.expire_time > now())
        WHERE d.id = ${directoryId}`
    : [];
  const directory = rows[0];
  const match = /^Bearer[ ]+([\x21-\x7e]{1,512})\s*$/i.exec(authorization ?? "");
  if (!match) return { ok: false, reason: "missing_token", known: !!directory };
  const hash = hashSecret(match[1]!);
  // Compared with every live token in constant time, whatever matches first.
  let tokenId: string | null = null;
  for (const r of rows) if (r.token_hash && constantTimeEqual(hash, r.token_hash) && !tokenId) tokenId = r.token_id;
  if (!directory || !tokenId) return { ok: false, reason: "invalid_token", known: !!directory };
  if (!directory.enabled) return { ok: false, reason: "disabled", known: true };
  const now = Date.now();
  if ((lastUsedWritten.get(tokenId) ?? 0) < now - LAST_USED_EVERY_MS) {
    lastUsedWritten.set(tokenId, now);
    if (lastUsedWritten.size > 10_000) lastUsedWritten.clear();
    await db.directoryToken.update({ where: { id: tokenId }, data: { lastUsedAt: new Date(now) } }).catch(() => {});
  }
  return { ok: true, directory: { id: directory.id, organizationId: directory.organization_id, provider: directory.provider as DirectoryProvider, name: directory.name, tokenId } };
}
