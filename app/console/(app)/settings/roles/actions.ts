"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { DomainError } from "@/lib/errors";
import { log } from "@/lib/log";
import { requireOperatorContext } from "@/lib/operators/guard";
import { createRole, deleteRole, updateRole } from "@/lib/roles";
import { createRoleSchema, updateRoleSchema } from "@/lib/roles/schemas";

// Settings → Roles: the role registry. Each action answers { ok } or an error naming the field.

export type RoleActionResult = { ok: true } | { ok: false; message: string; field?: string };

async function run(fn: () => Promise<unknown>): Promise<RoleActionResult> {
  try {
    await fn();
    revalidatePath("/console/settings/roles");
    return { ok: true };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, message: err.message, field: err.field };
    if (err instanceof z.ZodError) {
      const issue = err.issues[0];
      return { ok: false, message: issue ? `${issue.path.join(".") || "value"}: ${issue.message}` : "Some fields need attention", field: issue?.path.join(".") };
    }
    log.error({ err }, "role registry action failed");
    return { ok: false, message: "Something went wrong on our side. Try again in a moment." };
  }
}

const nameSchema = z.string().min(1).max(64);

export async function createRoleAction(input: unknown): Promise<RoleActionResult> {
  return run(async () => createRole(await requireOperatorContext(), createRoleSchema.parse(input)));
}

export async function updateRoleAction(name: string, input: unknown): Promise<RoleActionResult> {
  return run(async () => updateRole(await requireOperatorContext(), nameSchema.parse(name), updateRoleSchema.parse(input)));
}

export async function deleteRoleAction(name: string): Promise<RoleActionResult> {
  return run(async () => deleteRole(await requireOperatorContext(), nameSchema.parse(name)));
}
