"use client";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { usePathname } from "next/navigation";
import { eventTargets, portalEvent, type PortalEventType } from "@/lib/portal/events";
import { CSRF_HEADER } from "@/lib/portal/csrf-header";
import { endsWhenIdle, warningDue, type SessionTimingView } from "@/lib/portal/session-clock";
import { watchFrameHeight } from "./frame-height";
import { SessionEnded } from "./session-ended";

// The client half of a portal session:
//  - adds the session's CSRF token to the portal's own mutation requests (server actions);
//  - posts browser events to the host page, only to its registered origin (never "*"): the server's
//    (GET /portal/events after its cursor: changes, asked after each action and every few seconds)
//    and the page's own (session warning and expiry, and PORTAL_RESIZE below);
//  - watches the session: PORTAL_SESSION_WARNING once it is due (lib/portal/session-clock.ts), then
//    PORTAL_SESSION_EXPIRY and the "reopen the portal from your app" state once the server confirms it
//    is over. The layout renders once per document (tab changes do not re-render it), so the deadline
//    is the server's: asked after every navigation and action, once a minute, and before warning or
//    expiring. A warning is sent once, and again only after the session was extended past it;
//  - inside a frame, reports its content's height (PORTAL_RESIZE, ./frame-height.ts) so the host can
//    size the iframe to it instead of nesting two scroll areas.

const TICK_MS = 5_000;
const EVENTS_EVERY_MS = 3_000;
const SYNC_EVERY_MS = 60_000;

interface Props {
  organizationId: string;
  csrfToken: string;
  allowedOrigins: string[];
  /** The server's view of the session's time at render time. */
  timing: SessionTimingView;
  /** Where the server's browser events start for this page (everything before it happened before it loaded). */
  eventsCursor: string;
  children: ReactNode;
}

type SessionAnswer = { active: false } | { active: true; remaining_ms: number; absolute_remaining_ms: number; idle_timeout_sec: number };

function parentOrigin(): string | null {
  const ancestors = window.location.ancestorOrigins;
  return ancestors && ancestors.length > 0 ? ancestors[0]! : null;
}

