"use server";
import { z } from "zod";
import { requireMutationContext, requirePrincipal } from "@/lib/authz/session";
import { publicUrl } from "@/lib/config/env";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { loadVerificationKeys } from "@/lib/keys/verification";
import { log } from "@/lib/log";
import { scopeCatalogForOrganization } from "@/lib/scope-catalog";
import type { ApiResourceView } from "@/lib/scope-catalog/schemas";
import {
  addClientSecret, createServicePrincipal, deleteServicePrincipal, getServicePrincipal, listServicePrincipals,
  revokeClientSecret, updateServicePrincipal,
} from "@/lib/service-principals";
import {
  createServicePrincipalSchema, updateServicePrincipalSchema, type AddClientSecretInput, type ClientSecretView, type ServicePrincipalView,
} from "@/lib/service-principals/schemas";
import { inspectToken, type TokenReport } from "@/lib/token-debugger";
import type { ActionResult, FieldMessage, IntegrationEndpoints } from "./result";

// Server actions behind the service-principal screens. Each one resolves the caller (portal session,
// console operator, or the dev-tools session), calls the domain, and turns a DomainError into a result
// the form can show next to the field it names. Next.js checks the Origin of every action call (CSRF).

const idSchema = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/);
const tokenSchema = z.string().max(16_384, "is too long for an access token");

function fromZod(error: z.ZodError): ActionResult<never> {
  const fields: FieldMessage[] = error.issues.map((i) => ({ field: i.path.join("."), message: i.message }));
  return { ok: false, error: { code: "invalid", message: "Some fields need attention", fields } };
}

async function run<T>(what: string, fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    if (err instanceof DomainError) {
      return { ok: false, error: { code: err.code, message: err.message, fields: err.field ? [{ field: err.field, message: err.message }] : [] } };
    }
    if (err instanceof z.ZodError) return fromZod(err);
    log.error({ err, action: what }, "service principal action failed");
    return { ok: false, error: { code: "internal", message: "Something went wrong on our side. Try again; if it keeps failing, contact your administrator.", fields: [] } };
  }
}

export async function listServicePrincipalsAction(organizationId: string): Promise<ActionResult<ServicePrincipalView[]>> {
  return run("list", async () => listServicePrincipals(await requirePrincipal(), idSchema.parse(organizationId)));
}

export async function scopeCatalogAction(organizationId: string): Promise<ActionResult<ApiResourceView[]>> {
  return run("scope_catalog", async () => scopeCatalogForOrganization(await requirePrincipal(), idSchema.parse(organizationId)));
}

export async function integrationEndpointsAction(): Promise<ActionResult<IntegrationEndpoints>> {
  return run("endpoints", async () => {
    await requirePrincipal();
    const issuer = publicUrl();
    return { issuer, tokenUrl: `${issuer}/oauth/token`, jwksUrl: `${issuer}/keys`, discoveryUrl: `${issuer}/.well-known/oauth-authorization-server` };
  });
}

export async function createServicePrincipalAction(organizationId: string, input: unknown): Promise<ActionResult<{ client: ServicePrincipalView; plainSecret: string }>> {
  const parsed = createServicePrincipalSchema.safeParse(input);
  if (!parsed.success) return fromZod(parsed.error);
  return run("create", async () => createServicePrincipal(await requireMutationContext(), idSchema.parse(organizationId), parsed.data));
}

export async function updateServicePrincipalAction(organizationId: string, clientId: string, patch: unknown): Promise<ActionResult<ServicePrincipalView>> {
  const parsed = updateServicePrincipalSchema.safeParse(patch);
  if (!parsed.success) return fromZod(parsed.error);
  return run("update", async () => updateServicePrincipal(await requireMutationContext(), idSchema.parse(organizationId), idSchema.parse(clientId), parsed.data));
}

export async function deleteServicePrincipalAction(organizationId: string, clientId: string): Promise<ActionResult<null>> {
  return run("delete", async () => {
    await deleteServicePrincipal(await requireMutationContext(), idSchema.parse(organizationId), idSchema.parse(clientId));
    return null;
  });
}

export async function addClientSecretAction(organizationId: string, clientId: string, input: unknown = {}): Promise<ActionResult<{ secret: ClientSecretView; plainSecret: string }>> {
  return run("add_secret", async () => addClientSecret(await requireMutationContext(), idSchema.parse(organizationId), idSchema.parse(clientId), input as AddClientSecretInput));
}

export async function revokeClientSecretAction(organizationId: string, clientId: string, secretId: string): Promise<ActionResult<null>> {
  return run("revoke_secret", async () => {
    await revokeClientSecret(await requireMutationContext(), idSchema.parse(organizationId), idSchema.parse(clientId), idSchema.parse(secretId));
    return null;
  });
}

/**
 * Token debugger: decodes a pasted token and checks it against this deployment's published keys and
 * what this service principal's tokens must look like. The token is neither stored nor logged.
 */
export async function debugTokenAction(organizationId: string, clientId: string, token: unknown): Promise<ActionResult<TokenReport>> {
  const parsedToken = tokenSchema.safeParse(token);
  if (!parsedToken.success) return fromZod(new z.ZodError(parsedToken.error.issues.map((i) => ({ ...i, path: ["token"] }))));
  return run("debug_token", async () => {
    const client = await getServicePrincipal(await requirePrincipal(), idSchema.parse(organizationId), idSchema.parse(clientId));
    return inspectToken(parsedToken.data, {
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
