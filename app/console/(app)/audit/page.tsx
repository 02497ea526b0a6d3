import type { Metadata } from "next";
import Link from "next/link";
import { getAuditEvent } from "@/lib/audit/event";
import { auditDiff } from "@/lib/audit/diff";
import {
  auditQueryFrom, filterParamsFrom, type AuditFilterParams,
} from "@/lib/audit/filters";
import { ORGANIZATION_MATCH_LIMIT, resolveOrganizationText, type OrganizationChoice } from "@/lib/organizations/lookup";
import { queryAuditEvents, type AuditEventView, type AuditPage } from "@/lib/audit/query";
import { DomainError } from "@/lib/errors";
import { organizationNames } from "@/lib/organizations/overview";
import { requireOperatorPage, type OperatorPrincipal } from "@/lib/operators/guard";
import { formatDateTimeUtc } from "@/lib/format";
import { buttonClasses, Input, Time, XIcon } from "@/components/ui";
import { OrganizationInput } from "@/app/console/_components/organization-input";
import { actionLabel, actorTypeLabel } from "@/app/console/_components/audit-labels";
import { actionSuggestions } from "@/lib/events/labels";
import { AuditHeader } from "./chain-verification";
import { DrawerEscape } from "./drawer-close";
import { FilterPanel } from "./filter-panel";

export const metadata: Metadata = { title: "Audit log" };

type Params = Record<string, string | string[] | undefined>;

// Every action the event catalog records, each family first.
const ACTION_SUGGESTIONS = actionSuggestions();

/** The filters as chips read them. */
const FILTER_LABEL: Record<keyof AuditFilterParams, string> = {
  q: "Search", organization_id: "Organization", action: "Action", actor: "Actor", target: "Target", since: "From", until: "Until",
};

