import type { Principal } from "@/lib/authz";
import { invalid } from "@/lib/errors";
import { ORGANIZATION_ID_PATTERN } from "@/lib/ids";
import { isStorableText, TEXT_RULE_MESSAGE } from "@/lib/validation/text";
import { listOrganizations } from "./index";
import { organizationNames } from "./overview";

// Finding an organization from what an operator typed into a filter (the audit log's and usage's
// organization field): an id, or part of a name.

export interface OrganizationChoice { id: string; name: string }

/** At most this many matches come back; a page seeing this many may say "several" rather than count them. */
export const ORGANIZATION_MATCH_LIMIT = 6;

/**
 * The organization filter as typed: an organization id, or (part of) a name. Gives the organization
 * when the text names exactly one (or is its id), else the few that match, for the page to offer.
 */
export async function resolveOrganizationText(principal: Principal, text: string | undefined): Promise<{ organization: OrganizationChoice | null; matches: OrganizationChoice[] }> {
  const q = text?.trim();
  if (!q) return { organization: null, matches: [] };
  if (!isStorableText(q)) throw invalid("organization_id", TEXT_RULE_MESSAGE);
  // An id is taken as typed, even when the organization is gone: its events stay in the log.
  if (ORGANIZATION_ID_PATTERN.test(q)) return { organization: { id: q, name: (await organizationNames(principal, [q])).get(q) ?? q }, matches: [] };
  const { organizations } = await listOrganizations(principal, { search: q, limit: ORGANIZATION_MATCH_LIMIT, sort: "name_asc" });
  const matches = organizations.map((o) => ({ id: o.id, name: o.display_name }));
  const named = matches.filter((m) => m.name.toLowerCase() === q.toLowerCase());
  const only = matches.length === 1 ? matches[0] : named.length === 1 ? named[0] : undefined;
  return { organization: only ?? null, matches: only ? [] : matches };
}
