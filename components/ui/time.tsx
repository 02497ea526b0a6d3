"use client";
import { useSyncExternalStore } from "react";
import { formatFullDateTime, formatRelative } from "@/lib/format";

// The one way a date appears on screen: relative ("3 minutes ago", "in 6 days"; the day beyond a month)
// with the full date, time and time zone on hover (the <time> element's title; datetime for machines).
// The text follows the clock through one shared tick a minute, so "just now" does not stay forever.

const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void) {
  listeners.add(listener);
  timer ??= setInterval(() => { for (const l of listeners) l(); }, 30_000);
  return () => {
    listeners.delete(listener);
    if (!listeners.size && timer) { clearInterval(timer); timer = null; }
  };
}

const neverChanges = () => () => {};

/** The end of the current minute: the same on the server and during hydration, and steady within a minute. */
const currentMinute = () => Math.ceil(Date.now() / 60_000) * 60_000;

export function Time({ value, className }: { value: string | Date | null | undefined; className?: string }) {
  const now = useSyncExternalStore(subscribe, currentMinute, currentMinute);
  // The hover text is in the viewer's time zone, which only the browser knows: UTC in the server's render
  // (and during hydration), the viewer's own right after.
  const zone = useSyncExternalStore(neverChanges, () => undefined, () => "UTC");
  if (!value) return <span className={className}>—</span>;
  const iso = value instanceof Date ? value.toISOString() : value;
  return (
    <time dateTime={iso} title={formatFullDateTime(iso, zone)} className={className} suppressHydrationWarning>
      {formatRelative(iso, now)}
    </time>
  );
}
