import "server-only";
import { headers } from "next/headers";
import type { Principal } from "@/lib/authz";
import { getDevPrincipal } from "@/lib/dev/principal";
import { DomainError } from "@/lib/errors";
import { contextFromHeaders } from "@/lib/http/request-context";
import { actorFor, type MutationContext } from "@/lib/mutation";
import { getOperatorPrincipal } from "@/lib/operators/principal";
import { assertPortalMutation } from "@/lib/portal/csrf";
import { getPortalPrincipal } from "@/lib/portal/principal";

// Who is behind the current page or server action, for screens shared by the admin portal, the console
// and the dev tools (the service-principal panel). It sits above the session modules it asks (portal
// cookie, operator sign-in, dev session); lib/authz below them only decides what a principal may do.
// The dev-tools session (PORTICO_DEV_TOOLS=1 only) is asked last, so it never shadows a real one.

export async function getRequestPrincipal(): Promise<Principal | null> {
  return (await getPortalPrincipal()) ?? (await getOperatorPrincipal()) ?? (await getDevPrincipal());
}

export async function requirePrincipal(): Promise<Principal> {
  const principal = await getRequestPrincipal();
  if (!principal) throw new DomainError("unauthenticated", "Your session has ended. Sign in or reopen the portal from your app.");
  return principal;
}

/** For server actions that change something. Portal sessions must also pass the portal's CSRF checks. */
export async function requireMutationContext(): Promise<MutationContext> {
  const principal = await requirePrincipal();
  const h = await headers();
  if (principal.kind === "portal") assertPortalMutation(h, principal.sessionId);
  return { principal, actor: actorFor(principal), request: contextFromHeaders(h) };
}
