import { z } from "zod";
import { text } from "@/lib/validation/text";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./passwords";

export const OPERATOR_ROLES = ["owner", "admin", "auditor"] as const;
export type OperatorRoleName = (typeof OPERATOR_ROLES)[number];

export const emailSchema = text().trim().toLowerCase().min(1, "is required").max(254, "is too long").pipe(z.email("must be an email address"));
export const passwordSchema = text()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`);
export const operatorNameSchema = text().trim().max(100, "must be at most 100 characters");
export const roleSchema = z.enum(OPERATOR_ROLES, "must be owner, admin or auditor");

export const setupOwnerSchema = z.object({
  name: operatorNameSchema.default(""),
  email: emailSchema,
  password: passwordSchema,
}).strict();
export type SetupOwnerInput = z.infer<typeof setupOwnerSchema>;

export const signInSchema = z.object({
  email: text().trim().toLowerCase().max(254),
  password: text().max(PASSWORD_MAX_LENGTH),
});

export const inviteOperatorSchema = z.object({
  email: emailSchema,
  role: roleSchema,
}).strict();
export type InviteOperatorInput = z.infer<typeof inviteOperatorSchema>;

export const acceptInvitationSchema = z.object({
  token: text().min(1).max(100),
  name: operatorNameSchema.default(""),
  password: passwordSchema,
}).strict();
export type AcceptInvitationInput = z.infer<typeof acceptInvitationSchema>;
