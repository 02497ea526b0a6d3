import { invalid } from "@/lib/errors";
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
