import { emit, EVENT_CATALOG } from "@/lib/events";
import { SYSTEM_ACTOR, type Actor } from "@/lib/audit/actor";
import { db, type Tx } from "@/lib/db";
import { conflict } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { newId } from "@/lib/ids";
import { log } from "@/lib/log";
import { hashPassword } from "./passwords";
import { emailSchema, passwordSchema, type SetupOwnerInput } from "./schemas";
import { operatorView, type OperatorView } from "./view";

// The first owner: set up on the console's first visit, or from BOOTSTRAP_ADMIN_EMAIL/PASSWORD at start.
// Both take a transaction-scoped advisory lock so two concurrent attempts cannot both create "the first" owner.

const OPERATOR_SETUP_LOCK = 0x6f707273; // "oprs", also taken by lib/operators/manage.ts

async function lockOperatorSetup(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${OPERATOR_SETUP_LOCK})`;
}

export async function operatorCount(): Promise<number> {
  return db.operator.count();
}

/** True while the deployment has no operator at all (the console then offers the owner set-up). */
export async function needsOwnerSetup(): Promise<boolean> {
  return (await db.operator.findFirst({ select: { id: true } })) === null;
}

/**
 * Creates the first owner. Refuses with a conflict once any operator exists, including when another
 * request created one a moment earlier.
 */
export async function setupFirstOwner(data: SetupOwnerInput, context: RequestContext): Promise<OperatorView> {
  const passwordHash = await hashPassword(data.password);
  return db.$transaction(async (tx) => {
    await lockOperatorSetup(tx);
    if (await tx.operator.findFirst({ select: { id: true } })) {
      throw conflict("This deployment already has an owner. Sign in instead.");
    }
    const id = newId("opr");
    const operator = await tx.operator.create({ data: { id, email: data.email, name: data.name, passwordHash, role: "owner" } });
    const view = operatorView(operator);
    const actor: Actor = { type: "operator", id, label: data.email };
    await emit(tx, "operator.created", { organizationId: null, actor, context, data: view, metadata: { via: "first_visit_setup" } });
    return view;
  });
}

/**
 * BOOTSTRAP_ADMIN_EMAIL/PASSWORD: makes sure that email belongs to an owner. An existing operator with
 * that email is promoted to owner if needed; their password is left alone (it may have been changed).
 * The contract is "an owner with this email exists at every start": so an owner who removed or demoted
 * the bootstrap operator in the console sees them come back on the next restart. That is logged as a
 * warning (and audited as done by the system), naming what to change to stop it.
 */
export async function ensureBootstrapOwner(rawEmail: string, rawPassword: string): Promise<"created" | "promoted" | "unchanged"> {
  const email = emailSchema.parse(rawEmail);
  const password = passwordSchema.parse(rawPassword);
  const existing = await db.operator.findUnique({ where: { email } });
  if (existing?.role === "owner") return "unchanged";
  const passwordHash = existing ? null : await hashPassword(password);
  const outcome = await db.$transaction(async (tx) => {
    await lockOperatorSetup(tx);
    const current = await tx.operator.findUnique({ where: { email } });
    if (current?.role === "owner") return { result: "unchanged" as const };
    if (current) {
      const updated = await tx.operator.update({ where: { id: current.id }, data: { role: "owner" } });
      await emit(tx, "operator.role_changed", { organizationId: null, actor: SYSTEM_ACTOR, data: operatorView(updated), before: operatorView(current), metadata: { via: "bootstrap" } });
      return { result: "promoted" as const, previousRole: current.role };
    }
    const others = await tx.operator.count();
    const removedBefore = others > 0 && (await tx.auditEvent.count({ where: { action: EVENT_CATALOG["operator.removed"].audit.action, before: { path: ["email"], equals: email } } })) > 0;
    const id = newId("opr");
    const operator = await tx.operator.create({ data: { id, email, passwordHash: passwordHash!, role: "owner" } });
    await emit(tx, "operator.created", { organizationId: null, actor: SYSTEM_ACTOR, data: operatorView(operator), metadata: { via: "bootstrap", ...(removedBefore ? { recreated: true } : {}) } });
    return { result: "created" as const, others, removedBefore };
  });
  const stop = "Unset BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD (or point them at another owner) to stop this at every start.";
  if (outcome.result === "promoted") {
    log.warn({ email, previous_role: outcome.previousRole }, `BOOTSTRAP_ADMIN_EMAIL ${email} was an operator with the role ${outcome.previousRole}: promoted back to owner. ${stop}`);
  } else if (outcome.result === "created" && outcome.others > 0) {
    log.warn({ email, recreated: outcome.removedBefore }, outcome.removedBefore
      ? `BOOTSTRAP_ADMIN_EMAIL ${email} had been removed from the console: created it again as an owner. ${stop}`
      : `BOOTSTRAP_ADMIN_EMAIL ${email} had no operator account although the deployment has ${outcome.others} other operator(s): created it as an owner. ${stop}`);
  }
  return outcome.result;
}

/** The bootstrap step: a no-op unless both variables are set. */
export async function bootstrapOwnerFromEnv(): Promise<void> {
  const email = process.env.BOOTSTRAP_ADMIN_EMAIL?.trim();
  const password = process.env.BOOTSTRAP_ADMIN_PASSWORD;
  if (!email && !password) return;
  if (!email || !password) throw new Error("Set both BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD, or neither");
  const result = await ensureBootstrapOwner(email, password).catch((err: unknown) => {
    if (err && typeof err === "object" && "issues" in err) throw new Error("BOOTSTRAP_ADMIN_EMAIL must be an email address and BOOTSTRAP_ADMIN_PASSWORD at least 12 characters");
    throw err;
  });
  if (result !== "unchanged") log.info({ email, result }, "bootstrap owner ensured");
}
