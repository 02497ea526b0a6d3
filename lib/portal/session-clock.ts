import { SESSION_WARNING_SEC } from "./events";

// When the portal warns that its session is about to end. Pure and safe for client components: the client
// shell (components/portal/portal-shell.tsx) applies it to the timing the server reports (the portal
// layout and GET /portal/session send the numbers; the server does not decide on the warning itself).

/** A session's time left, as the server sees it (GET /portal/session). */
export interface SessionTimingView {
  /** Until the session ends unless there is activity: the idle deadline or the absolute expiry, whichever is first. */
  remainingMs: number;
  /** Until the absolute expiry, which activity does not move. */
  absoluteRemainingMs: number;
  idleTimeoutSec: number;
}

/** Whether activity can still push the end back (it cannot past the absolute expiry). */
export function endsWhenIdle(t: SessionTimingView): boolean {
  return t.remainingMs < t.absoluteRemainingMs;
}

/**
 * How long before the end the warning comes: 5 minutes (PORTAL_SESSION_WARNING). When the end is an idle
 * deadline shorter than twice that, half the idle timeout instead, so a short idle timeout does not put
 * every page inside the warning window from the moment it loads.
 */
export function warningLeadMs(t: SessionTimingView): number {
  const full = SESSION_WARNING_SEC * 1000;
  return endsWhenIdle(t) ? Math.min(full, (t.idleTimeoutSec * 1000) / 2) : full;
}

export function warningDue(t: SessionTimingView): boolean {
  return t.remainingMs <= warningLeadMs(t);
}
