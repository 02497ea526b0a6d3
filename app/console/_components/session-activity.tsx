"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

// Keeps the console session's idle clock honest: while the operator is active (clicks, keys, returning
// to the tab) it refreshes the session at most once a minute; when the session has ended (idle or
// absolute timeout, signed out everywhere, removed) it goes to the sign-in page.
const REFRESH_EVERY_MS = 60_000;

export function SessionActivity() {
  const router = useRouter();
  useEffect(() => {
    let last = 0;
    let inFlight = false;
    async function refresh() {
      if (inFlight || Date.now() - last < REFRESH_EVERY_MS) return;
      inFlight = true;
      last = Date.now();
      try {
        const res = await fetch("/api/auth/session", { cache: "no-store", credentials: "same-origin" });
        const body = (await res.json().catch(() => ({}))) as { operator?: unknown };
        if (res.ok && !body.operator) router.replace(`/console/sign-in?ended=1&callbackUrl=${encodeURIComponent(window.location.pathname)}`);
      } catch {
        // offline: try again on the next activity
      } finally {
        inFlight = false;
      }
    }
    const onVisible = () => { if (document.visibilityState === "visible") void refresh(); };
    window.addEventListener("pointerdown", refresh);
    window.addEventListener("keydown", refresh);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      window.removeEventListener("pointerdown", refresh);
      window.removeEventListener("keydown", refresh);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [router]);
  return null;
}
