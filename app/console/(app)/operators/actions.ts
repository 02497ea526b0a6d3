"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { inviteOperator, revokeInvitation } from "@/lib/operators/invitations";
import { changeOperatorRole, removeOperator, signOutEverywhere } from "@/lib/operators/manage";
import { inviteOperatorSchema } from "@/lib/operators/schemas";
import { domainErrorResult, formErrors, type FormResult } from "@/lib/operators/form-result";
import { requireOperatorContext } from "@/lib/operators/guard";

// Console server actions for operators. lib/operators authorizes each (owners only, except signing
// yourself out everywhere).

const id = z.string().min(1).max(100);

async function run<T>(fn: () => Promise<FormResult<T>>): Promise<FormResult<T>> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof z.ZodError) return formErrors(err);
    return domainErrorResult(err);
  }
}

export async function inviteOperatorAction(input: unknown): Promise<FormResult<{ url: string; email: string; role: string; expire_time: string }>> {
  return run(async () => {
    const ctx = await requireOperatorContext();
    const parsed = inviteOperatorSchema.safeParse(input);
    if (!parsed.success) return formErrors(parsed.error);
    const { invitation, url } = await inviteOperator(ctx, parsed.data);
    revalidatePath("/console/operators");
    return { ok: true, data: { url, email: invitation.email, role: invitation.role, expire_time: invitation.expire_time } };
  });
}

export async function revokeInvitationAction(invitationId: unknown): Promise<FormResult> {
  return run(async () => {
    await revokeInvitation(await requireOperatorContext(), id.parse(invitationId));
    revalidatePath("/console/operators");
    return { ok: true };
  });
}

export async function changeOperatorRoleAction(operatorId: unknown, role: unknown): Promise<FormResult> {
  return run(async () => {
    await changeOperatorRole(await requireOperatorContext(), id.parse(operatorId), z.string().parse(role));
    revalidatePath("/console/operators");
    return { ok: true };
  });
}

export async function removeOperatorAction(operatorId: unknown): Promise<FormResult> {
  return run(async () => {
    await removeOperator(await requireOperatorContext(), id.parse(operatorId));
    revalidatePath("/console/operators");
    return { ok: true };
  });
}

export async function signOutEverywhereAction(operatorId: unknown): Promise<FormResult> {
  return run(async () => {
    await signOutEverywhere(await requireOperatorContext(), id.parse(operatorId));
    revalidatePath("/console/operators");
    return { ok: true };
  });
}
