import { authorize, canReachOrganization, type Permission, type Principal } from "@/lib/authz";
import { db, Prisma, type Tx } from "@/lib/db";
import { emit } from "@/lib/events";
import { notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import type { MutationContext } from "@/lib/mutation";
import { assertIdOf } from "@/lib/validation/ids";
import { actorLabel, addSecret, emitSecretEvent, loadClientForUpdate, patchedGrant, plainFieldChanges, revokeSecret, updateChange, type ClientRef } from "./core";
import { checkGrant } from "./grants";
import { storeClientSecret } from "./secrets";
import {
  DEFAULT_EXPIRY_SECONDS,
  type AddClientSecretInput, type ClientSecretView, type CreateServicePrincipalInput, type ServicePrincipalView, type UpdateServicePrincipalInput,
} from "./schemas";
import { auditableClient, servicePrincipalView } from "./views";

// Service principals: OAuth clients owned by one organization (client id m2morg_…). Every function takes
// the caller (Principal for reads, MutationContext for writes), authorizes through lib/authz, and writes
// in one transaction together with its audit events. Input arrives parsed (the edges parse it with the
// schemas in ./schemas); DomainError is thrown for rules that need the database.

export * from "./environment-clients";
export { CLIENT_SECRET_PREFIX } from "./secrets";
export type { ClientSecretView, ServicePrincipalView } from "./schemas";

/** Authorizes `permission` on the organization; an organization out of the caller's reach is "not found". */
function authorizeOn(principal: Principal, permission: Permission, organizationId: string): void {
  assertIdOf("organization", organizationId);
  if (!canReachOrganization(principal, organizationId)) throw notFound("Organization");
  authorize(principal, permission, { organizationId });
}

/** Locks the organization row (FOR SHARE) so it cannot be deleted while a client is added to it. */
async function requireOrganization(tx: Tx, organizationId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM organizations WHERE id = ${organizationId} FOR SHARE`;
  if (!rows.length) throw notFound("Organization");
}

async function requireOrganizationExists(organizationId: string): Promise<void> {
  if (!(await db.organization.findUnique({ where: { id: organizationId }, select: { id: true } }))) throw notFound("Organization");
}

const ref = (organizationId: string, clientId: string): ClientRef => ({ id: clientId, organizationId });

export async function createServicePrincipal(
  ctx: MutationContext, organizationId: string, input: CreateServicePrincipalInput,
): Promise<{ client: ServicePrincipalView; plainSecret: string }> {
  authorizeOn(ctx.principal, "clients:write", organizationId);
  return db.$transaction(async (tx) => {
    await requireOrganization(tx, organizationId);
    const grant = await checkGrant(tx, { scopes: input.scopes, audience: input.audience, allowManagement: false });
    const id = newId("m2morg");
    const createdBy = actorLabel(ctx.actor);
    await tx.servicePrincipal.create({
      data: {
        id, organizationId, name: input.name, description: input.description ?? "",
        scopes: grant.scopes, audience: grant.audience, expiry: input.expiry ?? DEFAULT_EXPIRY_SECONDS,
        customClaims: (input.custom_claims ?? []) as Prisma.InputJsonValue, status: "active", createdBy,
      },
    });
    const { plain } = await storeClientSecret(tx, id, createdBy);
    const client = servicePrincipalView(await tx.servicePrincipal.findUniqueOrThrow({ where: { id }, include: { secrets: true } }));
    const event = { organizationId, actor: ctx.actor, context: ctx.request };
    await emit(tx, "organization.service_principal.created", { ...event, data: { ...auditableClient(client), organization_id: organizationId } });
    await emitSecretEvent(tx, ctx, ref(organizationId, id), "created", client.secrets[0]!, { after: client.secrets[0] });
    return { client, plainSecret: plain };
  });
}

/** An organization's service principals, newest first, each with its secrets (masked). */
export async function listServicePrincipals(principal: Principal, organizationId: string): Promise<ServicePrincipalView[]> {
  authorizeOn(principal, "clients:read", organizationId);
  await requireOrganizationExists(organizationId);
  const rows = await db.servicePrincipal.findMany({
    where: { organizationId },
    include: { secrets: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return rows.map(servicePrincipalView);
}

export async function getServicePrincipal(principal: Principal, organizationId: string, clientId: string): Promise<ServicePrincipalView> {
  authorizeOn(principal, "clients:read", organizationId);
  assertIdOf("service_principal", clientId);
  const row = await db.servicePrincipal.findFirst({ where: { id: clientId, organizationId }, include: { secrets: true } });
  if (!row) throw notFound("Service principal");
  return servicePrincipalView(row);
}


/**
 * Changes name, description, scopes, audience, expiry, custom claims or status. When scopes change and
 * the audience was the one derived from the old scopes, the audience follows the new scopes; an audience
 * chosen by hand is kept (and must still be registered).
 */
export async function updateServicePrincipal(
  ctx: MutationContext, organizationId: string, clientId: string, patch: UpdateServicePrincipalInput,
): Promise<ServicePrincipalView> {
  authorizeOn(ctx.principal, "clients:write", organizationId);
  return db.$transaction(async (tx) => {
    const before = await loadClientForUpdate(tx, ref(organizationId, clientId));
    const beforeView = servicePrincipalView(before);
    if (Object.keys(patch).length === 0) return beforeView;

    const data: Prisma.ServicePrincipalUpdateInput = plainFieldChanges(patch);
    if (patch.scopes !== undefined || patch.audience !== undefined) {
      const grant = await patchedGrant(tx, before, patch, false);
      data.scopes = grant.scopes;
      data.audience = grant.audience;
    }

    const row = await tx.servicePrincipal.update({ where: { id: clientId }, data, include: { secrets: true } });
    const view = servicePrincipalView(row);
    const after = auditableClient(view);
    await emit(tx, `organization.service_principal.${updateChange(before.status, row.status)}`, {
      organizationId, actor: ctx.actor, context: ctx.request, data: { ...after, organization_id: organizationId }, before: auditableClient(beforeView), after,
    });
    return view;
  });
}

/** Deletes the principal and its secrets; its tokens stop passing introspection and new ones cannot be minted. */
export async function deleteServicePrincipal(ctx: MutationContext, organizationId: string, clientId: string): Promise<void> {
  authorizeOn(ctx.principal, "clients:write", organizationId);
  await db.$transaction(async (tx) => {
    const before = await loadClientForUpdate(tx, ref(organizationId, clientId));
    await tx.servicePrincipal.delete({ where: { id: clientId } });
    const gone = auditableClient(servicePrincipalView(before));
    await emit(tx, "organization.service_principal.deleted", {
      organizationId, actor: ctx.actor, context: ctx.request, data: { ...gone, organization_id: organizationId }, before: gone, after: null,
    });
  });
}

/** Adds a secret (at most 5 usable), optionally expiring; the plain value is returned this once. */
export async function addClientSecret(ctx: MutationContext, organizationId: string, clientId: string, input: AddClientSecretInput = {}): Promise<{ secret: ClientSecretView; plainSecret: string }> {
  authorizeOn(ctx.principal, "clients:write", organizationId);
  return db.$transaction((tx) => addSecret(tx, ctx, ref(organizationId, clientId), input));
}

/** Revokes a secret at once: status INACTIVE, kept in the list as revoked. */
export async function revokeClientSecret(ctx: MutationContext, organizationId: string, clientId: string, secretId: string): Promise<ClientSecretView> {
  authorizeOn(ctx.principal, "clients:write", organizationId);
  return db.$transaction((tx) => revokeSecret(tx, ctx, ref(organizationId, clientId), secretId));
}
