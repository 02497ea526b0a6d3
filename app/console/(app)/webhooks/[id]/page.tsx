import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge, Time } from "@/components/ui";
import { PageHeader, ReadOnlyNotice } from "@/app/console/_components/page-header";
import { can } from "@/lib/authz";
import { DomainError, parseInput } from "@/lib/errors";
import { eventTypes } from "@/lib/events/query";
import { deliveriesQuerySchema } from "@/lib/management/schemas";
import { requireOperatorPage } from "@/lib/operators/guard";
import { getDelivery, getWebhookEndpoint, listDeliveries } from "@/lib/webhooks/endpoints";
import { WEBHOOK_DELIVERY_STATUSES, type WebhookDeliveryStatus } from "@/lib/webhooks/schemas";
import { statusLabel, successRate } from "../format";
import { EndpointActions, ReplayForm, ResendButton } from "../webhook-controls";

export const metadata: Metadata = { title: "Webhook endpoint" };

type Params = Record<string, string | string[] | undefined>;

const STATUS_TONE: Record<WebhookDeliveryStatus, "success" | "warning" | "danger" | "neutral"> = { succeeded: "success", pending: "warning", sending: "neutral", failed: "danger" };
const STATUS_TEXT: Record<WebhookDeliveryStatus, string> = { succeeded: "Delivered", pending: "Retrying", sending: "Sending", failed: "Failed" };
const SELECT = "mt-1 block min-h-10 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm";
const FILTER_LABEL: Record<string, string> = { status: "Status", type: "Event type", cursor: "Page" };

