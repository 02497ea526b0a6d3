import "server-only";
import { headers } from "next/headers";
import { contextFromHeaders, type RequestContext } from "@/lib/http/request-context";
import { DomainError } from "@/lib/errors";
import { actorFor, type MutationContext } from "@/lib/mutation";
import type { Principal } from "./index";
import { getOperatorPrincipal } from "@/lib/operators/principal";
import { getPortalPrincipal } from "@/lib/portal/principal";
import { assertPortalMutation } from "@/lib/portal/csrf";
import { getDevPrincipal } from "@/lib/dev/principal";

// Who is behind the current page or server action. A portal session (admin portal cookie) or an operator
// session (console sign-in); server actions shared by both surfaces call `requireMutationContext`.
// The dev-tools session (PORTICO_DEV_TOOLS=1 only) is the last fallback, so it never shadows a real one.

export async function getRequestPrincipal(): Promise<Principal | null> {
  return (await getPortalPrincipal()) ?? (await getOperatorPrincipal()) ?? (await getDevPrincipal());
}

export async function requestContext(): Promise<RequestContext> {
  return contextFromHeaders(await headers());
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
