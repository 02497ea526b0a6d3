"use server";

import { runAction } from "@/lib/actions/server";
import type { ActionResult } from "@/lib/actions/result";
import { invalid, parseInput } from "@/lib/errors";
import { idOf } from "@/lib/validation/ids";
import { createOrganization, deleteOrganization, getOrganization, updateOrganization } from "@/lib/organizations";
import { createOrganizationSchema, updateOrganizationSchema } from "@/lib/organizations/schemas";
import { requireOperatorContext } from "@/lib/operators/guard";

// Console server actions for organizations: parse, call the domain (which authorizes the operator:
// auditors are refused there), shape the result for the form.


export async function createOrganizationAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  return runAction("organizations.create", async () => {
    const ctx = await requireOperatorContext();
    const org = await createOrganization(ctx, parseInput(createOrganizationSchema, input));
    return { id: org.id };
  }, { revalidate: "/console/organizations" });
}

export async function updateOrganizationAction(id: unknown, input: unknown): Promise<ActionResult<{ id: string }>> {
  return runAction("organizations.update", async () => {
    const ctx = await requireOperatorContext();
    const org = await updateOrganization(ctx, idOf("organization", id), parseInput(updateOrganizationSchema, input));
    return { id: org.id };
  }, { revalidate: "/console/organizations" });
}

/** Deletes after the operator typed the organization's display name (checked here too, not only in the form). */
export async function deleteOrganizationAction(id: unknown, confirmation: unknown): Promise<ActionResult<null>> {
  return runAction("organizations.delete", async () => {
    const ctx = await requireOperatorContext();
    const orgId = idOf("organization", id);
    const org = await getOrganization(ctx.principal, orgId);
    if (typeof confirmation !== "string" || confirmation.trim() !== org.display_name) {
      throw invalid("confirmation", `Type the organization's name, ${org.display_name}, to confirm`);
    }
    await deleteOrganization(ctx, orgId);
    return null;
  }, { revalidate: "/console/organizations" });
}
