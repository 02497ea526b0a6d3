"use client";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { eventTargets, portalEvent, SESSION_WARNING_SEC, type PortalEventType } from "@/lib/portal/events";
import { CSRF_HEADER } from "@/lib/portal/csrf-header";
import { onPortalEvent } from "./event-bus";
import { SessionEnded } from "./session-ended";

// The client half of a portal session:
//  - adds the session's CSRF token to the portal's own mutation requests (server actions);
//  - posts browser events to the host page, only to its registered origin (never "*");
//  - watches the session: PORTAL_SESSION_WARNING 5 minutes before it ends, then PORTAL_SESSION_EXPIRY and
//    the "reopen the portal from your app" state once the server confirms it is over.

const CHECK_EVERY_MS = 5_000;

interface Props {
  organizationId: string;
  csrfToken: string;
  allowedOrigins: string[];
  /** Milliseconds until the session ends unless there is activity (server's view at render time). */
  remainingMs: number;
  idleTimeoutSec: number;
  /** Milliseconds until the absolute expiry, which activity does not move. */
  absoluteRemainingMs: number;
  children: ReactNode;
}

function parentOrigin(): string | null {
  const ancestors = window.location.ancestorOrigins;
  return ancestors && ancestors.length > 0 ? ancestors[0]! : null;
}

export function PortalShell({ organizationId, csrfToken, allowedOrigins, remainingMs, idleTimeoutSec, absoluteRemainingMs, children }: Props) {
  const [state, setState] = useState<"active" | "warning" | "expired">("active");
  const [minutesLeft, setMinutesLeft] = useState<number | null>(null);
  /** Whether activity can still push the end back (it cannot past the absolute expiry). */
  const [canExtend, setCanExtend] = useState(true);
  const deadline = useRef(0);
  const absoluteDeadline = useRef(0);
  const warned = useRef(false);
  const checking = useRef(false);

  const post = useCallback((type: PortalEventType, data: Record<string, unknown> = {}) => {
    if (window.parent === window) return;
    const message = portalEvent(type, organizationId, data);
    for (const target of eventTargets(parentOrigin(), allowedOrigins)) window.parent.postMessage(message, target);
  }, [organizationId, allowedOrigins]);

  // Every page render and every portal request counts as activity and pushes the idle deadline.
  const noteActivity = useCallback(() => {
    deadline.current = Math.min(absoluteDeadline.current, Date.now() + idleTimeoutSec * 1000);
  }, [idleTimeoutSec]);

  useEffect(() => {
    absoluteDeadline.current = Date.now() + absoluteRemainingMs;
    deadline.current = Date.now() + remainingMs;
    warned.current = false;
  }, [remainingMs, absoluteRemainingMs]);

  // CSRF header on same-origin POSTs (server actions); those requests are also activity.
  useEffect(() => {
    const original = window.fetch;
    const patched: typeof fetch = (input, init) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      const sameOrigin = new URL(url, window.location.href).origin === window.location.origin;
      const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
      if (sameOrigin && method !== "GET" && method !== "HEAD") {
        const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
        headers.set(CSRF_HEADER, csrfToken);
        noteActivity();
        return original(input, { ...init, headers });
      }
      return original(input, init);
    };
    window.fetch = patched;
    return () => {
      if (window.fetch === patched) window.fetch = original;
    };
  }, [csrfToken, noteActivity]);

  useEffect(() => onPortalEvent(({ type, data }) => post(type, data)), [post]);

  const expire = useCallback(() => {
    setState("expired");
    post("PORTAL_SESSION_EXPIRY", { expiry: new Date(Math.min(deadline.current, Date.now())).toISOString() });
  }, [post]);

  useEffect(() => {
    if (state === "expired") return;
    const tick = async () => {
      const left = deadline.current - Date.now();
      if (left > SESSION_WARNING_SEC * 1000) {
        setState((s) => (s === "warning" ? "active" : s));
      } else if (!warned.current) {
        warned.current = true;
        setMinutesLeft(Math.max(1, Math.ceil(left / 60_000)));
        setCanExtend(deadline.current < absoluteDeadline.current);
        setState("warning");
        post("PORTAL_SESSION_WARNING", { expiry: new Date(deadline.current).toISOString() });
      }
      if (left > 0 || checking.current) return;
      checking.current = true;
      try {
        const res = await fetch("/portal/session", { cache: "no-store" });
        const body = (await res.json()) as { active: boolean; remaining_ms?: number };
        if (!body.active) expire();
        else deadline.current = Date.now() + (body.remaining_ms ?? 0);
      } catch {
        // Offline for a moment: try again on the next tick.
      } finally {
        checking.current = false;
      }
    };
    const timer = window.setInterval(() => void tick(), CHECK_EVERY_MS);
    void tick();
    return () => window.clearInterval(timer);
  }, [state, post, expire]);

  const keepWorking = async () => {
    const res = await fetch("/portal/session?activity=1", { cache: "no-store" });
    const body = (await res.json()) as { active: boolean; remaining_ms?: number };
    if (!body.active) return expire();
    deadline.current = Date.now() + (body.remaining_ms ?? 0);
    warned.current = deadline.current - Date.now() <= SESSION_WARNING_SEC * 1000;
    setState(warned.current ? "warning" : "active");
  };

  if (state === "expired") return <SessionEnded reason="expired" />;
  return (
    <>
      {state === "warning" ? (
        <div role="status" className="border-b border-amber-200 bg-amber-50" data-testid="portal-session-warning">
          <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-2 px-4 py-2 text-sm text-amber-900 sm:px-6">
            <span>Your session ends in about {minutesLeft} minute{minutesLeft === 1 ? "" : "s"}.</span>
            {canExtend ? (
              <button type="button" onClick={() => void keepWorking()} className="rounded-md border border-amber-300 bg-white px-3 py-1 font-medium hover:bg-amber-100">
                Keep working
              </button>
            ) : (
              <span>Reopen the portal from your app to continue after that.</span>
            )}
          </div>
        </div>
      ) : null}
      {children}
    </>
  );
}
