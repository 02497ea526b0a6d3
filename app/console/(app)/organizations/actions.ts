"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { invalid } from "@/lib/errors";
import { createOrganization, deleteOrganization, getOrganization, updateOrganization } from "@/lib/organizations";
import { createOrganizationSchema, updateOrganizationSchema } from "@/lib/organizations/schemas";
import { domainErrorResult, formErrors, type FormResult } from "@/lib/operators/form-result";
import { requireOperatorContext } from "@/lib/operators/guard";

// Console server actions for organizations: parse, call the domain (which authorizes the operator:
// auditors are refused there), shape the result for the form.

const idSchema = z.string().min(1).max(100);

export async function createOrganizationAction(input: unknown): Promise<FormResult<{ id: string }>> {
  try {
    const ctx = await requireOperatorContext();
    const parsed = createOrganizationSchema.safeParse(input);
    if (!parsed.success) return formErrors(parsed.error);
    const org = await createOrganization(ctx, parsed.data);
    revalidatePath("/console/organizations");
    return { ok: true, data: { id: org.id } };
  } catch (err) {
    return domainErrorResult(err);
  }
}

export async function updateOrganizationAction(id: unknown, input: unknown): Promise<FormResult<{ id: string }>> {
  try {
    const ctx = await requireOperatorContext();
    const orgId = idSchema.parse(id);
    const parsed = updateOrganizationSchema.safeParse(input);
    if (!parsed.success) return formErrors(parsed.error);
    const org = await updateOrganization(ctx, orgId, parsed.data);
    revalidatePath(`/console/organizations/${orgId}`);
    return { ok: true, data: { id: org.id } };
  } catch (err) {
    return domainErrorResult(err);
  }
}

/** Deletes after the operator typed the organization's display name (checked here too, not only in the form). */
export async function deleteOrganizationAction(id: unknown, confirmation: unknown): Promise<FormResult> {
  try {
    const ctx = await requireOperatorContext();
    const orgId = idSchema.parse(id);
    const org = await getOrganization(ctx.principal, orgId);
    if (typeof confirmation !== "string" || confirmation.trim() !== org.display_name) {
      throw invalid("confirmation", `Type the organization's name, ${org.display_name}, to confirm`);
    }
    await deleteOrganization(ctx, orgId);
    revalidatePath("/console/organizations");
    return { ok: true };
  } catch (err) {
    return domainErrorResult(err);
  }
}
