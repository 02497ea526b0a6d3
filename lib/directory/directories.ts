import { authorize, canReachOrganization, type Permission, type Principal } from "@/lib/authz";
import { publicUrl } from "@/lib/config/env";
import { db, type Tx } from "@/lib/db";
import { notFound, invalid } from "@/lib/errors";
import { emit } from "@/lib/events";
import type { Directory } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import type { MutationContext } from "@/lib/mutation";
import {
  PROVIDER_LABELS,
  type CreateDirectoryInput, type DirectoryProvider, type DirectoryTokenView, type DirectoryView, type RotateTokenInput, type UpdateDirectoryInput,
} from "./schemas";
import { directoryTokenView, liveTokenWhere, storeDirectoryToken } from "./tokens";
import { assertIdOf } from "@/lib/validation/ids";

// Directories: an organization's SCIM connections. Every function authorizes through lib/authz (an
// organization out of the caller's reach, or a directory of another organization, is "not found") and
// writes in one transaction with its event. Input comes parsed by the edge with ./schemas.ts.

export function authorizeOn(principal: Principal, permission: Permission, organizationId: string): void {
  assertIdOf("organization", organizationId);
  if (!canReachOrganization(principal, organizationId)) throw notFound("Organization");
  authorize(principal, permission, { organizationId });
}

export function scimEndpoint(directoryId: string): string {
  return `${publicUrl()}/directory/${directoryId}/scim/v2`;
}

const actorLabel = (ctx: MutationContext) => ctx.actor.label ?? ctx.actor.id ?? ctx.actor.type;

async function requireOrganization(tx: Tx, organizationId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM organizations WHERE id = ${organizationId} FOR SHARE`;
  if (!rows.length) throw notFound("Organization");
}

async function counts(directoryIds: string[]): Promise<Map<string, { users: number; groups: number }>> {
  const out = new Map(directoryIds.map((id) => [id, { users: 0, groups: 0 }]));
  if (!directoryIds.length) return out;
  const users = await db.$queryRaw<{ directory_id: string; n: bigint }[]>`
    SELECT directory_id, count(*) AS n FROM directory_users WHERE directory_id = ANY(${directoryIds}) AND delete_time IS NULL GROUP BY directory_id`;
  const groups = await db.$queryRaw<{ directory_id: string; n: bigint }[]>`
    SELECT directory_id, count(*) AS n FROM directory_groups WHERE directory_id = ANY(${directoryIds}) GROUP BY directory_id`;
  for (const r of users) out.get(r.directory_id)!.users = Number(r.n);
  for (const r of groups) out.get(r.directory_id)!.groups = Number(r.n);
  return out;
}

type DirectoryWithTokens = Directory & { tokens: Parameters<typeof directoryTokenView>[0][] };

function status(d: Directory): DirectoryView["status"] {
  return !d.enabled ? "disabled" : d.lastSyncAt ? "active" : "pending";
}

export function directoryView(d: DirectoryWithTokens, c: { users: number; groups: number }): DirectoryView {
  const lastError = d.lastError && d.lastErrorAt ? { time: d.lastErrorAt.toISOString(), message: d.lastError } : null;
  return {
    id: d.id, organization_id: d.organizationId, directory_type: "SCIM", provider: d.provider as DirectoryProvider, name: d.name,
    enabled: d.enabled, status: status(d), primary: d.primary, scim_endpoint: scimEndpoint(d.id),
    last_sync_at: d.lastSyncAt?.toISOString() ?? null, last_error: lastError, total_users: c.users, total_groups: c.groups,
    tokens: d.tokens.map(directoryTokenView), create_time: d.createdAt.toISOString(), updated_at: d.updatedAt.toISOString(),
  };
}

/** The directory as its events carry it (compat.md §7.2). */
export function directoryEventData(d: Directory) {
  return {
    id: d.id, organization_id: d.organizationId, directory_type: "SCIM" as const, provider: d.provider, name: d.name, enabled: d.enabled,
    status: status(d), primary: d.primary, last_sync_at: d.lastSyncAt?.toISOString() ?? null, updated_at: d.updatedAt.toISOString(),
  };
}

const withLiveTokens = () => ({ tokens: { where: liveTokenWhere(new Date()), orderBy: { createdAt: "asc" as const } } });

export async function listDirectories(principal: Principal, organizationId: string): Promise<DirectoryView[]> {
  authorizeOn(principal, "directories:read", organizationId);
  if (!(await db.organization.findUnique({ where: { id: organizationId }, select: { id: true } }))) throw notFound("Organization");
  const rows = await db.directory.findMany({ where: { organizationId }, include: withLiveTokens(), orderBy: [{ primary: "desc" }, { createdAt: "asc" }] });
  const c = await counts(rows.map((r) => r.id));
  return rows.map((r) => directoryView(r, c.get(r.id)!));
}

/** One directory of the organization (another organization's directory is "not found"). */
export async function loadDirectory(organizationId: string, directoryId: string): Promise<DirectoryWithTokens> {
  assertIdOf("directory", directoryId);
  const row = await db.directory.findFirst({ where: { id: directoryId, organizationId }, include: withLiveTokens() });
  if (!row) throw notFound("Directory");
  return row;
}

export async function getDirectory(principal: Principal, organizationId: string, directoryId: string): Promise<DirectoryView> {
  authorizeOn(principal, "directories:read", organizationId);
  const row = await loadDirectory(organizationId, directoryId);
  return directoryView(row, (await counts([row.id])).get(row.id)!);
}

export interface DirectoryWithToken {
  directory: DirectoryView;
  /** The SCIM bearer token, shown once. */
  plainToken: string;
}

export async function createDirectory(ctx: MutationContext, organizationId: string, input: CreateDirectoryInput): Promise<DirectoryWithToken> {
  authorizeOn(ctx.principal, "directories:write", organizationId);
  const { id, plain } = await db.$transaction(async (tx) => {
    await requireOrganization(tx, organizationId);
    const existing = await tx.directory.count({ where: { organizationId } });
    if (existing >= 20) throw invalid("provider", "An organization can have at most 20 directories");
    const id = newId("dir");
    const row = await tx.directory.create({
      data: { id, organizationId, provider: input.provider, name: input.name ?? PROVIDER_LABELS[input.provider], primary: existing === 0, createdBy: actorLabel(ctx) },
    });
    const { plain } = await storeDirectoryToken(tx, id, actorLabel(ctx));
    await emit(tx, "organization.directory.created", { organizationId, actor: ctx.actor, context: ctx.request, data: directoryEventData(row) });
    return { id, plain };
  });
  return { directory: await getDirectory(ctx.principal, organizationId, id), plainToken: plain };
}

export async function updateDirectory(ctx: MutationContext, organizationId: string, directoryId: string, input: UpdateDirectoryInput): Promise<DirectoryView> {
  authorizeOn(ctx.principal, "directories:write", organizationId);
  await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM directories WHERE id = ${directoryId} AND organization_id = ${organizationId} FOR UPDATE`;
    if (!rows.length) throw notFound("Directory");
    const before = await tx.directory.findUniqueOrThrow({ where: { id: directoryId } });
    if (input.primary && !before.primary) await tx.directory.updateMany({ where: { organizationId, primary: true }, data: { primary: false } });
    const after = await tx.directory.update({
      where: { id: directoryId },
      data: { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.enabled !== undefined ? { enabled: input.enabled } : {}), ...(input.primary ? { primary: true } : {}) },
    });
    const event = { organizationId, actor: ctx.actor, context: ctx.request, before: directoryEventData(before) };
    if (before.enabled !== after.enabled) {
      await emit(tx, after.enabled ? "organization.directory_enabled" : "organization.directory_disabled", { ...event, data: directoryEventData(after) });
    }
    if (before.name !== after.name || before.primary !== after.primary) {
      await emit(tx, "organization.directory.updated", { ...event, data: directoryEventData(after) });
    }
  });
  return getDirectory(ctx.principal, organizationId, directoryId);
}

