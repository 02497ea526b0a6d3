const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const date = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** "22 Nov 2026, 00:15 UTC": console times are shown in UTC so operators in different places agree. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return "—";
  return `${dateTime.format(new Date(value))} UTC`;
}

export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return "—";
  return date.format(new Date(value));
}
