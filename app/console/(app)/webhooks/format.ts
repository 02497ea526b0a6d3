import type { WebhookEndpointView } from "@/lib/webhooks/schemas";

/** "99.5 %", or "—" without attempts in the last 24 hours. */
export function successRate(rate: number | null): string {
  if (rate === null) return "—";
  const pct = rate * 100;
  return `${pct === 100 || pct === 0 ? pct.toFixed(0) : pct.toFixed(1)} %`;
}

export function statusLabel(e: Pick<WebhookEndpointView, "status" | "disabled_reason">): { text: string; tone: "success" | "neutral" | "danger" } {
  if (e.status === "enabled") return { text: "Enabled", tone: "success" };
  return e.disabled_reason === "failing" ? { text: "Disabled: failing for 5 days", tone: "danger" } : { text: "Disabled", tone: "neutral" };
}
