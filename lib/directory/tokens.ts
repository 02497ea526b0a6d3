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
  const known = DIRECTORY_ID.test(directoryId);
  const directory = known
    ? await db.directory.findUnique({ where: { id: directoryId }, include: { tokens: { where: liveTokenWhere(new Date()) } } })
    : null;
  const match = /^Bearer[ ]+([\x21-\x7e]{1,512})\s*$/i.exec(authorization ?? "");
  if (!match) return { ok: false, reason: "missing_token", known: !!directory };
  const hash = hashSecret(match[1]!);
  // Compare with every live token (at most two during a rotation overlap), whatever matches first.
  let token: { id: string } | null = null;
  for (const t of directory?.tokens ?? []) if (constantTimeEqual(hash, t.tokenHash) && !token) token = t;
  if (!directory) constantTimeEqual(hash, hash);
  if (!directory || !token) return { ok: false, reason: "invalid_token", known: !!directory };
  if (!directory.enabled) return { ok: false, reason: "disabled", known: true };
  const now = Date.now();
  if ((lastUsedWritten.get(token.id) ?? 0) < now - LAST_USED_EVERY_MS) {
    lastUsedWritten.set(token.id, now);
    if (lastUsedWritten.size > 10_000) lastUsedWritten.clear();
    await db.directoryToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date(now) } }).catch(() => {});
  }
  return { ok: true, directory: { id: directory.id, organizationId: directory.organizationId, provider: directory.provider as DirectoryProvider, name: directory.name, tokenId: token.id } };
}
