// Display helpers for the service-principal screens.

export function describeLifetime(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return "";
  if (seconds % 3600 === 0) { const h = seconds / 3600; return `${h} hour${h === 1 ? "" : "s"}`; }
  if (seconds % 60 === 0) { const m = seconds / 60; return `${m} minute${m === 1 ? "" : "s"}`; }
  return `${seconds} seconds`;
}

const rtf = typeof Intl !== "undefined" ? new Intl.RelativeTimeFormat("en", { numeric: "auto" }) : null;

/** "3 minutes ago", "yesterday". */
export function relativeTime(iso: string, now = Date.now()): string {
  const diff = (new Date(iso).getTime() - now) / 1000;
  const abs = Math.abs(diff);
  const [value, unit]: [number, Intl.RelativeTimeFormatUnit] =
    abs < 60 ? [Math.round(diff), "second"]
      : abs < 3600 ? [Math.round(diff / 60), "minute"]
        : abs < 86_400 ? [Math.round(diff / 3600), "hour"]
          : abs < 30 * 86_400 ? [Math.round(diff / 86_400), "day"]
            : [Math.round(diff / (30 * 86_400)), "month"];
  if (abs < 10) return "just now";
  return rtf ? rtf.format(value, unit) : new Date(iso).toLocaleString();
}

export function shortDate(iso: string): string {
  return new Date(iso).toLocaleDateString("en", { year: "numeric", month: "short", day: "numeric" });
}

/** Single-quotes a value for a POSIX shell. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
