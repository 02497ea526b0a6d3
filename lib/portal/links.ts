import { authorize, type Principal } from "@/lib/authz";
import { emit } from "@/lib/events";
import type { Actor } from "@/lib/audit/actor";
import { publicUrl } from "@/lib/config/env";
import { hashSecret, randomSecret } from "@/lib/crypto/secrets";
import { db, Prisma } from "@/lib/db";
import { invalid, notFound } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { newPortalLinkId } from "@/lib/ids";
import { log } from "@/lib/log";
import { assertIdOf } from "@/lib/validation/ids";
import type { MutationContext } from "@/lib/mutation";
import type { PortalLink } from "@/lib/generated/prisma/client";
import {
  LINK_LIFETIME_SEC, type CreatePortalLinkInput, type PortalActorInput, type PortalLinkCreated, type PortalLinkKind, type PortalLinkView,
} from "./schemas";
import { recordLinkOpenFailure, type StoredLinkFailure } from "./link-failures";
import { startPortalSession, type StartedPortalSession } from "./sessions";

// Portal links: how a tenant admin reaches the admin portal. The token in `location` is 256-bit random
// and stored only as a keyed hash. Embedded links open once, within a minute; shareable links open any
// number of times for 7 days unless revoked. Opening one starts a portal session (./sessions.ts).

export const LINK_TOKEN_PREFIX = "ptl_";

/** The URL that opens a link; the token is the last path segment. */
export function linkLocation(token: string): string {
  return `${publicUrl()}/portal/l/${token}`;
}

function linkStatus(link: PortalLink, now = new Date()): PortalLinkView["status"] {
  if (link.revokedAt) return "revoked";
  if (link.kind === "embedded" && link.usedAt) return "used";
  if (link.expiresAt <= now) return "expired";
  return "active";
}

export function portalLinkView(link: PortalLink): PortalLinkView {
  return {
    id: link.id,
    kind: link.kind as PortalLinkKind,
    organization_id: link.organizationId,
    features: link.features,
    actor: (link.actor as PortalActorInput | null) ?? null,
    show_header: link.showHeader,
    created_by: { type: link.createdByType, id: link.createdById, label: link.createdByLabel },
    create_time: link.createdAt.toISOString(),
    expire_time: link.expiresAt.toISOString(),
    last_used_time: link.lastUsedAt?.toISOString() ?? null,
    status: linkStatus(link),
  };
}

/** Portal sessions may not see other organizations' links; "not found" keeps their ids from leaking. */
function authorizeLinks(principal: Principal, permission: "portal_links:read" | "portal_links:write", organizationId: string) {
  assertIdOf("organization", organizationId);
  if (principal.kind === "portal" && principal.organizationId !== organizationId) throw notFound("Organization");
  authorize(principal, permission, { organizationId });
}

export async function createPortalLink(ctx: MutationContext, organizationId: string, input: CreatePortalLinkInput): Promise<PortalLinkCreated> {
  authorizeLinks(ctx.principal, "portal_links:write", organizationId);
  const { kind, actor, show_header: showHeader } = input;
  return db.$transaction(async (tx) => {
    const org = await tx.organization.findUnique({ where: { id: organizationId }, select: { id: true, features: true } });
    if (!org) throw notFound("Organization");
    const features = [...new Set(input.features ?? org.features)];
    const missing = features.filter((f) => !org.features.includes(f));
    if (missing.length) {
      throw invalid("features", `names ${missing.join(", ")}, which the organization does not have; a link can only carry the organization's features (${org.features.join(", ") || "none"})`);
    }
    const token = randomSecret(LINK_TOKEN_PREFIX);
    const expiresAt = new Date(Date.now() + LINK_LIFETIME_SEC[kind] * 1000);
    const link = await tx.portalLink.create({
      data: {
        id: newPortalLinkId(), organizationId, kind, tokenHash: hashSecret(token), features,
        actor: actor ? (actor as Prisma.InputJsonValue) : Prisma.DbNull, showHeader,
        createdByType: ctx.actor.type, createdById: ctx.actor.id ?? null, createdByLabel: ctx.actor.label ?? null, expiresAt,
      },
    });
    const created = { kind, features, actor: actor ?? null, show_header: showHeader, expire_time: expiresAt.toISOString() };
    await emit(tx, "portal_link.created", { organizationId, actor: ctx.actor, context: ctx.request, data: { id: link.id, ...created }, after: created });
    return { id: link.id, kind, location: linkLocation(token), expire_time: expiresAt.toISOString() };
  });
}

