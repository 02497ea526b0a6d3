import { authorize, managementScopeFor, type Permission, type Principal } from "@/lib/authz";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { ApiError } from "@/lib/http/api-errors";
import { TokenVerificationError, verifyPorticoAccessToken } from "@/lib/oauth/verify";
import { managementAudience } from "./audience";

// Who may call the management API (/api/v1): environment-level clients (skc_…, no owning organization)
// holding management scopes, with a bearer access token from Portico's own token endpoint whose audience
// is `${PUBLIC_URL}/api/v1`. Service principals (m2morg_…) never qualify: they cannot hold management
// scopes or that audience, and a token of theirs is refused here even so.
//
// Which organizations the caller reaches: every one when the client has allow_any_organization, else
// its allowed_organization_ids; a token minted with `organization` (claim `oid`) narrows that to the one
// organization. Scopes are the token's, minus any the client has lost since the token was minted.

export type ManagementPrincipal = Extract<Principal, { kind: "management_client" }>;

const REALM = 'Bearer realm="portico"';

function invalidToken(description: string): ApiError {
  const quoted = description.replace(/["\\]/g, "");
  return new ApiError("invalid_token", description, undefined, { "WWW-Authenticate": `${REALM}, error="invalid_token", error_description="${quoted}"` });
}

/** The bearer token of an Authorization header, or null. */
export function bearerToken(header: string | null): string | null {
  const match = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(header ?? "");
  return match ? match[1]! : null;
}

export async function managementPrincipalFromToken(token: string): Promise<ManagementPrincipal> {
  let claims;
  try {
    claims = await verifyPorticoAccessToken(token, { audience: managementAudience() });
  } catch (err) {
    if (err instanceof TokenVerificationError) throw invalidToken(err.message);
    throw err;
  }
  const client = await db.servicePrincipal.findUnique({
    where: { id: claims.client_id },
    select: { id: true, name: true, organizationId: true, status: true, scopes: true, allowAnyOrganization: true, allowedOrganizationIds: true },
  });
  if (!client || client.status !== "active") throw invalidToken("The token's client is disabled or deleted");
  if (client.organizationId !== null) throw invalidToken("Only environment-level clients may call the management API");

  const tokenScopes = Array.isArray(claims.scopes) ? claims.scopes : typeof claims.scope === "string" ? claims.scope.split(" ") : [];
  const scopes = tokenScopes.filter((s) => client.scopes.includes(s));
  let organizations: "any" | string[] = client.allowAnyOrganization ? "any" : client.allowedOrganizationIds;
  if (claims.oid) organizations = organizations === "any" || organizations.includes(claims.oid) ? [claims.oid] : [];
  return { kind: "management_client", clientId: client.id, name: client.name, scopes, organizations };
}

/**
 * Authenticates a management API request and authorizes `permission` (on `organizationId` when the
 * route concerns one). Throws ApiError: 401 invalid_token (missing, invalid, expired, revoked token or
 * inactive client), 403 insufficient_scope, 404 for an organization outside the caller's reach (so
 * other tenants' ids do not leak), 403 forbidden otherwise.
 */
export async function authenticateManagementRequest(
  request: Request, permission: Permission, { organizationId = null }: { organizationId?: string | null } = {},
): Promise<ManagementPrincipal> {
  const header = request.headers.get("authorization");
  const token = bearerToken(header);
  if (!token) {
    const description = header ? "The Authorization header is not a Bearer token" : "Send a management access token: Authorization: Bearer <token from POST /oauth/token>";
    throw new ApiError("invalid_token", description, undefined, { "WWW-Authenticate": header ? `${REALM}, error="invalid_request"` : REALM });
  }
  const principal = await managementPrincipalFromToken(token);
  try {
    authorize(principal, permission, { organizationId });
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    if (err.field === "scope") {
      const scope = managementScopeFor(permission);
      throw new ApiError("insufficient_scope", `This token lacks the ${scope} scope`, undefined, {
        "WWW-Authenticate": `${REALM}, error="insufficient_scope", scope="${scope}"`,
      });
    }
    if (organizationId !== null) throw new ApiError("not_found", "Organization not found");
    throw new ApiError("forbidden", err.message);
  }
  return principal;
}
