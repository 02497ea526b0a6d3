"use server";
import { runAction } from "@/lib/actions/server";
import { parseInput } from "@/lib/errors";
import { idOf } from "@/lib/validation/ids";
import { requireOperatorContext } from "@/lib/operators/guard";
import { createRole, deleteRole, updateRole } from "@/lib/roles";
import { createRoleSchema, updateRoleSchema } from "@/lib/roles/schemas";

// Settings → Roles: the role registry.

const PAGE = "/console/settings/roles";
const roleName = (value: unknown) => idOf("role_name", value);

export async function createRoleAction(input: unknown) {
  return runAction("roles.create", async () => { await createRole(await requireOperatorContext(), parseInput(createRoleSchema, input)); return null; }, { revalidate: PAGE });
}

export async function updateRoleAction(name: string, input: unknown) {
  return runAction("roles.update", async () => { await updateRole(await requireOperatorContext(), roleName(name), parseInput(updateRoleSchema, input)); return null; }, { revalidate: PAGE });
}

export async function deleteRoleAction(name: string) {
  return runAction("roles.delete", async () => { await deleteRole(await requireOperatorContext(), roleName(name)); return null; }, { revalidate: PAGE });
}
