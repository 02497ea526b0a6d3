import { authorize, type Principal } from "@/lib/authz";
import { emit } from "@/lib/events";
import { publicUrl } from "@/lib/config/env";
import { hashSecret, randomSecret } from "@/lib/crypto/secrets";
import { db, Prisma } from "@/lib/db";
import { conflict, DomainError, notFound } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { newId } from "@/lib/ids";
import type { MutationContext } from "@/lib/mutation";
import { assertIdOf } from "@/lib/validation/ids";
import type { OperatorInvitation } from "@/lib/generated/prisma/client";
import { hashPassword } from "./passwords";
import type { AcceptInvitationInput, InviteOperatorInput, OperatorRoleName } from "./schemas";
import { operatorView, type OperatorView } from "./view";

// Owners invite operators by link. The link carries a 256-bit token in its fragment (never sent to the
// server in requests or logged); only its keyed hash is stored, and it is shown once. Accepting it
// before it expires creates the operator with the password they choose.

export const INVITATION_TTL_SEC = 7 * 24 * 3600;
const TOKEN_PREFIX = "pinv_";

export type InvitationStatus = "pending" | "accepted" | "revoked" | "expired";

export interface InvitationView {
  id: string;
  email: string;
  role: OperatorRoleName;
  status: InvitationStatus;
  expire_time: string;
  create_time: string;
  created_by: string;
}

function statusOf(i: OperatorInvitation, now = new Date()): InvitationStatus {
  if (i.acceptedAt) return "accepted";
  if (i.revokedAt) return "revoked";
  return i.expiresAt <= now ? "expired" : "pending";
}

function invitationView(i: OperatorInvitation): InvitationView {
  return {
    id: i.id, email: i.email, role: i.role as OperatorRoleName, status: statusOf(i),
    expire_time: i.expiresAt.toISOString(), create_time: i.createdAt.toISOString(), created_by: i.createdById,
  };
}

export function invitationUrl(token: string): string {
  return `${publicUrl()}/console/accept-invitation#${token}`;
}

/** Pending and recently ended invitations (last 30 days), newest first. */
export async function listInvitations(principal: Principal): Promise<InvitationView[]> {
  authorize(principal, "operators:read");
  const since = new Date(Date.now() - 30 * 86_400_000);
  const rows = await db.operatorInvitation.findMany({ where: { createdAt: { gte: since } }, orderBy: { createdAt: "desc" }, take: 100 });
  return rows.map(invitationView);
}

/** Creates an invitation; the returned `url` holds the only copy of its token. */
export async function inviteOperator(ctx: MutationContext, data: InviteOperatorInput): Promise<{ invitation: InvitationView; url: string }> {
  authorize(ctx.principal, "operators:write");
  const token = randomSecret(TOKEN_PREFIX);
  return db.$transaction(async (tx) => {
    if (await tx.operator.findUnique({ where: { email: data.email }, select: { id: true } })) {
      throw conflict("An operator with this email already exists", "email");
    }
    // A new invitation replaces any pending one for the same email.
    const now = new Date();
    await tx.operatorInvitation.updateMany({ where: { email: data.email, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } }, data: { revokedAt: now } });
    const row = await tx.operatorInvitation.create({
      data: {
        id: newId("inv"), email: data.email, role: data.role, tokenHash: hashSecret(token),
        createdById: ctx.principal.kind === "operator" ? ctx.principal.id : ctx.actor.label ?? "unknown",
        expiresAt: new Date(now.getTime() + INVITATION_TTL_SEC * 1000),
      },
    });
    const invitation = invitationView(row);
    await emit(tx, "operator_invitation.created", { organizationId: null, actor: ctx.actor, context: ctx.request, data: invitation });
    return { invitation, url: invitationUrl(token) };
  });
}

export async function revokeInvitation(ctx: MutationContext, invitationId: string): Promise<void> {
  assertIdOf("invitation", invitationId);
  authorize(ctx.principal, "operators:write");
  await db.$transaction(async (tx) => {
    const row = await tx.operatorInvitation.findUnique({ where: { id: invitationId } });
    if (!row) throw notFound("Invitation");
    if (statusOf(row) !== "pending") throw conflict(`This invitation is already ${statusOf(row)}`);
    const updated = await tx.operatorInvitation.update({ where: { id: invitationId }, data: { revokedAt: new Date() } });
    await emit(tx, "operator_invitation.revoked", { organizationId: null, actor: ctx.actor, context: ctx.request, data: invitationView(updated), before: invitationView(row) });
  });
}

const INVALID_LINK = "This invitation link is not valid. It may have expired, been used or been replaced; ask an owner for a new one.";

async function pendingByToken(token: string): Promise<OperatorInvitation> {
  if (typeof token !== "string" || !token.startsWith(TOKEN_PREFIX) || token.length > 100) throw new DomainError("not_found", INVALID_LINK);
  const row = await db.operatorInvitation.findUnique({ where: { tokenHash: hashSecret(token) } });
  if (!row || statusOf(row) !== "pending") throw new DomainError("not_found", INVALID_LINK);
  return row;
}

/** What the accept page shows before the invitee sets a password. */
export async function describeInvitation(token: string): Promise<{ email: string; role: OperatorRoleName; expire_time: string }> {
  const row = await pendingByToken(token);
  return { email: row.email, role: row.role as OperatorRoleName, expire_time: row.expiresAt.toISOString() };
}

/** Accepts a pending invitation: creates the operator and uses the invitation up, atomically. */
export async function acceptInvitation(data: AcceptInvitationInput, context: RequestContext): Promise<OperatorView> {
  const invitation = await pendingByToken(data.token);
  const passwordHash = await hashPassword(data.password);
  try {
    return await db.$transaction(async (tx) => {
      // Claim the invitation first; a concurrent accept finds it already used.
      const claimed = await tx.operatorInvitation.updateMany({
        where: { id: invitation.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
        data: { acceptedAt: new Date() },
      });
      if (claimed.count !== 1) throw new DomainError("not_found", INVALID_LINK);
      const id = newId("opr");
      const operator = await tx.operator.create({ data: { id, email: invitation.email, name: data.name, passwordHash, role: invitation.role } });
      const view = operatorView(operator);
      await emit(tx, "operator.created", {
        organizationId: null, actor: { type: "operator", id, label: invitation.email }, context,
        data: view, metadata: { via: "invitation", invitation_id: invitation.id, invited_by: invitation.createdById },
      });
      return view;
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") throw conflict("An operator with this email already exists. Sign in instead.", "email");
    throw err;
  }
}
