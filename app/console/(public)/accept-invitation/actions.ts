"use server";

import { requestContext } from "@/lib/authz/session";
import { acceptInvitation, describeInvitation } from "@/lib/operators/invitations";
import { acceptInvitationSchema } from "@/lib/operators/schemas";
import { domainErrorResult, formErrors, type FormResult } from "@/lib/operators/form-result";

export async function describeInvitationAction(token: unknown): Promise<FormResult<{ email: string; role: string; expire_time: string }>> {
  try {
    return { ok: true, data: await describeInvitation(String(token ?? "")) };
  } catch (err) {
    return domainErrorResult(err);
  }
}

export async function acceptInvitationAction(input: unknown): Promise<FormResult<{ email: string }>> {
  const parsed = acceptInvitationSchema.safeParse(input);
  if (!parsed.success) return formErrors(parsed.error);
  try {
    const operator = await acceptInvitation(parsed.data, await requestContext());
    return { ok: true, data: { email: operator.email } };
  } catch (err) {
    return domainErrorResult(err);
  }
}
