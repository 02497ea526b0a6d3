import type { Tx } from "@/lib/db";
import { invalid } from "@/lib/errors";
import { resolveAudiences, resolveScopes } from "@/lib/scope-catalog/lookup";

// What a client may be granted: scopes from the scope catalog, audiences of registered APIs. Runs inside
// the write transaction (the catalog rows stay locked until it commits).

export interface Grant {
  scopes: string[];
  audience: string[];
}

const list = (xs: string[]) => xs.join(", ");

/**
 * Checks scopes and audience against the catalog. Without an audience, the client gets the audiences of
 * the APIs whose scopes it holds. Management API scopes and audience are for environment-level clients
 * only (`allowManagement`).
 */
export async function checkGrant(tx: Tx, { scopes, audience, allowManagement, allowEmpty = false }: {
  scopes: string[]; audience?: string[]; allowManagement: boolean;
  /** An environment client that only signs users in (it has redirect URIs) needs no API access. */
  allowEmpty?: boolean;
}): Promise<Grant> {
  const uniqueScopes = [...new Set(scopes)];
  const resolved = await resolveScopes(tx, uniqueScopes);
  if (resolved.unknown.length) {
    throw invalid("scopes", `${resolved.unknown.length === 1 ? "is not a scope" : "are not scopes"} in the scope catalog: ${list(resolved.unknown)}`);
  }
  const management = resolved.found.filter((s) => s.management).map((s) => s.name);
  if (management.length && !allowManagement) {
    throw invalid("scopes", `${list(management)} ${management.length === 1 ? "is a management API scope" : "are management API scopes"}; only environment-level clients may hold them`);
  }

  let finalAudience: string[];
  if (audience !== undefined) {
    finalAudience = [...new Set(audience)];
    const check = await resolveAudiences(tx, finalAudience);
    if (check.unknown.length) {
      throw invalid("audience", `${check.unknown.length === 1 ? "is not the audience" : "are not audiences"} of a registered API: ${list(check.unknown)}`);
    }
    if (!allowManagement && check.found.some((a) => a.management)) {
      throw invalid("audience", "the management API's audience is for environment-level clients only");
    }
  } else {
    const byScope = new Map(resolved.found.map((s) => [s.name, s.audience]));
    finalAudience = [...new Set(uniqueScopes.map((s) => byScope.get(s)!))];
  }
  if (!finalAudience.length && !allowEmpty) {
    throw invalid("audience", "is empty: grant at least one scope from the scope catalog or name the audience of a registered API");
  }
  return { scopes: uniqueScopes, audience: finalAudience };
}

/** The audience `checkGrant` derives from scopes alone (used to tell whether an audience was chosen by hand). */
export async function derivedAudience(tx: Tx, scopes: string[]): Promise<string[]> {
  const resolved = await resolveScopes(tx, scopes);
  const byScope = new Map(resolved.found.map((s) => [s.name, s.audience]));
  return [...new Set(scopes.map((s) => byScope.get(s)).filter((a): a is string => !!a))];
}
