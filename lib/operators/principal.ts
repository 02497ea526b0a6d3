import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import type { Principal } from "@/lib/authz";
import { authOptions } from "./auth-options";

// The signed-in console operator, from the next-auth session (checked against the session settings and
// operators.session_version on every read). Cached per request.
export const getOperatorPrincipal = cache(async (): Promise<Principal | null> => {
  const session = await getServerSession(await authOptions());
  const operator = session?.operator;
  if (!operator) return null;
  return { kind: "operator", id: operator.id, email: operator.email, role: operator.role };
});