export function PortalShell({ organizationId, csrfToken, allowedOrigins, timing, eventsCursor, children }: Props) {
  const [state, setState] = useState<"active" | "warning" | "expired">("active");
  const [minutesLeft, setMinutesLeft] = useState<number | null>(null);
  const [canExtend, setCanExtend] = useState(true);
  const pathname = usePathname();
  // Local deadlines (this page's clock), refreshed from every server answer.
  const known = useRef({ at: 0, timing });
  const warned = useRef(false);
  const expired = useRef(false);
  const syncing = useRef<Promise<void> | null>(null);

  const post = useCallback((type: PortalEventType, data: Record<string, unknown> = {}) => {
    if (window.parent === window) return;
    const message = portalEvent(type, organizationId, data);
    for (const target of eventTargets(parentOrigin(), allowedOrigins)) window.parent.postMessage(message, target);
  }, [organizationId, allowedOrigins]);

  // The server's browser events: one request at a time, each from where the last one ended; a pull asked
  // for while one runs happens right after it (the action that asked may have committed meanwhile).
  const cursor = useRef(eventsCursor);
  const pulling = useRef<Promise<void> | null>(null);
  const pullAgain = useRef(false);
  const pullEvents = useCallback((): Promise<void> => {
    if (pulling.current) {
      pullAgain.current = true;
      return pulling.current;
    }
    const run = (async () => {
      do {
        pullAgain.current = false;
        try {
          const res = await fetch(`/portal/events?after=${encodeURIComponent(cursor.current)}`, { cache: "no-store" });
          if (!res.ok) break;
          const body = (await res.json()) as { events: { event_type: PortalEventType; data: Record<string, unknown> }[]; cursor: string };
          for (const e of body.events) post(e.event_type, e.data);
          cursor.current = body.cursor;
        } catch {
          break; // offline for a moment: the next pull starts from the same cursor
        }
      } while (pullAgain.current);
      pulling.current = null;
    })();
    pulling.current = run;
    return run;
  }, [post]);

  useEffect(() => {
    const timer = window.setInterval(() => void pullEvents(), EVENTS_EVERY_MS);
    return () => window.clearInterval(timer);
  }, [pullEvents]);

  /** The timing now, extrapolated from the last server answer. */
  const current = useCallback((): SessionTimingView => {
    const { at, timing: t } = known.current;
    const elapsed = Date.now() - at;
    return { remainingMs: t.remainingMs - elapsed, absoluteRemainingMs: t.absoluteRemainingMs - elapsed, idleTimeoutSec: t.idleTimeoutSec };
  }, []);

  const expire = useCallback(() => {
    if (expired.current) return;
    expired.current = true;
    setState("expired");
    post("PORTAL_SESSION_EXPIRY", { expiry: new Date(Date.now() + Math.min(0, current().remainingMs)).toISOString() });
  }, [post, current]);

  /** Takes the server's answer: warns when due (once), clears a warning the session has outgrown. */
  const apply = useCallback((t: SessionTimingView) => {
    known.current = { at: Date.now(), timing: t };
    if (!warningDue(t)) {
      warned.current = false;
      setState((s) => (s === "warning" ? "active" : s));
      return;
    }
    setMinutesLeft(Math.max(1, Math.ceil(t.remainingMs / 60_000)));
    setCanExtend(endsWhenIdle(t));
    setState((s) => (s === "expired" ? s : "warning"));
    if (!warned.current) {
      warned.current = true;
      post("PORTAL_SESSION_WARNING", { expiry: new Date(Date.now() + t.remainingMs).toISOString() });
    }
  }, [post]);

  const sync = useCallback((activity = false): Promise<void> => {
    if (expired.current) return Promise.resolve();
    if (syncing.current && !activity) return syncing.current;
    const check = async (): Promise<void> => {
      document.documentElement.dataset.portalSessionWatch = "checking";
      try {
        const res = await fetch(`/portal/session${activity ? "?activity=1" : ""}`, { cache: "no-store" });
        const body = (await res.json()) as SessionAnswer;
        if (!body.active) return expire();
        apply({ remainingMs: body.remaining_ms, absoluteRemainingMs: body.absolute_remaining_ms, idleTimeoutSec: body.idle_timeout_sec });
      } catch {
        // Offline for a moment: the next tick asks again.
      } finally {
        // A "Keep working" check may have started while this one ran: the watch is idle only when the
        // latest check is done.
        if (syncing.current === run) {
          syncing.current = null;
          document.documentElement.dataset.portalSessionWatch = "on";
        }
      }
    };
    const run = check();
    syncing.current = run;
    return run;
  }, [apply, expire]);

  // The render's own timing (a full page load); the first tick, right after, acts on it.
  useEffect(() => { known.current = { at: Date.now(), timing }; }, [timing]);

  // Every navigation between tabs is activity the server has recorded: learn the new deadline.
  const firstPath = useRef(pathname);
  useEffect(() => {
    if (pathname === firstPath.current) return;
    firstPath.current = pathname;
    void sync();
  }, [pathname, sync]);

  // CSRF header on same-origin POSTs (server actions); once they finish, the server has seen activity.
  useEffect(() => {
    const original = window.fetch;
    const patched: typeof fetch = (input, init) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      const sameOrigin = new URL(url, window.location.href).origin === window.location.origin;
      const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
      if (sameOrigin && method !== "GET" && method !== "HEAD") {
        const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
        headers.set(CSRF_HEADER, csrfToken);
        const response = original(input, { ...init, headers });
        // The action's events are chained by the time it answers: pull them now.
        void response.then(() => Promise.all([sync(), pullEvents()]), () => {});
        return response;
      }
      return original(input, init);
    };
    window.fetch = patched;
    return () => {
      if (window.fetch === patched) window.fetch = original;
    };
  }, [csrfToken, sync, pullEvents]);

  useEffect(() => {
    if (window.parent === window) return;
    return watchFrameHeight((height) => post("PORTAL_RESIZE", { height }));
  }, [post]);

  useEffect(() => {
    let lastSync = Date.now();
    const tick = () => {
      if (expired.current) return;
      const t = current();
      // Only the server decides that a warning is due or the session is over.
      const due = t.remainingMs <= 0 || (!warned.current && warningDue(t)) || Date.now() - lastSync >= SYNC_EVERY_MS;
      if (!due) return;
      lastSync = Date.now();
      void sync();
    };
    // Says the watch is running and idle ("checking" while it asks the server); end-to-end tests wait for
    // it before moving the page's clock. Set before the first tick, so a check that tick starts keeps
    // its "checking" until it is done.
    document.documentElement.dataset.portalSessionWatch = "on";
    const timer = window.setInterval(tick, TICK_MS);
    tick();
    const onVisible = () => { if (document.visibilityState === "visible") void sync(); };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
      delete document.documentElement.dataset.portalSessionWatch;
    };
  }, [current, sync]);

  if (state === "expired") return <SessionEnded reason="expired" headingLevel={2} />;
  return (
    <>
      {state === "warning" ? (
        <div role="status" className="border-b border-amber-200 bg-amber-50" data-testid="portal-session-warning">
          <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-2 text-sm text-amber-900 sm:px-6">
            <p>
              Your session ends in about {minutesLeft} minute{minutesLeft === 1 ? "" : "s"}.
              {canExtend ? null : " Reopen the portal from your app to continue after that."}
            </p>
            {canExtend ? (
              <button type="button" onClick={() => void sync(true)} className="rounded-md border border-amber-300 bg-white px-3 py-1 font-medium hover:bg-amber-100">
                Keep working
              </button>
            ) : null}
          </div>
        </div>
      ) : null}
      {children}
    </>
  );
}
