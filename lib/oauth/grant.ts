import { MAX_ACCESS_TOKEN_LIFETIME_SEC } from "@/lib/keys/rotation";
import type { AuthenticatedClient } from "./clients";
import { InvalidRequest, InvalidScope, InvalidTarget, UnauthorizedClient } from "./errors";
import type { Params } from "./request";

// What a client-credentials request is granted: the rules of PRODUCT.md "Contracts: Token service",
// decided without I/O so every rule is tested directly.
//   scope        space-delimited subset of the client's scopes (default: all of them), else invalid_scope
//   audience /   one of the client's audiences (default: all of them), else invalid_target
//   resource
//   organization environment-level clients only, per organization_usage deny / allow / require and
//                allow_any_organization / allowed_organization_ids; the organization must exist
//   lifetime     the client's expiry, capped by the organization's and the deployment's access-token limits

export interface Grant {
  scopes: string[];
  audience: string[];
  organizationId: string | null;
  lifetimeSec: number;
}

const MAX_SCOPE_PARAM = 4096;

function requestedScopes(raw: string | undefined, held: string[]): string[] {
  if (raw === undefined || !raw.trim()) return [...held];
  if (raw.length > MAX_SCOPE_PARAM) throw new InvalidRequest("The scope parameter is too long");
  const asked = [...new Set(raw.trim().split(/ +/))];
  const missing = asked.filter((s) => !held.includes(s));
  if (missing.length) throw new InvalidScope(`This client does not hold the scope${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`);
  return asked;
}

function requestedAudience(params: Params, allowed: string[]): string[] {
  const audience = params.get("audience")?.trim() || undefined;
  const resource = params.get("resource")?.trim() || undefined;
  if (audience && resource && audience !== resource) throw new InvalidRequest("Send audience or resource, not both with different values");
  const asked = audience ?? resource;
  if (asked === undefined) return [...allowed];
  if (!allowed.includes(asked)) throw new InvalidTarget(`${asked} is not an audience this client may request`);
  return [asked];
}

function requestedOrganization(params: Params, auth: AuthenticatedClient): string | null {
  const { client } = auth;
  const asked = params.get("organization")?.trim() || null;
  if (client.organizationId) {
    if (asked && asked !== client.organizationId) throw new InvalidRequest("organization may only be sent by environment-level clients; this client belongs to its own organization");
    return client.organizationId;
  }
  if (!asked) {
    if (client.organizationUsage === "require") throw new InvalidRequest("organization is required for this client");
    return null;
  }
  if (client.organizationUsage === "deny") throw new UnauthorizedClient("This client may not request tokens for an organization (organization_usage is deny)");
  if (!client.allowAnyOrganization && !client.allowedOrganizationIds.includes(asked)) {
    throw new UnauthorizedClient(`This client may not request tokens for organization ${asked}`);
  }
  if (!auth.requestedOrganizationExists) throw new InvalidRequest(`Organization ${asked} does not exist`);
  return asked;
}

export function decideGrant(auth: AuthenticatedClient, params: Params): Grant {
  const scopes = requestedScopes(params.get("scope"), auth.client.scopes);
  const audience = requestedAudience(params, auth.client.audience);
  const organizationId = requestedOrganization(params, auth);
  const limits = [auth.client.expiry, MAX_ACCESS_TOKEN_LIFETIME_SEC, auth.deploymentTokenLifetimeSec, organizationId ? auth.organizationTokenLifetimeSec : null]
    .filter((v): v is number => typeof v === "number" && v > 0);
  return { scopes, audience, organizationId, lifetimeSec: Math.min(...limits) };
}
