import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui";
import { PageHeader, ReadOnlyNotice } from "@/app/console/_components/page-header";
import { can } from "@/lib/authz";
import { eventTypes } from "@/lib/events/query";
import { requireOperatorPage } from "@/lib/operators/guard";
import { listWebhookEndpoints } from "@/lib/webhooks/endpoints";
import { statusLabel, successRate } from "./format";
import { AddEndpointButton } from "./webhook-controls";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const operator = await requireOperatorPage("webhooks:read");
  const endpoints = await listWebhookEndpoints(operator);
  const canWrite = can(operator, "webhooks:write");
  const types = eventTypes().filter((t) => t.webhook).map((t) => ({ type: t.type, label: t.label }));
  return (
    <div>
      <PageHeader
        title="Webhooks"
        description="Your app's endpoints that receive signed events (Standard Webhooks) when something changes in an organization."
        actions={canWrite ? <AddEndpointButton eventTypes={types} /> : null}
      />
      {canWrite ? null : <ReadOnlyNotice />}
      {endpoints.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-10 text-center">
          <p className="font-medium text-slate-900">No webhook endpoints yet</p>
          <p className="mt-1 text-sm text-slate-600">Add your app&apos;s HTTPS URL to receive events such as organization.service_principal.created.</p>
        </div>
      ) : (
        <ul className="flex flex-col gap-3" aria-label="Webhook endpoints">
          {endpoints.map((e) => {
            const status = statusLabel(e);
            return (
              <li key={e.id} data-testid="webhook-endpoint" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div className="min-w-0 flex-1">
                    <Link href={`/console/webhooks/${e.id}`} className="block break-all font-mono text-sm font-medium text-slate-900 underline-offset-2 hover:underline">{e.url}</Link>
                    {e.description ? <p className="mt-0.5 text-sm text-slate-600">{e.description}</p> : null}
                  </div>
                  <Badge tone={status.tone}>{status.text}</Badge>
                </div>
                <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-4">
                  <div><dt className="text-slate-500">Events</dt><dd className="text-slate-800">{e.event_types.length ? `${e.event_types.length} chosen` : "All"}</dd></div>
                  <div><dt className="text-slate-500">Organizations</dt><dd className="text-slate-800">{e.organization_ids.length ? `${e.organization_ids.length} chosen` : "All"}</dd></div>
                  <div><dt className="text-slate-500">Success (24 h)</dt><dd className="text-slate-800" data-testid="success-rate">{successRate(e.stats.success_rate_24h)}{e.stats.attempts_24h ? <span className="text-slate-500"> of {e.stats.attempts_24h}</span> : null}</dd></div>
                  <div><dt className="text-slate-500">Waiting</dt><dd className="text-slate-800">{e.stats.pending}</dd></div>
                </dl>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
