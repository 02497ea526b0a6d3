"use client";
import { useId, useState } from "react";
import { usePathname, useRouter } from "next/navigation";
import { Alert, Button, Select, Time } from "@/components/ui";
import { callAction } from "@/lib/actions/result";
import { formatFullDateTime } from "@/lib/format";
import { ACTIVITY_KINDS, type ActivityKind, type PortalActivityEvent } from "@/lib/portal/activity-kinds";
import { loadMoreActivity } from "./activity-actions";

// The organization's activity in the portal: newest first, a filter by kind (kept in the address, so a
// reload or a shared link keeps it), "Load more" pages with the cursor, and each event's details on
// demand (full time, who, what changed).

export function ActivityList({ kind, kinds, initial, initialCursor }: {
  kind: ActivityKind | null;
  /** The kinds the filter offers (those of the session's tabs). */
  kinds: ActivityKind[];
  initial: PortalActivityEvent[];
  initialCursor: string | null;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const filterId = useId();
  const [events, setEvents] = useState(initial);
  const [cursor, setCursor] = useState(initialCursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  async function more() {
    if (!cursor) return;
    setLoading(true);
    setError(null);
    const result = await callAction(() => loadMoreActivity(cursor, kind));
    setLoading(false);
    if (!result.ok) return setError(result.error.message);
    setEvents((cur) => [...cur, ...result.data.events]);
    setCursor(result.data.next_cursor);
  }

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={filterId} className="text-sm font-medium text-slate-700">Show</label>
        <Select id={filterId} value={kind ?? ""} className="w-auto" data-testid="activity-filter"
          onChange={(e) => router.replace(e.target.value ? `${pathname}?kind=${e.target.value}` : pathname, { scroll: false })}>
          <option value="">All activity</option>
          {(kind && !kinds.includes(kind) ? [...kinds, kind] : kinds).map((k) => <option key={k} value={k}>{ACTIVITY_KINDS[k]}</option>)}
        </Select>
      </div>

      {events.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
          {kind ? `No ${ACTIVITY_KINDS[kind].toLowerCase()} activity yet.` : "No activity yet. Changes made in this portal and by your app appear here."}
        </p>
      ) : (
        <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="activity-list">
          {events.map((e) => (
            <li key={e.id} className="text-sm">
              <button type="button" aria-expanded={open === e.id} aria-controls={`activity-${e.id}`} onClick={() => setOpen(open === e.id ? null : e.id)}
                className="flex w-full flex-col gap-0.5 p-3 text-left hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-accent sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
                <span className="min-w-0">
                  <span className="flex items-baseline gap-1.5 font-medium text-slate-900">
                    <span aria-hidden="true" className={`inline-block text-xs text-slate-400 transition-transform ${open === e.id ? "rotate-90" : ""}`}>▸</span>
                    {e.label}
                  </span>
                  <span className="block break-words pl-4 text-slate-600">
                    {e.target ? <>{e.target} · </> : null}by {e.actor.name}
                  </span>
                </span>
                <Time value={e.time} className="shrink-0 pl-4 text-xs text-slate-500 sm:pl-0" />
              </button>
              {open === e.id ? <ActivityDetails id={`activity-${e.id}`} event={e} /> : null}
            </li>
          ))}
        </ol>
      )}
      {error ? <Alert tone="danger">{error}</Alert> : null}
      {cursor ? <div><Button onClick={() => void more()} loading={loading}>{loading ? "Loading…" : "Load more"}</Button></div> : null}
    </div>
  );
}

function ActivityDetails({ id, event }: { id: string; event: PortalActivityEvent }) {
  const row = (label: string, value: React.ReactNode) => (
    <div className="grid gap-0.5 py-1 sm:grid-cols-[8rem_1fr] sm:gap-3"><dt className="text-slate-500">{label}</dt><dd className="min-w-0 break-words text-slate-900">{value}</dd></div>
  );
  return (
    <div id={id} className="border-t border-slate-100 bg-slate-50 px-3 py-2 pl-7" data-testid="activity-details">
      <dl>
        {row("When", <span suppressHydrationWarning>{formatFullDateTime(event.time)}</span>)}
        {row("Who", <>{event.actor.name.charAt(0).toUpperCase() + event.actor.name.slice(1)}{event.actor.detail ? <span className="text-slate-600"> ({event.actor.detail})</span> : null}</>)}
        {event.target ? row("What", event.target) : null}
        {event.note ? row("Why", event.note) : null}
      </dl>
      {event.changes.length ? (
        <ul className="mt-1 flex flex-col gap-1" aria-label="Changes">
          {event.changes.map((c) => (
            <li key={c.label} className="break-words">
              <span className="font-medium text-slate-800">{c.label}:</span> <span className="text-slate-600 line-through decoration-slate-400">{c.from}</span> → <span className="text-slate-900">{c.to}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