/** The organization's shareable links that can still be opened, newest first. */
export async function listShareableLinks(principal: Principal, organizationId: string): Promise<PortalLinkView[]> {
  authorizeLinks(principal, "portal_links:read", organizationId);
  const org = await db.organization.findUnique({ where: { id: organizationId }, select: { id: true } });
  if (!org) throw notFound("Organization");
  const links = await db.portalLink.findMany({
    where: { organizationId, kind: "shareable", revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
  });
  return links.map(portalLinkView);
}

/** Revokes a link and ends every portal session opened through it. */
export async function revokePortalLink(ctx: MutationContext, organizationId: string, linkId: string): Promise<PortalLinkView> {
  authorizeLinks(ctx.principal, "portal_links:write", organizationId);
  assertIdOf("portal_link", linkId);
  return db.$transaction(async (tx) => {
    const link = await tx.portalLink.findFirst({ where: { id: linkId, organizationId } });
    if (!link) throw notFound("Portal link");
    if (link.revokedAt) return portalLinkView(link);
    const now = new Date();
    const revoked = await tx.portalLink.update({ where: { id: link.id }, data: { revokedAt: now } });
    const { count } = await tx.portalSession.updateMany({ where: { linkId: link.id, revokedAt: null }, data: { revokedAt: now } });
    await emit(tx, "portal_link.revoked", {
      organizationId, actor: ctx.actor, context: ctx.request, data: { id: link.id, status: "revoked" },
      before: { status: linkStatus(link, now) }, after: { status: "revoked" }, metadata: { sessions_ended: count },
    });
    return portalLinkView(revoked);
  });
}

export type LinkFailure = "invalid" | "used" | "expired" | "revoked";
export type OpenLinkResult = { ok: true; session: StartedPortalSession } | { ok: false; reason: LinkFailure };

export function portalActorFor(link: { id: string; actor: unknown }): Actor {
  const a = (link.actor ?? null) as PortalActorInput | null;
  return { type: "portal_user", id: a?.id ?? null, label: a?.email ?? a?.name ?? `portal link ${link.id}` };
}

/**
 * Opens a link: checks it (an embedded link is claimed atomically, so two opens cannot both win) and
 * starts a portal session in the same transaction. The failure reason says nothing about the organization.
 * A failed open of a stored link is audited (throttled, ./link-failures.ts); a token that matches no link
 * is only logged, without the token.
 */
export async function openPortalLink(token: string, request: RequestContext | null = null, now = new Date()): Promise<OpenLinkResult> {
  if (!token.startsWith(LINK_TOKEN_PREFIX) || token.length > 100) return unknownLink(request);
  const tokenHash = hashSecret(token);
  const result = await db.$transaction(async (tx) => {
    const link = await tx.portalLink.findUnique({ where: { tokenHash } });
    if (!link) return { ok: false, reason: "invalid" } as const;
    const fail = (reason: StoredLinkFailure) => ({ ok: false, reason, link } as const);
    if (link.revokedAt) return fail("revoked");
    if (link.kind === "embedded" && link.usedAt) return fail("used");
    if (link.expiresAt <= now) return fail("expired");
    const claim = link.kind === "embedded"
      ? { usedAt: null, revokedAt: null, expiresAt: { gt: now } }
      : { revokedAt: null, expiresAt: { gt: now } };
    const { count } = await tx.portalLink.updateMany({
      where: { id: link.id, ...claim },
      data: link.kind === "embedded" ? { usedAt: now, lastUsedAt: now } : { lastUsedAt: now, usedAt: link.usedAt ?? now },
    });
    if (count === 0) return fail(link.kind === "embedded" ? "used" : "revoked");
    const session = await startPortalSession(tx, link, now);
    await emit(tx, "portal_link.used", {
      organizationId: link.organizationId, actor: portalActorFor(link), context: request, data: { id: link.id, kind: link.kind }, after: null,
      metadata: { kind: link.kind, portal_session_id: session.id, features: session.features },
    });
    return { ok: true, session } as const;
  });
  if (result.ok) return result;
  if (result.reason === "invalid") return unknownLink(request);
  recordLinkOpenFailure(result.link, result.reason, request);
  return { ok: false, reason: result.reason };
}

function unknownLink(request: RequestContext | null): OpenLinkResult {
  log.info({ ip: request?.ip ?? null, request_id: request?.requestId ?? null }, "a portal link token matched no link");
  return { ok: false, reason: "invalid" };
}
