import { authorize, type Principal } from "@/lib/authz";
import { db, Prisma, type Tx } from "@/lib/db";
import { emit } from "@/lib/events";
import { invalid, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import type { MutationContext } from "@/lib/mutation";
import { assertIdOf } from "@/lib/validation/ids";
import { actorLabel, addSecret, emitSecretEvent, loadClientForUpdate, patchedGrant, plainFieldChanges, revokeSecret, updateChange, type ClientRef } from "./core";
import { checkGrant } from "./grants";
import { storeClientSecret } from "./secrets";
import {
  DEFAULT_EXPIRY_SECONDS,
  type ClientSecretView, type CreateEnvironmentClientInput, type EnvironmentClientView, type OrganizationUsage, type OwnRedirectUrisInput, type UpdateEnvironmentClientInput,
  type AddClientSecretInput,
} from "./schemas";
import { auditableClient, environmentClientView } from "./views";

// Environment-level clients (client id skc_…, no owning organization): management clients for the host
// app's backend and clients that act for listed organizations or any organization, naming it with
// `organization` in the token request (Auth0's organization_usage deny / allow / require). Operators
// manage them (deployment settings permissions); management clients cannot create or widen them.

const envRef = (id: string): ClientRef => ({ id, organizationId: null });

/** Organization ids must exist; the error names the unknown ones. */
async function checkAllowedOrganizations(tx: Tx, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return unique;
  const found = await tx.organization.findMany({ where: { id: { in: unique } }, select: { id: true } });
  const known = new Set(found.map((o) => o.id));
  const unknown = unique.filter((id) => !known.has(id));
  if (unknown.length) throw invalid("allowed_organization_ids", `names organizations that do not exist: ${unknown.join(", ")}`);
  return unique;
}

/**
 * The default redirect URI must be one of the client's redirect URIs, and only one environment client
 * has one: it is where every IdP-initiated login of the deployment lands (compat.md §4.6, §6.9).
 */
async function checkRedirects(tx: Tx, clientId: string, redirectUris: string[], defaultUri: string | null): Promise<void> {
  if (defaultUri === null) return;
  if (!redirectUris.includes(defaultUri)) throw invalid("default_redirect_uri", "must be one of the client's redirect_uris");
  const other = await tx.servicePrincipal.findFirst({ where: { organizationId: null, id: { not: clientId }, defaultRedirectUri: { not: null } }, select: { id: true, name: true } });
  if (other) throw invalid("default_redirect_uri", `is already set on the environment client "${other.name}" (${other.id}): IdP-initiated logins land on one default redirect URI; clear that one first`);
}

function checkOrganizationUsage(usage: OrganizationUsage, allowAny: boolean, allowed: string[]): void {
  if (usage !== "deny" && !allowAny && allowed.length === 0) {
    throw invalid("allowed_organization_ids", `is empty: with organization_usage "${usage}", list the organizations this client may act for or set allow_any_organization`);
  }
}

export async function createEnvironmentClient(ctx: MutationContext, input: CreateEnvironmentClientInput): Promise<{ client: EnvironmentClientView; plainSecret: string }> {
  authorize(ctx.principal, "settings:write");
  checkOrganizationUsage(input.organization_usage, input.allow_any_organization, input.allowed_organization_ids);
  return db.$transaction(async (tx) => {
    const grant = await checkGrant(tx, { scopes: input.scopes, audience: input.audience, allowManagement: true, allowEmpty: input.redirect_uris.length > 0 });
    const allowed = await checkAllowedOrganizations(tx, input.allowed_organization_ids);
    const id = newId("skc");
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('environment_clients.default_redirect_uri'))`;
    await checkRedirects(tx, id, input.redirect_uris, input.default_redirect_uri ?? null);
    const createdBy = actorLabel(ctx.actor);
    await tx.servicePrincipal.create({
      data: {
        id, organizationId: null, name: input.name, description: input.description ?? "",
        scopes: grant.scopes, audience: grant.audience, expiry: input.expiry ?? DEFAULT_EXPIRY_SECONDS,
        customClaims: (input.custom_claims ?? []) as Prisma.InputJsonValue, status: "active", createdBy,
        organizationUsage: input.organization_usage, allowAnyOrganization: input.allow_any_organization, allowedOrganizationIds: allowed,
        redirectUris: input.redirect_uris, defaultRedirectUri: input.default_redirect_uri ?? null,
      },
    });
    const { plain } = await storeClientSecret(tx, id, createdBy);
    const client = environmentClientView(await tx.servicePrincipal.findUniqueOrThrow({ where: { id }, include: { secrets: true } }));
    await emit(tx, "environment_client.created", { organizationId: null, actor: ctx.actor, context: ctx.request, data: auditableClient(client) });
    await emitSecretEvent(tx, ctx, envRef(id), "created", client.secrets[0]!, { after: client.secrets[0] });
    return { client, plainSecret: plain };
  });
}

export async function listEnvironmentClients(principal: Principal): Promise<EnvironmentClientView[]> {
  authorize(principal, "settings:read");
  const rows = await db.servicePrincipal.findMany({ where: { organizationId: null }, include: { secrets: true }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  return rows.map(environmentClientView);
}

export async function getEnvironmentClient(principal: Principal, clientId: string): Promise<EnvironmentClientView> {
  authorize(principal, "settings:read");
  assertIdOf("environment_client", clientId);
  const row = await db.servicePrincipal.findFirst({ where: { id: clientId, organizationId: null }, include: { secrets: true } });
  if (!row) throw notFound("Environment client");
  return environmentClientView(row);
}

export async function updateEnvironmentClient(ctx: MutationContext, clientId: string, patch: UpdateEnvironmentClientInput): Promise<EnvironmentClientView> {
  authorize(ctx.principal, "settings:write");
  return applyPatch(ctx, clientId, patch);
}

/**
 * The calling management client's own redirect URIs (GET/PUT /api/v1/redirect_uris): the host app's
 * backend registers its sign-in callbacks itself. Nothing else of the client can change this way.
 */
export async function getOwnRedirectUris(principal: Principal): Promise<Pick<EnvironmentClientView, "client_id" | "redirect_uris" | "default_redirect_uri">> {
  authorize(principal, "clients:read");
  if (principal.kind !== "management_client") throw invalid("client_id", "only an environment client's own token can read its redirect URIs");
  const client = await getEnvironmentClientRow(principal.clientId);
  return { client_id: client.id, redirect_uris: client.redirectUris, default_redirect_uri: client.defaultRedirectUri };
}

export async function setOwnRedirectUris(ctx: MutationContext, input: OwnRedirectUrisInput): Promise<Pick<EnvironmentClientView, "client_id" | "redirect_uris" | "default_redirect_uri">> {
  authorize(ctx.principal, "clients:write");
  if (ctx.principal.kind !== "management_client") throw invalid("client_id", "only an environment client's own token can set its redirect URIs");
  const view = await applyPatch(ctx, ctx.principal.clientId, { redirect_uris: input.redirect_uris, default_redirect_uri: input.default_redirect_uri ?? null });
  return { client_id: view.client_id, redirect_uris: view.redirect_uris, default_redirect_uri: view.default_redirect_uri };
}

async function getEnvironmentClientRow(clientId: string) {
  const row = await db.servicePrincipal.findFirst({ where: { id: clientId, organizationId: null } });
  if (!row) throw notFound("Environment client");
  return row;
}

async function applyPatch(ctx: MutationContext, clientId: string, patch: UpdateEnvironmentClientInput): Promise<EnvironmentClientView> {
  return db.$transaction(async (tx) => {
    const before = await loadClientForUpdate(tx, envRef(clientId));
    const beforeView = environmentClientView(before);
    if (Object.keys(patch).length === 0) return beforeView;
    const data: Prisma.ServicePrincipalUpdateInput = plainFieldChanges(patch);
    if (patch.scopes !== undefined || patch.audience !== undefined) {
      const grant = await patchedGrant(tx, before, patch, true, (patch.redirect_uris ?? before.redirectUris).length > 0);
      data.scopes = grant.scopes;
      data.audience = grant.audience;
    }
    const usage = patch.organization_usage ?? beforeView.organization_usage;
    const allowAny = patch.allow_any_organization ?? before.allowAnyOrganization;
    const allowed = patch.allowed_organization_ids !== undefined ? await checkAllowedOrganizations(tx, patch.allowed_organization_ids) : before.allowedOrganizationIds;
    checkOrganizationUsage(usage, allowAny, allowed);
    data.organizationUsage = usage;
    data.allowAnyOrganization = allowAny;
    data.allowedOrganizationIds = allowed;
    if (patch.redirect_uris !== undefined || patch.default_redirect_uri !== undefined) {
      const redirectUris = patch.redirect_uris ?? before.redirectUris;
      // Removing the default's URI from the list clears the default with it.
      let defaultUri = patch.default_redirect_uri !== undefined ? patch.default_redirect_uri ?? null : before.defaultRedirectUri;
      if (patch.default_redirect_uri === undefined && defaultUri && !redirectUris.includes(defaultUri)) defaultUri = null;
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('environment_clients.default_redirect_uri'))`;
      await checkRedirects(tx, clientId, redirectUris, defaultUri);
      data.redirectUris = redirectUris;
      data.defaultRedirectUri = defaultUri;
    }

    const row = await tx.servicePrincipal.update({ where: { id: clientId }, data, include: { secrets: true } });
    const view = environmentClientView(row);
    await emit(tx, `environment_client.${updateChange(before.status, row.status)}`, {
      organizationId: null, actor: ctx.actor, context: ctx.request, data: auditableClient(view), before: auditableClient(beforeView),
    });
    return view;
  });
}

