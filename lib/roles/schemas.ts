import { z } from "zod";
import { plainText } from "@/lib/validation/text";

// The role registry's inputs, shared by the console form, the portal and the management API. Client-safe.

export const ROLE_NAME_PATTERN = /^[a-z][a-z0-9_.:-]{0,63}$/;

const text = (max: number) => plainText().trim().max(max, `must be at most ${max} characters`);

export const createRoleSchema = z.object({
  name: z.string().trim().regex(ROLE_NAME_PATTERN, "use 1–64 lowercase letters, digits and _ . : - , starting with a letter (it appears in tokens and events)"),
  display_name: text(100).pipe(z.string().min(1, "is required")),
  description: text(500).optional(),
}).strict();
export type CreateRoleInput = z.output<typeof createRoleSchema>;

export const updateRoleSchema = z.object({
  display_name: text(100).pipe(z.string().min(1, "is required")).optional(),
  description: text(500).optional(),
  default: z.literal(true, { error: "can only be set to true (make another role the default to change it)" }).optional(),
}).strict();
export type UpdateRoleInput = z.output<typeof updateRoleSchema>;

export const roleMappingSchema = z.object({
  /** The role's name, or null to remove the group's mapping. */
  role_name: z.string().trim().regex(ROLE_NAME_PATTERN, "is not a role name").nullable(),
}).strict();
export type RoleMappingInput = z.output<typeof roleMappingSchema>;

export interface RoleView {
  id: string;
  name: string;
  display_name: string;
  description: string;
  default: boolean;
  create_time: string;
  update_time: string;
}

export interface GroupRoleMappingView {
  group_id: string;
  group_name: string;
  directory_id: string;
  directory_name: string;
  /** Members (live users) of the group. */
  total_users: number;
  role_name: string | null;
}
