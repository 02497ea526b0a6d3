import { authorize, type Principal } from "@/lib/authz";
import { db, Prisma } from "@/lib/db";
import { emit } from "@/lib/events";
import { conflict, DomainError, invalid, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import type { MutationContext } from "@/lib/mutation";
import { assertIdOf } from "@/lib/validation/ids";
import type { Organization } from "@/lib/generated/prisma/client";
import { isStorableText, TEXT_RULE_MESSAGE, truncateText } from "@/lib/validation/text";
import { isStorableTime } from "@/lib/validation/time";
import { isServedFeature, servedFeatures } from "./features";
import { auditableClient, servicePrincipalView } from "@/lib/service-principals/views";
import { DEFAULT_FEATURES, type CreateOrganizationInput, type UpdateOrganizationInput } from "./schemas";

// Organizations: the tenants. Every read and write here is authorized for the caller and every write is
// audited in the same transaction.

export interface OrganizationView {
  id: string;
  display_name: string;
  external_id: string | null;
  metadata: Record<string, unknown>;
  /** The features it has that this deployment serves (lib/organizations/features.ts). */
  features: string[];
  create_time: string;
  update_time: string;
}

export function organizationView(o: Organization): OrganizationView {
  return {
    id: o.id,
    display_name: o.displayName,
    external_id: o.externalId,
    metadata: (o.metadata ?? {}) as Record<string, unknown>,
    features: servedFeatures(o.features),
    create_time: o.createdAt.toISOString(),
    update_time: o.updatedAt.toISOString(),
  };
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

export async function createOrganization(ctx: MutationContext, input: CreateOrganizationInput): Promise<OrganizationView> {
  authorize(ctx.principal, "organizations:write");
  try {
    return await db.$transaction(async (tx) => {
      const org = await tx.organization.create({
        data: {
          id: newId("org"),
          displayName: input.display_name,
          externalId: input.external_id ?? null,
          metadata: (input.metadata ?? {}) as Prisma.InputJsonValue,
          features: input.features ?? DEFAULT_FEATURES,
        },
      });
      const view = organizationView(org);
      await emit(tx, "organization.created", { organizationId: org.id, actor: ctx.actor, context: ctx.request, data: view });
      return view;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict("An organization with this external_id already exists", "external_id");
    throw err;
  }
}

/** Loads an organization the caller may read; "not found" also for ones it may not see, so ids do not leak. */
export async function getOrganization(principal: Principal, id: string): Promise<OrganizationView> {
  assertIdOf("organization", id);
  try {
    authorize(principal, "organizations:read", { organizationId: id });
  } catch {
    throw notFound("Organization");
  }
  const org = await db.organization.findUnique({ where: { id } });
  if (!org) throw notFound("Organization");
  return organizationView(org);
}

/**
 * external_id is unique across the deployment, so whether a value is taken (409) says whether some
 * organization uses it. A client limited to some organizations is a tenant's credential and must not
 * learn that about other tenants: only callers that reach every organization (operators, clients with
 * allow_any_organization) may change it. Sending back the current value is not a change.
 */
function assertMayChangeExternalId(principal: Principal, current: OrganizationView, input: UpdateOrganizationInput): void {
  if (input.external_id === undefined || (input.external_id ?? null) === current.external_id) return;
  if (principal.kind === "management_client" && principal.organizations !== "any") {
    throw new DomainError("forbidden", "external_id can only be changed by a client allowed for any organization (external ids are unique across the deployment)", "external_id");
  }
}

export async function updateOrganization(ctx: MutationContext, id: string, input: UpdateOrganizationInput): Promise<OrganizationView> {
  const current = await getOrganization(ctx.principal, id);
  authorize(ctx.principal, "organizations:write", { organizationId: id });
  assertMayChangeExternalId(ctx.principal, current, input);
  try {
    return await db.$transaction(async (tx) => {
      const before = await tx.organization.findUnique({ where: { id } });
      if (!before) throw notFound("Organization");
      const org = await tx.organization.update({
        where: { id },
        data: {
          ...(input.display_name !== undefined ? { displayName: input.display_name } : {}),
          ...(input.external_id !== undefined ? { externalId: input.external_id } : {}),
          ...(input.metadata !== undefined ? { metadata: input.metadata as Prisma.InputJsonValue } : {}),
          // Features this deployment does not serve yet stay stored (dormant) until it does.
          ...(input.features !== undefined ? { features: [...input.features, ...before.features.filter((f) => !isServedFeature(f))] } : {}),
        },
      });
      const view = organizationView(org);
      await emit(tx, "organization.updated", { organizationId: id, actor: ctx.actor, context: ctx.request, data: view, before: organizationView(before) });
      return view;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict("An organization with this external_id already exists", "external_id");
    throw err;
  }
}

/** Deletes the organization and, by cascade, its service principals, secrets, portal links and sessions. */
export async function deleteOrganization(ctx: MutationContext, id: string): Promise<void> {
  await getOrganization(ctx.principal, id);
  authorize(ctx.principal, "organizations:write", { organizationId: id });
  await db.$transaction(async (tx) => {
    const before = await tx.organization.findUnique({ where: { id } });
    if (!before) throw notFound("Organization");
    // What goes with it (foreign keys cascade): each service principal gets its own event, so the
    // principal's history in the audit log ends with why it stopped existing.
    const principals = await tx.servicePrincipal.findMany({ where: { organizationId: id }, include: { secrets: true }, orderBy: { id: "asc" } });
    const portalLinks = await tx.portalLink.count({ where: { organizationId: id } });
    await tx.organization.delete({ where: { id } });
    // The organization's event first, then its principals' (chained in this order).
    const gone = organizationView(before);
    await emit(tx, "organization.deleted", {
      organizationId: id, actor: ctx.actor, context: ctx.request, data: gone, before: gone, after: null,
      metadata: { service_principals_deleted: principals.length, portal_links_deleted: portalLinks },
    });
    for (const p of principals) {
      const principal = auditableClient(servicePrincipalView(p));
      await emit(tx, "organization.service_principal.deleted", {
        organizationId: id, actor: ctx.actor, context: ctx.request, data: { ...principal, organization_id: id },
        before: principal, after: null, metadata: { reason: "organization_deleted" },
      });
    }
  });
}

export interface OrganizationPage {
  organizations: OrganizationView[];
  next_cursor: string | null;
}

export const ORGANIZATION_SORTS = ["newest", "oldest", "name_asc", "name_desc"] as const;
export type OrganizationSort = (typeof ORGANIZATION_SORTS)[number];

/**
 * Keyset-paginated on (create_time, id) or (display_name, id), so a page costs the same at any depth.
 * `search` matches part of the display name (trigram index), or an exact external id or id.
 */
export async function listOrganizations(
  principal: Principal,
  { cursor, limit = 50, search, sort = "newest" }: { cursor?: string | null; limit?: number; search?: string | null; sort?: OrganizationSort } = {},
): Promise<OrganizationPage> {
  authorize(principal, "organizations:read");
  const take = Math.min(Math.max(limit, 1), 100);
  const where: Prisma.OrganizationWhereInput = {};
  if (principal.kind === "management_client" && principal.organizations !== "any") where.id = { in: principal.organizations };
  if (principal.kind === "portal") where.id = principal.organizationId;
  if (search?.trim()) {
    if (!isStorableText(search)) throw invalid("search", `search ${TEXT_RULE_MESSAGE}`);
    const q = truncateText(search.trim(), 200);
    where.OR = [{ displayName: { contains: q, mode: "insensitive" } }, { externalId: q }, { id: q }];
  }
  const byName = sort === "name_asc" || sort === "name_desc";
  const dir: Prisma.SortOrder = sort === "oldest" || sort === "name_asc" ? "asc" : "desc";
  const cmp = dir === "asc" ? "gt" : "lt";
  if (cursor) {
    const { key, id } = decodeCursor(cursor, sort);
    where.AND = byName
      ? [{ OR: [{ displayName: { [cmp]: key } }, { displayName: key, id: { [cmp]: id } }] }]
      : [{ OR: [{ createdAt: { [cmp]: new Date(key) } }, { createdAt: new Date(key), id: { [cmp]: id } }] }];
  }
  const orderBy: Prisma.OrganizationOrderByWithRelationInput[] = byName ? [{ displayName: dir }, { id: dir }] : [{ createdAt: dir }, { id: dir }];
  const rows = await db.organization.findMany({ where, orderBy, take: take + 1 });
  const page = rows.slice(0, take);
  const last = page[page.length - 1];
  const next = rows.length > take && last ? encodeCursor(sort, byName ? last.displayName : last.createdAt.toISOString(), last.id) : null;
  return { organizations: page.map(organizationView), next_cursor: next };
}

function encodeCursor(sort: OrganizationSort, key: string, id: string): string {
  return Buffer.from(JSON.stringify([sort, key, id])).toString("base64url");
}

function decodeCursor(cursor: string, sort: OrganizationSort): { key: string; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString());
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed.some((p) => typeof p !== "string" || !isStorableText(p))) throw invalid("cursor", "is not a cursor this API returned");
  const [s, key, id] = parsed as [string, string, string];
  if (s !== sort) throw invalid("cursor", "belongs to a different sort order");
  if ((sort === "newest" || sort === "oldest") && !isStorableTime(new Date(key))) throw invalid("cursor", "is not a cursor this API returned");
  return { key, id };
}