export async function disableEnvironmentClient(ctx: MutationContext, clientId: string): Promise<EnvironmentClientView> {
  return updateEnvironmentClient(ctx, clientId, { status: "disabled" });
}

export async function deleteEnvironmentClient(ctx: MutationContext, clientId: string): Promise<void> {
  authorize(ctx.principal, "settings:write");
  await db.$transaction(async (tx) => {
    const before = await loadClientForUpdate(tx, envRef(clientId));
    await tx.servicePrincipal.delete({ where: { id: clientId } });
    const gone = auditableClient(environmentClientView(before));
    await emit(tx, "environment_client.deleted", { organizationId: null, actor: ctx.actor, context: ctx.request, data: gone, before: gone, after: null });
  });
}

export async function addEnvironmentClientSecret(ctx: MutationContext, clientId: string, input: AddClientSecretInput = {}): Promise<{ secret: ClientSecretView; plainSecret: string }> {
  authorize(ctx.principal, "settings:write");
  return db.$transaction((tx) => addSecret(tx, ctx, envRef(clientId), input));
}

export async function revokeEnvironmentClientSecret(ctx: MutationContext, clientId: string, secretId: string): Promise<ClientSecretView> {
  authorize(ctx.principal, "settings:write");
  return db.$transaction((tx) => revokeSecret(tx, ctx, envRef(clientId), secretId));
}
