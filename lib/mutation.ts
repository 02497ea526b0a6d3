import type { Actor } from "@/lib/audit/actor";
import type { Principal } from "@/lib/authz";
import type { RequestContext } from "@/lib/http/request-context";

/** Everything a domain write needs to know about its caller: who (for authorization), how to name them in the audit trail, and the request. */
export interface MutationContext {
  principal: Principal;
  actor: Actor;
  request: RequestContext;
}

/** The audit actor for a principal. Portal sessions are recorded as the host app's user carried on the link. */
export function actorFor(principal: Principal): Actor {
  switch (principal.kind) {
    case "operator":
      return { type: "operator", id: principal.id, label: principal.email };
    case "portal":
      return { type: "portal_user", id: principal.actor?.id ?? null, label: principal.actor?.email ?? principal.actor?.name ?? `portal link ${principal.linkId}` };
    case "management_client":
      return { type: "management_client", id: principal.clientId, label: principal.name };
  }
}
