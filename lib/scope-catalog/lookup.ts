import type { Tx } from "@/lib/db";
import { MANAGEMENT_RESOURCE_ID } from "./builtin";

// Catalog checks used inside other areas' write transactions (service principals, environment clients).

export interface ResolvedScope {
  name: string;
  resourceId: string;
  audience: string;
  management: boolean;
}

/**
 * Looks up scope names in the catalog and locks them (FOR SHARE) until the caller's transaction ends,
 * so a scope cannot be deleted between this check and the grant that relies on it.
 */
export async function resolveScopes(tx: Tx, names: string[]): Promise<{ found: ResolvedScope[]; unknown: string[] }> {
  const unique = [...new Set(names)];
  if (!unique.length) return { found: [], unknown: [] };
  const rows = await tx.$queryRaw<{ name: string; resource_id: string; audience: string }[]>`
    SELECT s.name, s.resource_id, r.audience
    FROM api_scopes s JOIN api_resources r ON r.id = s.resource_id
    WHERE s.name = ANY(${unique}::text[])
    FOR SHARE OF s, r`;
  const byName = new Map(rows.map((r) => [r.name, r]));
  return {
    found: rows.map((r) => ({ name: r.name, resourceId: r.resource_id, audience: r.audience, management: r.resource_id === MANAGEMENT_RESOURCE_ID })),
    unknown: unique.filter((n) => !byName.has(n)),
  };
}

/** Registered audiences among `audiences` (locked FOR SHARE), with whether each is the management API. */
export async function resolveAudiences(tx: Tx, audiences: string[]): Promise<{ found: { audience: string; management: boolean }[]; unknown: string[] }> {
  const unique = [...new Set(audiences)];
  if (!unique.length) return { found: [], unknown: [] };
  const rows = await tx.$queryRaw<{ id: string; audience: string }[]>`
    SELECT id, audience FROM api_resources WHERE audience = ANY(${unique}::text[]) FOR SHARE`;
  const known = new Set(rows.map((r) => r.audience));
  return {
    found: rows.map((r) => ({ audience: r.audience, management: r.id === MANAGEMENT_RESOURCE_ID })),
    unknown: unique.filter((a) => !known.has(a)),
  };
}
