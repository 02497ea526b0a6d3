// How Portico writes times and durations, everywhere (console, portal, error messages, the token
// debugger). Pure and client-safe.
//
// Dates: relative ("3 minutes ago", "in 6 days") within a month, the day ("22 Nov 2026") beyond, and the
// full date, time and time zone on hover (components/ui/time.tsx). Text that must stand alone (messages,
// exports) uses the full form in UTC. Never a raw ISO string, never 11/22/2026.
// Durations: always with their units ("1 hour 30 minutes"), never a bare number of seconds or minutes.

const UNITS: [number, string][] = [[86_400, "day"], [3600, "hour"], [60, "minute"], [1, "second"]];

/** 90 → "1 minute 30 seconds", 21600 → "6 hours", 86400 → "1 day": the two largest units. */
export function formatDuration(totalSec: number): string {
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(totalSec));
  for (const [size, name] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n) parts.push(`${n} ${name}${n === 1 ? "" : "s"}`);
  }
  return parts.slice(0, 2).join(" ") || "0 seconds";
}

/** Rounded to one unit, for "expired 10 minutes ago": 3600 → "1 hour", 5400 → "2 hours", 200_000 → "2 days". */
export function formatDurationRounded(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  if (s < 90) return `${s} second${s === 1 ? "" : "s"}`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} minute${m === 1 ? "" : "s"}`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} hour${h === 1 ? "" : "s"}`;
  const d = Math.round(h / 24);
  return `${d} day${d === 1 ? "" : "s"}`;
}

const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const day = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const fullUtc = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

const toDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));

/** "just now", "3 minutes ago", "in 2 hours", "yesterday"; beyond a month the day, "22 Nov 2026" (the day in UTC). */
export function formatRelative(value: string | Date, now = Date.now()): string {
  const date = toDate(value);
  const diff = (date.getTime() - now) / 1000;
  const abs = Math.abs(diff);
  // Within a minute either way, it reads as now (clocks and the minute the screen last updated differ by that much).
  if (abs < 60) return diff > 15 ? "in under a minute" : "just now";
  if (abs < 3600) return rtf.format(Math.round(diff / 60), "minute");
  if (abs < 86_400) return rtf.format(Math.round(diff / 3600), "hour");
  if (abs < 30 * 86_400) return rtf.format(Math.round(diff / 86_400), "day");
  return day.format(date);
}

/** "22 Nov 2026": a calendar day (UTC), where the day is what counts (chart axes, a secret's end). */
export function formatDay(value: string | Date): string {
  return day.format(toDate(value));
}

/** "22 Nov 2026, 09:15 UTC": for text that stands alone (messages, the token debugger, exports). */
export function formatDateTimeUtc(value: string | Date): string {
  return `${fullUtc.format(toDate(value))} UTC`;
}

/** "Sunday 22 November 2026, 10:15:02 CET": the hover text, in the viewer's own time zone. */
export function formatFullDateTime(value: string | Date, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short", timeZone,
  }).format(toDate(value));
}
