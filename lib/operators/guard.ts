import "server-only";
import { redirect } from "next/navigation";
import { can, type Permission, type Principal } from "@/lib/authz";
import { requestContext } from "@/lib/http/server-request";
import { DomainError } from "@/lib/errors";
import { actorFor, type MutationContext } from "@/lib/mutation";
import { getOperatorPrincipal } from "./principal";

export type OperatorPrincipal = Extract<Principal, { kind: "operator" }>;

/** For console pages: the signed-in operator, or a redirect to the sign-in page. */
export async function requireOperatorPage(permission?: Permission): Promise<OperatorPrincipal> {
  const principal = await getOperatorPrincipal();
  if (!principal || principal.kind !== "operator") redirect("/console/sign-in");
  if (permission && !can(principal, permission)) redirect("/console/no-access");
  return principal;
}

/**
 * For console server actions and route handlers: the operator's mutation context. Deliberately ignores
 * any admin-portal session in the same browser: console actions act as the operator or not at all.
 */
export async function requireOperatorContext(): Promise<MutationContext> {
  const principal = await getOperatorPrincipal();
  if (!principal) throw new DomainError("unauthenticated", "Your console session has ended. Sign in again.");
  return { principal, actor: actorFor(principal), request: await requestContext() };
}
