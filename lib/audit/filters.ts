import type { Principal } from "@/lib/authz";
import { invalid } from "@/lib/errors";
import { ORGANIZATION_ID_PATTERN } from "@/lib/ids";
import { listOrganizations } from "@/lib/organizations";
import { organizationNames } from "@/lib/organizations/overview";
import { isStorableText, TEXT_RULE_MESSAGE, truncateText } from "@/lib/validation/text";
import { isStorableTime, TIME_RANGE_MESSAGE } from "@/lib/validation/time";
import type { AuditQuery } from "./query";

// The console's audit filters as URL parameters, shared by the audit page and its export, so an
// export is exactly "what I am looking at".

export const AUDIT_FILTER_PARAMS = ["organization_id", "actor", "action", "target", "since", "until", "q"] as const;
export type AuditFilterParams = Partial<Record<(typeof AUDIT_FILTER_PARAMS)[number], string>>;

/** "2026-11-22T00:30" (a datetime-local value, read as UTC) or a full ISO time. */
export function parseFilterTime(value: string | undefined, field: string): Date | null {
  if (!value?.trim()) return null;
  const text = value.trim();
  const withZone = /([zZ]|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}${/T\d{2}:\d{2}$/.test(text) ? ":00" : ""}Z`;
  const date = new Date(withZone);
  if (Number.isNaN(date.getTime())) throw invalid(field, "must be a date and time, like 2026-11-22T09:30");
  if (!isStorableTime(date)) throw invalid(field, TIME_RANGE_MESSAGE);
  return date;
}

export function filterParamsFrom(source: URLSearchParams | Record<string, string | string[] | undefined>): AuditFilterParams {
  const get = (k: string) => {
    const v = source instanceof URLSearchParams ? source.get(k) : source[k];
    return typeof v === "string" && v.trim() ? truncateText(v.trim(), 300) : undefined;
  };
  const out: AuditFilterParams = {};
  for (const k of AUDIT_FILTER_PARAMS) {
    const v = get(k);
    if (v) out[k] = v;
  }
  return out;
}

/** The filters as a query; a filter that breaks the text rule (NUL, invalid Unicode) is an error naming it. */
export function auditQueryFrom(params: AuditFilterParams): Omit<AuditQuery, "cursor" | "limit"> {
  for (const k of AUDIT_FILTER_PARAMS) {
    const value = params[k];
    if (value !== undefined && !isStorableText(value)) throw invalid(k, TEXT_RULE_MESSAGE);
  }
  return {
    organizationId: params.organization_id ?? null,
    actor: params.actor ?? null,
    action: params.action ?? null,
    target: params.target ?? null,
    since: parseFilterTime(params.since, "since"),
    until: parseFilterTime(params.until, "until"),
    search: params.q ?? null,
  };
}

export interface OrganizationChoice { id: string; name: string }

/** At most this many matches come back; a page seeing this many may say "several" rather than count them. */
export const ORGANIZATION_MATCH_LIMIT = 6;

/**
 * The organization filter as typed: an organization id, or (part of) a name. Gives the organization
 * when the text names exactly one (or is its id), else the few that match, for the page to offer.
 */
export async function resolveOrganizationFilter(principal: Principal, text: string | undefined): Promise<{ organization: OrganizationChoice | null; matches: OrganizationChoice[] }> {
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
