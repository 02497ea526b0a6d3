"use server";
import { z } from "zod";
import { runAction } from "@/lib/actions/server";
import type { ActionResult } from "@/lib/actions/result";
import { requireMutationContext, requirePrincipal } from "@/lib/caller";
import { publicUrl } from "@/lib/config/env";
import { db } from "@/lib/db";
import { parseInput } from "@/lib/errors";
import { idOf } from "@/lib/validation/ids";
import { loadVerificationKeys } from "@/lib/keys/verification";
import { scopeCatalogForOrganization } from "@/lib/scope-catalog";
import type { ApiResourceView } from "@/lib/scope-catalog/schemas";
import {
  addClientSecret, createServicePrincipal, deleteServicePrincipal, getServicePrincipal, listServicePrincipals,
  revokeClientSecret, updateServicePrincipal,
} from "@/lib/service-principals";
import {
  addClientSecretSchema, createServicePrincipalSchema, updateServicePrincipalSchema, type ClientSecretView, type ServicePrincipalView,
} from "@/lib/service-principals/schemas";
import { inspectToken, type TokenReport } from "@/lib/token-debugger";
import type { IntegrationEndpoints } from "./types";

// Server actions behind the service-principal screens (the portal's API clients tab, the console's
// organization page, the dev tools). Each resolves the caller (portal session, console operator or dev
// session), parses its input with the shared schema and calls the domain; runAction turns failures into
// the one failure shape. Next.js checks the Origin of every action call (CSRF).

const tokenSchema = z.object({ token: z.string().max(16_384, "is too long for an access token") });

export async function listServicePrincipalsAction(organizationId: string): Promise<ActionResult<ServicePrincipalView[]>> {
  return runAction("service_principals.list", async () => listServicePrincipals(await requirePrincipal(), idOf("organization", organizationId)));
}

export async function scopeCatalogAction(organizationId: string): Promise<ActionResult<ApiResourceView[]>> {
  return runAction("service_principals.scope_catalog", async () => scopeCatalogForOrganization(await requirePrincipal(), idOf("organization", organizationId)));
}

export async function integrationEndpointsAction(): Promise<ActionResult<IntegrationEndpoints>> {
  return runAction("service_principals.endpoints", async () => {
    await requirePrincipal();
    const issuer = publicUrl();
    return { issuer, tokenUrl: `${issuer}/oauth/token`, jwksUrl: `${issuer}/keys`, discoveryUrl: `${issuer}/.well-known/oauth-authorization-server` };
  });
}

export async function createServicePrincipalAction(organizationId: string, input: unknown): Promise<ActionResult<{ client: ServicePrincipalView; plainSecret: string }>> {
  return runAction("service_principals.create", async () =>
    createServicePrincipal(await requireMutationContext(), idOf("organization", organizationId), parseInput(createServicePrincipalSchema, input)));
}

export async function updateServicePrincipalAction(organizationId: string, clientId: string, patch: unknown): Promise<ActionResult<ServicePrincipalView>> {
  return runAction("service_principals.update", async () =>
    updateServicePrincipal(await requireMutationContext(), idOf("organization", organizationId), idOf("service_principal", clientId), parseInput(updateServicePrincipalSchema, patch)));
}

export async function deleteServicePrincipalAction(organizationId: string, clientId: string): Promise<ActionResult<null>> {
  return runAction("service_principals.delete", async () => {
    await deleteServicePrincipal(await requireMutationContext(), idOf("organization", organizationId), idOf("service_principal", clientId));
    return null;
  });
}

export async function addClientSecretAction(organizationId: string, clientId: string, input: unknown = {}): Promise<ActionResult<{ secret: ClientSecretView; plainSecret: string }>> {
  return runAction("service_principals.add_secret", async () =>
    addClientSecret(await requireMutationContext(), idOf("organization", organizationId), idOf("service_principal", clientId), parseInput(addClientSecretSchema, input)));
}

export async function revokeClientSecretAction(organizationId: string, clientId: string, secretId: string): Promise<ActionResult<null>> {
  return runAction("service_principals.revoke_secret", async () => {
    await revokeClientSecret(await requireMutationContext(), idOf("organization", organizationId), idOf("service_principal", clientId), idOf("client_secret", secretId));
    return null;
  });
}

/**
 * Token debugger: decodes a pasted token and checks it against this deployment's published keys and
 * what this service principal's tokens must look like. The token is neither stored nor logged.
 */
export async function debugTokenAction(organizationId: string, clientId: string, token: unknown): Promise<ActionResult<TokenReport>> {
  return runAction("service_principals.debug_token", async () => {
    const input = parseInput(tokenSchema, { token });
    const principal = await requirePrincipal();
    const client = await getServicePrincipal(principal, idOf("organization", organizationId), idOf("service_principal", clientId));
    return inspectToken(input.token, {
      // Tenant admins (the portal) read "API client"; the console and dev tools "service principal".
      clientNoun: principal.kind === "portal" ? "API client" : "service principal",
      issuer: publicUrl(),
      audiences: client.audience,
      organizationId: client.organization_id ?? organizationId,
      clientId: client.client_id,
      scopes: client.scopes,
      findKey: async (kid) => (await loadVerificationKeys()).get(kid) ?? (await loadVerificationKeys({ refresh: true })).get(kid),
      isRevoked: async (jti) => (await db.revokedToken.count({ where: { jti } })) > 0,
    });
  });
}
