import type { Operator } from "@/lib/generated/prisma/client";
import type { OperatorRole } from "@/lib/authz";

export interface OperatorView {
  id: string;
  email: string;
  name: string;
  role: OperatorRole;
  last_sign_in_time: string | null;
  create_time: string;
}

/** What an operator looks like anywhere outside this module (never the password hash). */
export function operatorView(o: Operator): OperatorView {
  return {
    id: o.id,
    email: o.email,
    name: o.name,
    role: o.role as OperatorRole,
    last_sign_in_time: o.lastSignInAt?.toISOString() ?? null,
    create_time: o.createdAt.toISOString(),
  };
}
