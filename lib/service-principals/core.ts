import type { Actor } from "@/lib/audit/actor";
import type { Prisma, Tx } from "@/lib/db";
import { emit } from "@/lib/events";
import { notFound } from "@/lib/errors";
import type { MutationContext } from "@/lib/mutation";
import { assertIdOf } from "@/lib/validation/ids";
import { checkGrant, derivedAudience } from "./grants";
import { lockClient, storeClientSecret } from "./secrets";
import { clientSecretView, type ClientWithSecrets } from "./views";
import { type AddClientSecretInput, type ClientSecretView, type UpdateServicePrincipalInput } from "./schemas";

// Steps shared by organization-owned service principals and environment-level clients. Every function
// runs inside the caller's transaction; the caller has already authorized the principal.

/** Which client: an organization's (organizationId set) or an environment-level one (organizationId null). */
export interface ClientRef {
  id: string;
  organizationId: string | null;
}

export const clientNoun = (ref: ClientRef) => (ref.organizationId ? "Service principal" : "Environment client");
export const clientTargetType = (ref: ClientRef) => (ref.organizationId ? "service_principal" : "environment_client");

/** How the audit trail and `created_by` name the actor. */
export function actorLabel(actor: Actor): string {
  return actor.label ?? actor.id ?? actor.type;
}

/**
 * Locks and loads a client that belongs to exactly the given owner. A client of another organization
 * (or an environment client asked for through an organization) is "not found", never "forbidden".
 */
export async function loadClientForUpdate(tx: Tx, ref: ClientRef): Promise<ClientWithSecrets> {
  assertIdOf(ref.organizationId ? "service_principal" : "environment_client", ref.id);
  if (!(await lockClient(tx, ref.id))) throw notFound(clientNoun(ref));
  const client = await tx.servicePrincipal.findFirst({ where: { id: ref.id, organizationId: ref.organizationId }, include: { secrets: true } });
  if (!client) throw notFound(clientNoun(ref));
  return client;
}

export async function addSecret(tx: Tx, ctx: MutationContext, ref: ClientRef, input: AddClientSecretInput = {}): Promise<{ secret: ClientSecretView; plainSecret: string }> {
  const { expire_time } = input;
  await loadClientForUpdate(tx, ref);
  const { row, plain } = await storeClientSecret(tx, ref.id, actorLabel(ctx.actor), { expiresAt: expire_time ? new Date(expire_time) : null });
  const secret = clientSecretView(row);
  await emitSecretEvent(tx, ctx, ref, "created", secret, { after: secret });
  return { secret, plainSecret: plain };
}

/** Marks a secret INACTIVE (it stays listed as revoked). Revoking a revoked secret changes nothing. */
export async function revokeSecret(tx: Tx, ctx: MutationContext, ref: ClientRef, secretId: string): Promise<ClientSecretView> {
  await loadClientForUpdate(tx, ref);
  assertIdOf("client_secret", secretId);
  const before = await tx.clientSecret.findFirst({ where: { id: secretId, clientId: ref.id } });
  if (!before) throw notFound("Secret");
  if (before.status !== "ACTIVE") return clientSecretView(before);
  const row = await tx.clientSecret.update({ where: { id: secretId }, data: { status: "INACTIVE" } });
  const view = clientSecretView(row);
  await emitSecretEvent(tx, ctx, ref, "revoked", view, { before: clientSecretView(before), after: view });
  return view;
}

/** A secret's event: the organization's principal's (a webhook event) or an environment client's (audit only). */
export async function emitSecretEvent(
  tx: Tx, ctx: { actor: Actor; request: MutationContext["request"] | null }, ref: ClientRef, change: "created" | "revoked", secret: ClientSecretView,
  audit: { before?: unknown; after?: unknown; metadata?: Record<string, unknown> },
): Promise<void> {
  const common = { actor: ctx.actor, context: ctx.request, target: { type: "client_secret", id: secret.id }, ...audit, metadata: { client_id: ref.id, ...audit.metadata } };
  if (ref.organizationId) {
    const data = { client_id: ref.id, organization_id: ref.organizationId, secret };
    await emit(tx, change === "created" ? "organization.service_principal.secret_created" : "organization.service_principal.secret_revoked", { ...common, organizationId: ref.organizationId, data });
  } else {
    await emit(tx, change === "created" ? "environment_client.secret_created" : "environment_client.secret_revoked", { ...common, organizationId: null, data: { ...secret, client_id: ref.id } });
  }
}

/** Which update event: enabling or disabling is its own event so it is easy to find. */
export function updateChange(beforeStatus: string, afterStatus: string): "updated" | "enabled" | "disabled" {
  if (beforeStatus !== afterStatus) return afterStatus === "disabled" ? "disabled" : "enabled";
  return "updated";
}

/** The database changes for the plain fields of a client patch (scopes and audience are checked separately). */
export function plainFieldChanges(patch: Omit<UpdateServicePrincipalInput, "scopes" | "audience">): Prisma.ServicePrincipalUpdateInput {
  const data: Prisma.ServicePrincipalUpdateInput = {};
  if (patch.name !== undefined) data.name = patch.name;
  if (patch.description !== undefined) data.description = patch.description;
  if (patch.expiry !== undefined) data.expiry = patch.expiry;
  if (patch.custom_claims !== undefined) data.customClaims = patch.custom_claims as Prisma.InputJsonValue;
  if (patch.status !== undefined) data.status = patch.status;
  return data;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * The scopes and audience a patch leaves a client with (checked against the catalog). When scopes change
 * and the audience was the one derived from the old scopes, the audience follows the new scopes; an
 * audience chosen by hand is kept (and must still be registered).
 */
export async function patchedGrant(
  tx: Tx, before: { scopes: string[]; audience: string[] }, patch: { scopes?: string[]; audience?: string[] }, allowManagement: boolean, allowEmpty = false,
): Promise<{ scopes: string[]; audience: string[] }> {
  let audience = patch.audience;
  if (audience === undefined && !sameSet(before.audience, await derivedAudience(tx, before.scopes))) audience = before.audience;
  return checkGrant(tx, { scopes: patch.scopes ?? before.scopes, audience, allowManagement, allowEmpty });
}
