"use server";

import { runAction } from "@/lib/actions/server";
import type { ActionResult } from "@/lib/actions/result";
import { parseInput } from "@/lib/errors";
import { requestContext } from "@/lib/http/server-request";
import { acceptInvitation, describeInvitation } from "@/lib/operators/invitations";
import { acceptInvitationSchema } from "@/lib/operators/schemas";

export async function describeInvitationAction(token: unknown): Promise<ActionResult<{ email: string; role: string; expire_time: string }>> {
  return runAction("operators.describe_invitation", async () => describeInvitation(String(token ?? "")));
}

export async function acceptInvitationAction(input: unknown): Promise<ActionResult<{ email: string }>> {
  return runAction("operators.accept_invitation", async () => {
    const operator = await acceptInvitation(parseInput(acceptInvitationSchema, input), await requestContext());
    return { email: operator.email };
  });
}
