"use client";
import { useState } from "react";
import { loadMoreActivity } from "@/app/portal/(app)/activity/actions";
import { actionLabel, actorTypeLabel } from "@/app/console/_components/audit-labels";
import { formatDateTime } from "@/app/console/_components/format";
import type { PortalActivityEvent } from "@/lib/portal/activity";

// The organization's audit trail in the portal: newest first, "Load more" pages with the cursor.

type Row = PortalActivityEvent;

export function ActivityList({ initial, initialCursor }: { initial: Row[]; initialCursor: string | null }) {
  const [events, setEvents] = useState(initial);
  const [cursor, setCursor] = useState(initialCursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function more() {
    if (!cursor) return;
    setLoading(true);
    setError(null);
    const result = await loadMoreActivity(cursor).catch(() => ({ ok: false as const, message: "Could not load more activity. Try again." }));
    setLoading(false);
    if (!result.ok) return setError(result.message);
    setEvents((cur) => [...cur, ...result.page.events]);
    setCursor(result.page.next_cursor);
  }

  if (events.length === 0) {
    return <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">No activity yet. Changes made in this portal and by your app appear here.</p>;
  }
  return (
    <div>
      <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="activity-list">
        {events.map((e) => (
          <li key={e.id} className="flex flex-col gap-0.5 p-3 text-sm sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
            <div className="min-w-0">
              <p className="font-medium text-slate-900">{actionLabel(e.action)}</p>
              <p className="break-words text-slate-600">
                by {e.actor.label ?? actorTypeLabel(e.actor.type)}
                {e.target ? <> · <span className="font-mono text-xs break-all">{e.target.id}</span></> : null}
              </p>
            </div>
            <time dateTime={e.time} className="shrink-0 text-xs text-slate-500">{formatDateTime(e.time)}</time>
          </li>
        ))}
      </ol>
      {error ? <p role="alert" className="mt-2 text-sm text-red-700">{error}</p> : null}
      {cursor ? (
        <button type="button" onClick={() => void more()} disabled={loading} className="mt-3 inline-flex min-h-10 items-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50 disabled:opacity-60">
          {loading ? "Loading…" : "Load more"}
        </button>
      ) : null}
    </div>
  );
}
