import type { Principal } from "@/lib/authz";

// Resolves the signed-in console operator (next-auth session). Implemented with the console sign-in.
export async function getOperatorPrincipal(): Promise<Principal | null> {
  return null;
}
