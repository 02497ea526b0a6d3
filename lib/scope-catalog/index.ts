import { authorize, type Principal } from "@/lib/authz";
import { emit } from "@/lib/events";
import { db, Prisma, type DbOrTx } from "@/lib/db";
import { conflict, DomainError, invalid, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import type { MutationContext } from "@/lib/mutation";
import { assertIdOf } from "@/lib/validation/ids";
import type { ApiResource, ApiScope } from "@/lib/generated/prisma/client";
import { MANAGEMENT_RESOURCE_ID } from "./builtin";
import type {
  ApiResourceView, ApiScopeView, CreateApiResourceInput, CreateApiScopeInput, UpdateApiResourceInput, UpdateApiScopeInput,
} from "./schemas";

// The scope catalog: the vendor's APIs (Auth0's "APIs", Scalekit's resources), each with the audience
// its tokens carry, and the scopes a service principal may be granted. Deployment-wide, managed by
// operators (settings permissions); every tenant picks scopes from it.

export { MANAGEMENT_RESOURCE_ID } from "./builtin";

type ResourceWithScopes = ApiResource & { scopes: ApiScope[] };

export function apiScopeView(s: ApiScope): ApiScopeView {
  return { id: s.id, name: s.name, description: s.description, create_time: s.createdAt.toISOString() };
}

export function apiResourceView(r: ResourceWithScopes): ApiResourceView {
  return {
    id: r.id,
    name: r.name,
    audience: r.audience,
    description: r.description,
    built_in: r.id === MANAGEMENT_RESOURCE_ID,
    scopes: [...r.scopes].sort((a, b) => a.name.localeCompare(b.name)).map(apiScopeView),
    create_time: r.createdAt.toISOString(),
    update_time: r.updatedAt.toISOString(),
  };
}

const withScopes = { scopes: true } as const;

function isUniqueViolation(err: unknown, column?: string): boolean {
  if (!(err instanceof Prisma.PrismaClientKnownRequestError) || err.code !== "P2002") return false;
  if (!column) return true;
  return JSON.stringify(err.meta ?? {}).includes(column);
}

/** Every API and its scopes, for the console. */
export async function listApiResources(principal: Principal): Promise<ApiResourceView[]> {
  authorize(principal, "settings:read");
  const rows = await db.apiResource.findMany({ include: withScopes, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(apiResourceView);
}

/**
 * The APIs and scopes a service principal of this organization may be granted (what the service-principal
 * form offers): every API except Portico's own management API, whose scopes only environment-level
 * clients may hold.
 */
export async function scopeCatalogForOrganization(principal: Principal, organizationId: string): Promise<ApiResourceView[]> {
  assertIdOf("organization", organizationId);
  authorize(principal, "clients:read", { organizationId });
  const rows = await db.apiResource.findMany({
    where: { id: { not: MANAGEMENT_RESOURCE_ID } },
    include: withScopes,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(apiResourceView);
}

export async function getApiResource(principal: Principal, id: string): Promise<ApiResourceView> {
  assertIdOf("api_resource", id);
  authorize(principal, "settings:read");
  const row = await db.apiResource.findUnique({ where: { id }, include: withScopes });
  if (!row) throw notFound("API");
  return apiResourceView(row);
}

async function scopeNameTaken(client: DbOrTx, names: string[]): Promise<void> {
  if (!names.length) return;
  const taken = await client.apiScope.findMany({ where: { name: { in: names } }, select: { name: true } });
  if (taken.length) {
    throw conflict(`Scope names are unique across the deployment; already defined: ${taken.map((t) => t.name).join(", ")}`, "scopes");
  }
}

export async function createApiResource(ctx: MutationContext, input: CreateApiResourceInput): Promise<ApiResourceView> {
  authorize(ctx.principal, "settings:write");
  const scopes = input.scopes ?? [];
  const names = scopes.map((s) => s.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw invalid("scopes", `lists ${dup} twice`);
  try {
    return await db.$transaction(async (tx) => {
      await scopeNameTaken(tx, names);
      const row = await tx.apiResource.create({
        data: {
          id: newId("res"),
          name: input.name,
          audience: input.audience,
          description: input.description ?? "",
          scopes: { create: scopes.map((s) => ({ id: newId("scp"), name: s.name, description: s.description ?? "" })) },
        },
        include: withScopes,
      });
      const view = apiResourceView(row);
      await emit(tx, "api_resource.created", { organizationId: null, actor: ctx.actor, context: ctx.request, data: view });
      return view;
    });
  } catch (err) {
    if (isUniqueViolation(err, "audience")) throw conflict("Another API already uses this audience", "audience");
    if (isUniqueViolation(err, "name")) throw conflict("A scope with this name already exists", "scopes");
    throw err;
  }
}

function assertEditable(id: string, what: string): void {
  if (id === MANAGEMENT_RESOURCE_ID) {
    throw new DomainError("forbidden", `The Portico Management API is built in; its ${what} cannot be changed`);
  }
}

/**
 * Updates an API. Changing its audience carries the new value into every client that named the old
 * one, in the same transaction, so no client is left with an audience that no longer exists.
 */
export async function updateApiResource(ctx: MutationContext, id: string, input: UpdateApiResourceInput): Promise<ApiResourceView> {
  assertIdOf("api_resource", id);
  authorize(ctx.principal, "settings:write");
  if (input.audience !== undefined) assertEditable(id, "audience");
  try {
    return await db.$transaction(async (tx) => {
      const before = await tx.apiResource.findUnique({ where: { id }, include: withScopes });
      if (!before) throw notFound("API");
      const row = await tx.apiResource.update({
        where: { id },
        data: {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.audience !== undefined ? { audience: input.audience } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
        },
        include: withScopes,
      });
      let clientsUpdated = 0;
      if (input.audience !== undefined && input.audience !== before.audience) {
        clientsUpdated = await tx.$executeRaw`
          UPDATE service_principals SET audience = array_replace(audience, ${before.audience}, ${input.audience}), update_time = now()
          WHERE ${before.audience} = ANY(audience)`;
      }
      const view = apiResourceView(row);
      await emit(tx, "api_resource.updated", {
        organizationId: null, actor: ctx.actor, context: ctx.request, data: view,
        before: apiResourceView(before), metadata: clientsUpdated ? { clients_updated: clientsUpdated } : null,
      });
      return view;
    });
  } catch (err) {
    if (isUniqueViolation(err, "audience")) throw conflict("Another API already uses this audience", "audience");
    throw err;
  }
}

interface Holder { id: string; name: string; organization_id: string | null }

function describeHolders(holders: Holder[]): string {
  const shown = holders.slice(0, 5).map((h) => `${h.name} (${h.id}${h.organization_id ? `, ${h.organization_id}` : ""})`);
  const more = holders.length > shown.length ? ` and ${holders.length - shown.length} more` : "";
  return shown.join(", ") + more;
}

async function clientsHoldingScopes(client: DbOrTx, names: string[]): Promise<Holder[]> {
  if (!names.length) return [];
  const rows = await client.servicePrincipal.findMany({
    where: { scopes: { hasSome: names } },
    select: { id: true, name: true, organizationId: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => ({ id: r.id, name: r.name, organization_id: r.organizationId }));
}

async function clientsNamingAudience(client: DbOrTx, audience: string): Promise<Holder[]> {
  const rows = await client.servicePrincipal.findMany({
    where: { audience: { has: audience } },
    select: { id: true, name: true, organizationId: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => ({ id: r.id, name: r.name, organization_id: r.organizationId }));
}

/** Deletes an API and its scopes; refused while any client holds one of its scopes or names its audience. */
export async function deleteApiResource(ctx: MutationContext, id: string): Promise<void> {
  assertIdOf("api_resource", id);
  authorize(ctx.principal, "settings:write");
  assertEditable(id, "existence");
  await db.$transaction(async (tx) => {
    // Lock the API so no client can be granted its scopes while we check.
    await tx.$queryRaw`SELECT id FROM api_resources WHERE id = ${id} FOR UPDATE`;
    const before = await tx.apiResource.findUnique({ where: { id }, include: withScopes });
    if (!before) throw notFound("API");
    const holders = await clientsHoldingScopes(tx, before.scopes.map((s) => s.name));
    if (holders.length) {
      throw conflict(`${before.name} still has scopes held by ${describeHolders(holders)}; remove those scopes from them first`, "scopes");
    }
    const naming = await clientsNamingAudience(tx, before.audience);
    if (naming.length) {
      throw conflict(`${before.name} is still the audience of ${describeHolders(naming)}; remove it from them first`, "audience");
    }
    await tx.apiResource.delete({ where: { id } });
    await emit(tx, "api_resource.deleted", { organizationId: null, actor: ctx.actor, context: ctx.request, data: apiResourceView(before), before: apiResourceView(before), after: null });
  });
}

export async function createApiScope(ctx: MutationContext, resourceId: string, input: CreateApiScopeInput): Promise<ApiScopeView> {
  assertIdOf("api_resource", resourceId);
  authorize(ctx.principal, "settings:write");
  assertEditable(resourceId, "scopes");
  try {
    return await db.$transaction(async (tx) => {
      const resource = await tx.apiResource.findUnique({ where: { id: resourceId } });
      if (!resource) throw notFound("API");
      await scopeNameTaken(tx, [input.name]);
      const row = await tx.apiScope.create({ data: { id: newId("scp"), resourceId, name: input.name, description: input.description ?? "" } });
      const view = apiScopeView(row);
      await emit(tx, "api_scope.created", { organizationId: null, actor: ctx.actor, context: ctx.request, data: { ...view, resource_id: resourceId, audience: resource.audience } });
      return view;
    });
  } catch (err) {
    if (isUniqueViolation(err, "name")) throw conflict(`The scope ${input.name} already exists`, "name");
    throw err;
  }
}

export async function updateApiScope(ctx: MutationContext, scopeId: string, input: UpdateApiScopeInput): Promise<ApiScopeView> {
  assertIdOf("api_scope", scopeId);
  authorize(ctx.principal, "settings:write");
  return db.$transaction(async (tx) => {
    const before = await tx.apiScope.findUnique({ where: { id: scopeId } });
    if (!before) throw notFound("Scope");
    assertEditable(before.resourceId, "scopes");
    const row = await tx.apiScope.update({ where: { id: scopeId }, data: { description: input.description } });
    const view = apiScopeView(row);
    await emit(tx, "api_scope.updated", { organizationId: null, actor: ctx.actor, context: ctx.request, data: view, before: apiScopeView(before) });
    return view;
  });
}

/** Deletes a scope; refused, naming them, while any client holds it. */
export async function deleteApiScope(ctx: MutationContext, scopeId: string): Promise<void> {
  assertIdOf("api_scope", scopeId);
  authorize(ctx.principal, "settings:write");
  await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM api_scopes WHERE id = ${scopeId} FOR UPDATE`;
    const before = await tx.apiScope.findUnique({ where: { id: scopeId } });
    if (!before) throw notFound("Scope");
    assertEditable(before.resourceId, "scopes");
    const holders = await clientsHoldingScopes(tx, [before.name]);
    if (holders.length) {
      throw conflict(`The scope ${before.name} is held by ${describeHolders(holders)}; remove it from them first`, "scope");
    }
    await tx.apiScope.delete({ where: { id: scopeId } });
    const gone = { ...apiScopeView(before), resource_id: before.resourceId };
    await emit(tx, "api_scope.deleted", { organizationId: null, actor: ctx.actor, context: ctx.request, data: gone, before: gone, after: null });
  });
}
