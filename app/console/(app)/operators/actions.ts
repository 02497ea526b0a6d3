"use server";

import { z } from "zod";
import { runAction } from "@/lib/actions/server";
import type { ActionResult } from "@/lib/actions/result";
import { parseInput } from "@/lib/errors";
import { idOf } from "@/lib/validation/ids";
import { inviteOperator, revokeInvitation } from "@/lib/operators/invitations";
import { changeOperatorRole, removeOperator, signOutEverywhere } from "@/lib/operators/manage";
import { inviteOperatorSchema, roleSchema } from "@/lib/operators/schemas";
import { requireOperatorContext } from "@/lib/operators/guard";

// Console server actions for operators. lib/operators authorizes each (owners only, except signing
// yourself out everywhere).

const PAGE = "/console/operators";

export async function inviteOperatorAction(input: unknown): Promise<ActionResult<{ url: string; email: string; role: string; expire_time: string }>> {
  return runAction("operators.invite", async () => {
    const ctx = await requireOperatorContext();
    const { invitation, url } = await inviteOperator(ctx, parseInput(inviteOperatorSchema, input));
    return { url, email: invitation.email, role: invitation.role, expire_time: invitation.expire_time };
  }, { revalidate: PAGE });
}

export async function revokeInvitationAction(invitationId: unknown): Promise<ActionResult<null>> {
  return runAction("operators.revoke_invitation", async () => {
    await revokeInvitation(await requireOperatorContext(), idOf("invitation", invitationId));
    return null;
  }, { revalidate: PAGE });
}

export async function changeOperatorRoleAction(operatorId: unknown, role: unknown): Promise<ActionResult<null>> {
  return runAction("operators.change_role", async () => {
    await changeOperatorRole(await requireOperatorContext(), idOf("operator", operatorId), parseInput(z.object({ role: roleSchema }), { role }).role);
    return null;
  }, { revalidate: PAGE });
}

export async function removeOperatorAction(operatorId: unknown): Promise<ActionResult<null>> {
  return runAction("operators.remove", async () => {
    await removeOperator(await requireOperatorContext(), idOf("operator", operatorId));
    return null;
  }, { revalidate: PAGE });
}

export async function signOutEverywhereAction(operatorId: unknown): Promise<ActionResult<null>> {
  return runAction("operators.sign_out_everywhere", async () => {
    await signOutEverywhere(await requireOperatorContext(), idOf("operator", operatorId));
    return null;
  }, { revalidate: PAGE });
}
