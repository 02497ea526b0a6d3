import "server-only";
import { redirect } from "next/navigation";
import { authorize, type Permission, type Principal } from "@/lib/authz";
import { getOperatorPrincipal } from "./principal";

export type OperatorPrincipal = Extract<Principal, { kind: "operator" }>;

/** For console pages: the signed-in operator, or a redirect to the sign-in page. */
export async function requireOperatorPage(permission?: Permission): Promise<OperatorPrincipal> {
  const principal = await getOperatorPrincipal();
  if (!principal || principal.kind !== "operator") redirect("/console/sign-in");
  if (permission) authorize(principal, permission);
  return principal;
}
