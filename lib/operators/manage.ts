import { authorize, type Principal } from "@/lib/authz";
import { emit } from "@/lib/events";
import { db, type Tx } from "@/lib/db";
import { conflict, notFound } from "@/lib/errors";
import type { MutationContext } from "@/lib/mutation";
import { assertIdOf } from "@/lib/validation/ids";
import type { OperatorRoleName } from "./schemas";
import { operatorView, type OperatorView } from "./view";

// Managing operators: list, change roles, remove, sign out everywhere. Owner-only changes are decided by
// lib/authz ("operators:write"); the rule "a deployment always keeps an owner" is enforced here under a
// lock so two concurrent demotions cannot both pass.

const OPERATORS_LOCK = 0x6f707273; // shared with the owner set-up

async function lockOperators(tx: Tx) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${OPERATORS_LOCK})`;
}

export async function listOperators(principal: Principal): Promise<OperatorView[]> {
  authorize(principal, "operators:read");
  const rows = await db.operator.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(operatorView);
}

async function assertAnotherOwner(tx: Tx, operatorId: string, what: string) {
  const others = await tx.operator.count({ where: { role: "owner", id: { not: operatorId } } });
  if (others === 0) throw conflict(`${what}: this is the last owner. Make another operator an owner first.`, "role");
}

export async function changeOperatorRole(ctx: MutationContext, operatorId: string, role: OperatorRoleName): Promise<OperatorView> {
  assertIdOf("operator", operatorId);
  authorize(ctx.principal, "operators:write");
  return db.$transaction(async (tx) => {
    await lockOperators(tx);
    const before = await tx.operator.findUnique({ where: { id: operatorId } });
    if (!before) throw notFound("Operator");
    if (before.role === role) return operatorView(before);
    if (before.role === "owner") await assertAnotherOwner(tx, operatorId, "Cannot change the role");
    const after = await tx.operator.update({ where: { id: operatorId }, data: { role } });
    await emit(tx, "operator.role_changed", { organizationId: null, actor: ctx.actor, context: ctx.request, data: operatorView(after), before: operatorView(before) });
    return operatorView(after);
  });
}

export async function removeOperator(ctx: MutationContext, operatorId: string): Promise<void> {
  assertIdOf("operator", operatorId);
  authorize(ctx.principal, "operators:write");
  await db.$transaction(async (tx) => {
    await lockOperators(tx);
    const before = await tx.operator.findUnique({ where: { id: operatorId } });
    if (!before) throw notFound("Operator");
    if (before.role === "owner") await assertAnotherOwner(tx, operatorId, "Cannot remove this operator");
    await tx.operator.delete({ where: { id: operatorId } });
    await emit(tx, "operator.removed", { organizationId: null, actor: ctx.actor, context: ctx.request, data: operatorView(before), before: operatorView(before), after: null });
  });
}

/**
 * Ends every console session of an operator at once (their next request finds an older session_version).
 * Anyone may do this for their own account; for someone else's it takes "operators:write".
 */
export async function signOutEverywhere(ctx: MutationContext, operatorId: string): Promise<void> {
  assertIdOf("operator", operatorId);
  const self = ctx.principal.kind === "operator" && ctx.principal.id === operatorId;
  if (!self) authorize(ctx.principal, "operators:write");
  await db.$transaction(async (tx) => {
    const updated = await tx.operator.updateMany({ where: { id: operatorId }, data: { sessionVersion: { increment: 1 } } });
    if (updated.count === 0) throw notFound("Operator");
    await emit(tx, "operator.signed_out_everywhere", { organizationId: null, actor: ctx.actor, context: ctx.request, data: { id: operatorId }, after: null, metadata: { self } });
  });
}