function href(filters: AuditFilterParams, extra: Record<string, string | undefined> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `/console/audit?${s}` : "/console/audit";
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Params> }) {
  const operator = await requireOperatorPage("audit:read");
  const raw = await searchParams;
  const typed = filterParamsFrom(raw);
  const cursor = typeof raw.cursor === "string" ? raw.cursor : undefined;
  const eventId = typeof raw.event === "string" ? raw.event : undefined;

  let page: AuditPage = { events: [], next_cursor: null };
  let error: DomainError | null = null;
  let orgChoices: OrganizationChoice[] = [];
  // The organization field takes a name or an id; a name that fits one organization becomes its id.
  let org: Awaited<ReturnType<typeof resolveOrganizationText>> = { organization: null, matches: [] };
  try {
    auditQueryFrom(typed); // a filter that cannot be a query (invalid text or time) is named before anything runs
    org = await resolveOrganizationText(operator, typed.organization_id);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    error = err;
  }
  const filters: AuditFilterParams = { ...typed, organization_id: org.organization?.id ?? typed.organization_id };
  if (error) {
    // shown as it is
  } else if (typed.organization_id && !org.organization) {
    orgChoices = org.matches;
    error = new DomainError("invalid", org.matches.length ? `${org.matches.length === ORGANIZATION_MATCH_LIMIT ? "Several" : org.matches.length} organizations match “${typed.organization_id}”: pick one.` : `No organization matches “${typed.organization_id}”.`, "organization_id");
  } else {
    try {
      page = await queryAuditEvents(operator, { ...auditQueryFrom(filters), cursor: cursor ?? null, limit: 50 });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      error = err;
    }
  }
  const names = await organizationNames(operator, page.events.flatMap((e) => (e.organization_id ? [e.organization_id] : [])));
  const active = (Object.entries(filters) as [keyof AuditFilterParams, string | undefined][]).filter((e): e is [keyof AuditFilterParams, string] => !!e[1]);
  const filtered = active.length > 0;
  const exportHref = (format: string) => `/console/audit/export?${new URLSearchParams({ ...filters, format } as Record<string, string>)}`;
  const orgName = org.organization && org.organization.name !== org.organization.id ? org.organization.name : null;
  const without = (key: keyof AuditFilterParams) => href(Object.fromEntries(active.filter(([k]) => k !== key)));
  const chipValue = (key: keyof AuditFilterParams, value: string) =>
    key === "organization_id" ? (orgName ?? value) : key === "since" || key === "until" ? `${value.replace("T", " ")} UTC` : value;

  return (
    <div>
      <AuditHeader title="Audit log" description="Every change and security event in this deployment, newest first. Each event is hash-chained to the one before it." />

      <FilterPanel active={active.length} open={!!error}>
      {/* Keyed by the filter, so following a link (Clear, a suggested organization) shows that link's values. */}
      <form key={JSON.stringify(filters)} method="get" className="rounded-lg border border-slate-200 bg-white p-4" aria-label="Filter the audit log">
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-6">
          <div className="sm:col-span-2 lg:col-span-3">
            <label htmlFor="f-q" className="block text-sm font-medium text-slate-700">Search</label>
            <Input id="f-q" name="q" type="search" defaultValue={filters.q} placeholder="Action, actor, target, IP or request id" className="mt-1" />
          </div>
          {/* min-w-0: the one-line hint below must not widen the grid column past a 360 px screen. */}
          <div className="min-w-0 sm:col-span-2 lg:col-span-3">
            <label htmlFor="f-org" className="block text-sm font-medium text-slate-700">Organization</label>
            <OrganizationInput id="f-org" name="organization_id" defaultValue={filters.organization_id} describedBy="f-org-hint" className="mt-1 font-mono" />
            <p id="f-org-hint" className="mt-1 truncate text-xs text-slate-500">{orgName ?? "A name or an org_… id; matching organizations are suggested."}</p>
          </div>
          <div className="lg:col-span-2">
            <label htmlFor="f-action" className="block text-sm font-medium text-slate-700">Action</label>
            <Input id="f-action" name="action" list="audit-actions" defaultValue={filters.action} placeholder="e.g. client_secret.*" className="mt-1 font-mono" />
            <datalist id="audit-actions">{ACTION_SUGGESTIONS.map((a) => <option key={a} value={a} />)}</datalist>
          </div>
          <div className="lg:col-span-2">
            <label htmlFor="f-actor" className="block text-sm font-medium text-slate-700">Actor</label>
            <Input id="f-actor" name="actor" defaultValue={filters.actor} placeholder="Email or name (its start), or an id" className="mt-1" />
          </div>
          <div className="sm:col-span-2 lg:col-span-2">
            <label htmlFor="f-target" className="block text-sm font-medium text-slate-700">Target id</label>
            <Input id="f-target" name="target" defaultValue={filters.target} placeholder="m2morg_…, sks_…" className="mt-1 font-mono" />
          </div>
          <div className="lg:col-span-3">
            <label htmlFor="f-since" className="block text-sm font-medium text-slate-700">From (UTC)</label>
            <Input id="f-since" name="since" type="datetime-local" defaultValue={filters.since} aria-invalid={error?.field === "since"} className="mt-1" />
          </div>
          <div className="lg:col-span-3">
            <label htmlFor="f-until" className="block text-sm font-medium text-slate-700">Until (UTC)</label>
            <Input id="f-until" name="until" type="datetime-local" defaultValue={filters.until} aria-invalid={error?.field === "until"} className="mt-1" />
          </div>
        </div>
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <button type="submit" className={buttonClasses({ variant: "primary" })}>Apply filters</button>
          {filtered ? <Link href="/console/audit" className={buttonClasses({ variant: "ghost" })}>Clear</Link> : null}
        </div>
      </form>
      </FilterPanel>

      <div className="mb-4 flex flex-wrap items-center gap-2 text-sm">
        {active.length ? (
          <ul className="flex min-w-0 flex-wrap gap-1.5" aria-label="Active filters">
            {active.map(([key, value]) => (
              <li key={key} className="min-w-0 max-w-full">
                {/* Named by its text, not aria-label, so the chip is not taken for the field of the same name. */}
                <Link href={without(key)}
                  className="inline-flex max-w-full items-center gap-1 rounded-full border border-slate-300 bg-white py-0.5 pr-1.5 pl-2.5 text-xs text-slate-700 hover:bg-slate-50">
                  <span className="min-w-0 truncate"><span className="sr-only">Remove the filter </span><span className="text-slate-500">{FILTER_LABEL[key]}:</span> {chipValue(key, value)}</span>
                  <XIcon className="size-3.5 shrink-0 text-slate-500" />
                </Link>
              </li>
            ))}
          </ul>
        ) : null}
        <span className="ml-auto flex flex-wrap items-center gap-2 text-slate-600">
          Export {filtered ? "this filter" : "everything"}:
          <a href={exportHref("csv")} className={buttonClasses({ size: "sm" })} download>CSV</a>
          <a href={exportHref("ndjson")} className={buttonClasses({ size: "sm" })} download>NDJSON</a>
        </span>
      </div>

      {error ? (
        <div role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          <p>{error.field ? `${FILTER_LABEL[error.field as keyof AuditFilterParams] ?? error.field}: ` : ""}{error.message}</p>
          {orgChoices.length ? (
            <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1" aria-label="Matching organizations">
              {orgChoices.map((o) => <li key={o.id}><Link className="underline" href={href({ ...filters, organization_id: o.id })}>{o.name}</Link> <span className="font-mono text-xs">{o.id}</span></li>)}
            </ul>
          ) : null}
        </div>
      ) : null}

      {page.events.length === 0 && !error ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
          <p className="font-medium text-slate-900">{filtered ? "No events match these filters" : "No audit events yet"}</p>
          <p className="mt-1 text-sm text-slate-600">{filtered ? "Widen the time range or clear a filter." : "Changes made anywhere in Portico appear here."}</p>
        </div>
      ) : null}

      {page.events.length > 0 ? (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
          <table className="block w-full text-left text-sm md:table">
            <thead className="hidden bg-slate-50 text-xs uppercase tracking-wide text-slate-500 md:table-header-group">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Time</th>
                <th scope="col" className="px-4 py-2 font-medium">Action</th>
                <th scope="col" className="px-4 py-2 font-medium">Actor</th>
                <th scope="col" className="px-4 py-2 font-medium">Organization</th>
                <th scope="col" className="px-4 py-2 font-medium">Target</th>
              </tr>
            </thead>
            <tbody className="block divide-y divide-slate-200 md:table-row-group">
              {page.events.map((e) => (
                // On a phone each event is compact: what and when, then who and where, then on what.
                <tr key={e.id} className={`grid grid-cols-[minmax(0,1fr)_auto] gap-x-3 px-4 py-2 md:table-row md:p-0 ${e.id === eventId ? "bg-slate-100" : "hover:bg-slate-50"}`}>
                  <td className="col-start-2 row-start-1 text-xs text-slate-500 md:table-cell md:px-4 md:py-2.5 md:text-sm md:whitespace-nowrap md:text-slate-600"><Time value={e.time} /></td>
                  <td className="col-start-1 row-start-1 min-w-0 md:table-cell md:px-4 md:py-2.5">
                    <Link href={href(filters, { cursor, event: e.id })} scroll={false} className="font-medium text-slate-900 underline-offset-2 hover:underline">{actionLabel(e.action)}</Link>
                    <p className="hidden font-mono text-xs text-slate-500 md:block">{e.action}</p>
                  </td>
                  <td className="col-span-2 min-w-0 truncate text-xs text-slate-600 md:table-cell md:px-4 md:py-2.5 md:text-sm md:whitespace-normal">
                    <span className="text-slate-700 md:break-words md:text-slate-800">{e.actor.label ?? e.actor.id ?? "—"}</span>
                    <span className="md:hidden"> · {e.organization_id ? (names.get(e.organization_id) ?? e.organization_id) : "Deployment"}</span>
                    <p className="hidden text-xs text-slate-500 md:block">{actorTypeLabel(e.actor.type)}</p>
                  </td>
                  <td className="hidden md:table-cell md:px-4 md:py-2.5">
                    {e.organization_id ? <Link href={`/console/organizations/${e.organization_id}`} className="break-words text-slate-800 hover:underline">{names.get(e.organization_id) ?? <span className="break-all font-mono text-xs">{e.organization_id}</span>}</Link> : <span className="text-slate-400">Deployment</span>}
                  </td>
                  <td className="col-span-2 min-w-0 font-mono text-xs text-slate-500 md:table-cell md:px-4 md:py-2.5">
                    {e.target ? <><p className="hidden font-sans text-slate-500 md:block">{e.target.type}</p><p className="truncate md:break-all md:whitespace-normal md:text-slate-600">{e.target.id}</p></> : <span className="hidden text-slate-400 md:inline">—</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <nav aria-label="Pages" className="mt-4 flex flex-wrap justify-between gap-2 text-sm">
        {cursor ? <Link href={href(filters)} className={buttonClasses({ size: "sm" })}>Newest</Link> : <span />}
        {page.next_cursor ? <Link href={href(filters, { cursor: page.next_cursor })} className={buttonClasses({ size: "sm" })}>Older events</Link> : null}
      </nav>

      {eventId ? <EventDrawer operator={operator} id={eventId} closeHref={href(filters, { cursor })} /> : null}
    </div>
  );
}

async function EventDrawer({ operator, id, closeHref }: { operator: OperatorPrincipal; id: string; closeHref: string }) {
  let event: (AuditEventView & { seq: string; hash: string; prev_hash: string }) | null = null;
  try {
    event = await getAuditEvent(operator, id);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
  }
  const diff = event ? auditDiff(event.before, event.after) : [];
  const changed = diff.filter((d) => d.kind !== "unchanged");
  const unchanged = diff.filter((d) => d.kind === "unchanged");
  const row = (label: string, value: React.ReactNode) => (
    <div className="grid grid-cols-[7rem_1fr] gap-2 py-1"><dt className="text-slate-500">{label}</dt><dd className="min-w-0 [overflow-wrap:anywhere]">{value ?? "—"}</dd></div>
  );
  return (
    <div className="fixed inset-0 z-40 flex justify-end bg-slate-900/30">
      <DrawerEscape closeHref={closeHref} />
      <Link href={closeHref} scroll={false} aria-label="Close the event details" className="hidden flex-1 sm:block" tabIndex={-1} />
      <aside role="dialog" aria-modal="true" aria-labelledby="event-title" className="h-full w-full max-w-xl overflow-y-auto overscroll-contain bg-white p-5 shadow-xl">
        <div className="flex items-start justify-between gap-3">
          <h2 id="event-title" className="text-lg font-semibold text-slate-900">{event ? actionLabel(event.action) : "Event not found"}</h2>
          <Link href={closeHref} scroll={false} className={buttonClasses({ size: "sm" })} autoFocus>Close</Link>
        </div>
        {event ? (
          <>
            <dl className="mt-4 text-sm">
              {row("Action", <code>{event.action}</code>)}
              {row("Time", <><Time value={event.time} /> · {formatDateTimeUtc(event.time)}</>)}
              {row("Actor", `${actorTypeLabel(event.actor.type)} ${event.actor.label ?? ""}${event.actor.id && event.actor.id !== event.actor.label ? ` (${event.actor.id})` : ""}`)}
              {row("Organization", event.organization_id ? <Link className="underline" href={`/console/organizations/${event.organization_id}`}>{event.organization_id}</Link> : "Deployment")}
              {row("Target", event.target ? <code>{event.target.type} {event.target.id}</code> : null)}
              {row("IP", event.ip)}
              {row("User agent", event.user_agent)}
              {row("Request id", event.request_id ? <code>{event.request_id}</code> : null)}
              {row("Event", <code>{event.id} · #{event.seq}</code>)}
            </dl>

            <h3 className="mt-5 text-sm font-semibold text-slate-900">Before → after</h3>
            {diff.length === 0 ? <p className="mt-1 text-sm text-slate-500">This event records no change of data.</p> : null}
            {changed.length > 0 ? (
              <ul className="mt-2 space-y-2 text-sm" aria-label="Changed fields">
                {changed.map((d) => (
                  <li key={d.path} className="rounded-md border border-slate-200 p-2">
                    <p className="font-mono text-xs text-slate-600">{d.path} <span className="ml-1 rounded bg-slate-100 px-1.5 py-0.5 font-sans text-[11px] uppercase text-slate-600">{d.kind}</span></p>
                    <div className="mt-1 grid gap-1 sm:grid-cols-[1fr_auto_1fr] sm:items-start">
                      <span className="break-all rounded bg-red-50 px-2 py-1 text-red-900" aria-label="before">{d.before ?? <em className="text-red-400">none</em>}</span>
                      <span aria-hidden="true" className="hidden text-slate-400 sm:block">→</span>
                      <span className="break-all rounded bg-emerald-50 px-2 py-1 text-emerald-900" aria-label="after">{d.after ?? <em className="text-emerald-500">none</em>}</span>
                    </div>
                  </li>
                ))}
              </ul>
            ) : null}
            {unchanged.length > 0 ? (
              <details className="mt-3 text-sm">
                <summary className="cursor-pointer text-slate-600">{unchanged.length} unchanged field{unchanged.length === 1 ? "" : "s"}</summary>
                <dl className="mt-2">{unchanged.map((d) => row(d.path, d.after))}</dl>
              </details>
            ) : null}
            {event.metadata ? (
              <>
                <h3 className="mt-5 text-sm font-semibold text-slate-900">Details</h3>
                <pre className="mt-1 overflow-x-auto rounded-md bg-slate-50 p-3 text-xs">{JSON.stringify(event.metadata, null, 2)}</pre>
              </>
            ) : null}
            <h3 className="mt-5 text-sm font-semibold text-slate-900">Chain</h3>
            <dl className="mt-1 text-xs">{row("Hash", <code>{event.hash}</code>)}{row("Previous", <code>{event.prev_hash}</code>)}</dl>
          </>
        ) : <p className="mt-3 text-sm text-slate-600">No event with this id.</p>}
      </aside>
    </div>
  );
}