export interface RotatedToken {
  token: DirectoryTokenView;
  plainToken: string;
  /** When the tokens it replaced stop working (null: they already have). */
  previousTokensExpireTime: string | null;
}

/** A new SCIM token; the current ones stop at once (overlap 0) or after the overlap, at most 24 h. */
export async function rotateDirectoryToken(ctx: MutationContext, organizationId: string, directoryId: string, { overlap_seconds: overlap = 0 }: RotateTokenInput = {}): Promise<RotatedToken> {
  authorizeOn(ctx.principal, "directories:write", organizationId);
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM directories WHERE id = ${directoryId} AND organization_id = ${organizationId} FOR UPDATE`;
    if (!rows.length) throw notFound("Directory");
    const now = new Date();
    const until = overlap > 0 ? new Date(now.getTime() + overlap * 1000) : null;
    const live = await tx.directoryToken.findMany({ where: { directoryId, ...liveTokenWhere(now) } });
    for (const t of live) {
      if (until === null) await tx.directoryToken.update({ where: { id: t.id }, data: { revokedAt: now } });
      else if (!t.expiresAt || t.expiresAt > until) await tx.directoryToken.update({ where: { id: t.id }, data: { expiresAt: until } });
    }
    const { row, plain } = await storeDirectoryToken(tx, directoryId, actorLabel(ctx));
    const token = directoryTokenView(row);
    const previous = live.length && until ? until.toISOString() : null;
    await emit(tx, "organization.directory.token_rotated", {
      organizationId, actor: ctx.actor, context: ctx.request, target: { type: "directory", id: directoryId },
      data: { directory_id: directoryId, organization_id: organizationId, token: { id: token.id, suffix: token.suffix, create_time: token.create_time, expire_time: token.expire_time }, previous_tokens_expire_time: previous },
    });
    return { token, plainToken: plain, previousTokensExpireTime: previous };
  });
}