export default async function WebhookEndpointPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Params> }) {
  const operator = await requireOperatorPage("webhooks:read");
  const { id } = await params;
  const raw = await searchParams;
  const str = (k: string) => (typeof raw[k] === "string" && raw[k] ? (raw[k] as string) : undefined);
  const status = WEBHOOK_DELIVERY_STATUSES.find((s) => s === str("status")) ?? null;
  const type = str("type") ?? null;
  const cursor = str("cursor") ?? null;
  let endpoint;
  try {
    endpoint = await getWebhookEndpoint(operator, id);
  } catch (err) {
    if (err instanceof DomainError && err.code === "not_found") notFound();
    throw err;
  }
  const canWrite = can(operator, "webhooks:write");
  // The filters are the delivery log API's (the same schema): one that cannot be a query is named, not a failure.
  let page: Awaited<ReturnType<typeof listDeliveries>> = { deliveries: [], next_cursor: null };
  let error: DomainError | null = null;
  try {
    const filter = parseInput(deliveriesQuerySchema, { type: type ?? undefined, cursor: cursor ?? undefined });
    page = await listDeliveries(operator, id, { status, type: filter.type, cursor: filter.cursor, limit: 50 });
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    error = err;
  }
  const openId = str("delivery");
  const open = openId ? await getDelivery(operator, id, openId).catch(() => null) : null;
  const types = eventTypes().filter((t) => t.webhook);
  const label = statusLabel(endpoint);
  const href = (extra: Record<string, string | undefined>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ status: status ?? undefined, type: type ?? undefined, ...extra })) if (v) p.set(k, v);
    const s = p.toString();
    return `/console/webhooks/${id}${s ? `?${s}` : ""}`;
  };

  return (
    <div>
      <PageHeader
        back={<Link href="/console/webhooks" className="text-slate-600 underline-offset-2 hover:underline">← Webhooks</Link>}
        title={<span className="break-all font-mono text-xl">{endpoint.url}</span>}
        description={endpoint.description || undefined}
      />
      {canWrite ? null : <ReadOnlyNotice />}
      <section aria-label="Endpoint" className="mb-6 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone={label.tone}>{label.text}</Badge>
          {endpoint.disabled_reason === "failing" ? <span className="text-sm text-red-700">Disabled after every delivery failed for 5 days (first failure <Time value={endpoint.failing_since} />). Fix the endpoint, then enable it.</span> : null}
          {endpoint.status === "enabled" && endpoint.failing_since ? <span className="text-sm text-amber-800">Failing since <Time value={endpoint.failing_since} /></span> : null}
        </div>
        <dl className="mt-3 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
          <div><dt className="text-slate-500">Endpoint ID</dt><dd className="break-all font-mono text-slate-800">{endpoint.id}</dd></div>
          <div><dt className="text-slate-500">Success (24 h)</dt><dd className="text-slate-800">{successRate(endpoint.stats.success_rate_24h)} <span className="text-slate-500">({endpoint.stats.succeeded_24h} of {endpoint.stats.attempts_24h} attempts)</span></dd></div>
          <div><dt className="text-slate-500">Events</dt><dd className="break-words font-mono text-xs leading-5 text-slate-800">{endpoint.event_types.length ? endpoint.event_types.join(", ") : <span className="font-sans text-sm">All event types</span>}</dd></div>
          <div><dt className="text-slate-500">Organizations</dt><dd className="break-all text-slate-800">{endpoint.organization_ids.length ? endpoint.organization_ids.join(", ") : "All organizations"}</dd></div>
          {endpoint.previous_secret_expire_time ? <div className="sm:col-span-2"><dt className="text-slate-500">Previous secret</dt><dd className="text-slate-800">signs alongside the new one; stops <Time value={endpoint.previous_secret_expire_time} /></dd></div> : null}
        </dl>
        {canWrite ? <div className="mt-4 flex flex-col gap-4 border-t border-slate-200 pt-4"><EndpointActions endpoint={endpoint} /><ReplayForm endpointId={endpoint.id} /></div> : null}
      </section>

      {open ? (
        <section aria-labelledby="delivery-title" className="mb-6 rounded-lg border border-slate-300 bg-white p-4 shadow-sm" data-testid="delivery-detail">
          <div className="flex flex-wrap items-start justify-between gap-2">
            <h2 id="delivery-title" className="text-base font-semibold text-slate-900">Delivery of <span className="break-all font-mono">{open.event_type}</span></h2>
            <div className="flex items-center gap-2">
              {canWrite ? <ResendButton endpointId={id} deliveryId={open.id} /> : null}
              <Link href={href({ cursor: str("cursor") })} scroll={false} className="text-sm text-slate-600 underline">Close</Link>
            </div>
          </div>
          <p className="mt-1 text-sm text-slate-600">webhook-id <code className="break-all">{open.event_id}</code> · {STATUS_TEXT[open.status]}{open.next_attempt_time && open.status === "pending" ? <> · next attempt <Time value={open.next_attempt_time} /></> : null}</p>
          <h3 className="mt-4 text-sm font-semibold text-slate-900">Attempts</h3>
          {open.attempt_log.length === 0 ? <p className="text-sm text-slate-600">Not attempted yet.</p> : (
            <ol className="mt-2 flex flex-col gap-2">
              {open.attempt_log.map((a) => (
                <li key={a.id} className="rounded-md border border-slate-200 p-3 text-sm">
                  <p className="flex flex-wrap gap-x-3 text-slate-700">
                    <Time value={a.attempt_time} />
                    <span className={a.ok ? "text-emerald-700" : "text-red-700"}>{a.response_status ? `HTTP ${a.response_status}` : "no answer"}</span>
                    <span>{a.latency_ms} ms</span>
                  </p>
                  {a.error ? <p className="mt-1 break-words text-red-700">{a.error}</p> : null}
                  {a.response_body ? <pre className="mt-2 max-h-40 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-2 text-xs text-slate-800">{a.response_body}</pre> : null}
                </li>
              ))}
            </ol>
          )}
          <h3 className="mt-4 text-sm font-semibold text-slate-900">Payload</h3>
          <pre data-testid="delivery-payload" className="mt-2 max-h-96 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-3 text-xs text-slate-800">{open.payload ? JSON.stringify(open.payload, null, 2) : "The event is no longer stored."}</pre>
        </section>
      ) : null}
      <section aria-labelledby="log">
        <h2 id="log" className="text-base font-semibold text-slate-900">Delivery log</h2>
        <form className="mt-2 grid gap-3 sm:grid-cols-3" method="get">
          <div>
            <label htmlFor="f-status" className="block text-sm font-medium text-slate-700">Status</label>
            <select id="f-status" name="status" defaultValue={status ?? ""} className={SELECT}>
              <option value="">Any</option>
              {WEBHOOK_DELIVERY_STATUSES.map((s) => <option key={s} value={s}>{STATUS_TEXT[s]}</option>)}
            </select>
          </div>
          <div>
            <label htmlFor="f-type" className="block text-sm font-medium text-slate-700">Event type</label>
            <select id="f-type" name="type" defaultValue={type ?? ""} className={SELECT}>
              <option value="">Any</option>
              <option value="webhook_endpoint.test">Test events</option>
              {types.map((t) => <option key={t.type} value={t.type}>{t.type}</option>)}
            </select>
          </div>
          <div className="flex items-end gap-2">
            <button type="submit" className="min-h-10 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium shadow-sm hover:bg-slate-50">Filter</button>
            {status || type ? <Link href={`/console/webhooks/${id}`} className="min-h-10 px-2 py-2 text-sm text-slate-600 underline">Clear</Link> : null}
          </div>
        </form>
        {error ? (
          <p role="alert" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {error.fields[0] ? `${FILTER_LABEL[error.fields[0].field] ?? error.fields[0].field}: ${error.fields[0].message}` : error.message}
          </p>
        ) : page.deliveries.length === 0 ? (
          <p className="mt-4 rounded-md border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">
            {status || type ? "No deliveries match these filters." : "No deliveries yet. Send a test event to try the endpoint."}
          </p>
        ) : (
          <ul className="mt-4 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" aria-label="Deliveries">
            {page.deliveries.map((d) => (
              <li key={d.id} data-testid="webhook-delivery" className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3 text-sm">
                <Badge tone={STATUS_TONE[d.status]}>{STATUS_TEXT[d.status]}</Badge>
                <Link href={href({ delivery: d.id, cursor: str("cursor") })} scroll={false} className="min-w-0 break-all font-mono text-slate-900 underline-offset-2 hover:underline">{d.event_type}</Link>
                <Time value={d.last_attempt_time ?? d.create_time} className="text-slate-600" />
                <span className="text-slate-600">{d.last_response_status ? `HTTP ${d.last_response_status}` : d.attempts ? "no answer" : "not sent yet"}</span>
                <span className="text-slate-600">{d.last_latency_ms !== null ? `${d.last_latency_ms} ms` : ""}</span>
                <span className="text-slate-600">{d.attempts} attempt{d.attempts === 1 ? "" : "s"}{d.trigger !== "event" ? ` · ${d.trigger}` : ""}</span>
                {d.last_error && d.status !== "succeeded" ? <span className="w-full break-words text-red-700">{d.last_error}</span> : null}
              </li>
            ))}
          </ul>
        )}
        {page.next_cursor ? <p className="mt-3 text-sm"><Link href={href({ cursor: page.next_cursor })} className="underline">Older deliveries</Link></p> : null}
      </section>

    </div>
  );
}
