"use server";

import { DomainError } from "@/lib/errors";
import { requestContext } from "@/lib/authz/session";
import { setupFirstOwner } from "@/lib/operators/owner-setup";
import { setupOwnerSchema } from "@/lib/operators/schemas";
import { formErrors, type FormResult } from "@/lib/operators/form-result";

/** First-visit owner set-up. Refused (by the domain, under a lock) once any operator exists. */
export async function setupOwnerAction(input: unknown): Promise<FormResult> {
  const parsed = setupOwnerSchema.safeParse(input);
  if (!parsed.success) return formErrors(parsed.error);
  try {
    await setupFirstOwner(parsed.data, await requestContext());
    return { ok: true };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, message: err.message };
    throw err;
  }
}
