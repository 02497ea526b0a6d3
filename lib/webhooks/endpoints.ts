import ipaddr from "ipaddr.js";
import { authorize, type Principal } from "@/lib/authz";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { db, type Tx } from "@/lib/db";
import { conflict, invalid, notFound } from "@/lib/errors";
import { emit } from "@/lib/events";
import { EVENT_CATALOG, isEventType } from "@/lib/events/catalog";
import { envelopeOf, type EventEnvelope } from "@/lib/events/query";
import type { WebhookEndpoint, WebhookDelivery, WebhookAttempt } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import type { MutationContext } from "@/lib/mutation";
import { checkOutboundUrl, isPublicAddress, OutboundError, privateAddressesAllowed } from "@/lib/security/outbound";
import { assertIdOf } from "@/lib/validation/ids";
import { parsePosition } from "@/lib/validation/position";
import { insecureLocalhostAllowed, PREVIOUS_SECRET_TTL_MS } from "./config";
import { wakeDispatcher } from "./wake";
import {
  type CreateWebhookEndpointInput, type ReplayInput, type UpdateWebhookEndpointInput, type WebhookAttemptView, type WebhookDeliveryStatus,
  type WebhookDeliveryView, type WebhookEndpointStats, type WebhookEndpointView,
} from "./schemas";
import { newWebhookSecret, sealSecret } from "./signing";

// Webhook endpoints: deployment-level (operators in the console, environment-level management clients
// with webhooks:read / webhooks:write). Each write is audited through the catalog in its transaction.
// The signing secret is returned once, at creation and at rotation, and stored encrypted. Input comes
// parsed by the edge with ./schemas.ts; what needs more than the input (the URL's address, known event
// types, existing organizations) is checked here.

export function webhookEndpointView(e: WebhookEndpoint): WebhookEndpointView {
  const previousActive = e.previousSecretExpiresAt && e.previousSecretExpiresAt > new Date() ? e.previousSecretExpiresAt : null;
  return {
    id: e.id, url: e.url, description: e.description, event_types: e.eventTypes, organization_ids: e.organizationIds,
    status: e.status === "disabled" ? "disabled" : "enabled",
    disabled_reason: e.status === "disabled" ? (e.disabledReason === "failing" ? "failing" : "operator") : null,
    disable_time: e.status === "disabled" ? e.disabledAt?.toISOString() ?? null : null,
    previous_secret_expire_time: previousActive?.toISOString() ?? null,
    failing_since: e.failingSince?.toISOString() ?? null,
    created_by: e.createdBy, create_time: e.createdAt.toISOString(), update_time: e.updatedAt.toISOString(),
  };
}

export function deliveryView(d: WebhookDelivery): WebhookDeliveryView {
  return {
    id: d.id.toString(), endpoint_id: d.endpointId, event_id: d.eventId, event_type: d.eventType,
    status: d.status as WebhookDeliveryStatus, trigger: d.trigger as WebhookDeliveryView["trigger"], attempts: d.attempts,
    next_attempt_time: d.status === "pending" ? d.nextAttemptAt.toISOString() : null,
    last_attempt_time: d.lastAttemptAt?.toISOString() ?? null, last_response_status: d.lastStatus, last_error: d.lastError,
    create_time: d.createdAt.toISOString(),
  };
}

function attemptView(a: WebhookAttempt): WebhookAttemptView {
  return {
    id: a.id.toString(), attempt_time: a.attemptedAt.toISOString(), response_status: a.responseStatus, ok: a.ok,
    latency_ms: a.latencyMs, error: a.error, response_body: a.responseBody,
  };
}

/** https (http only for localhost in development), no credentials, and no private address written as an IP. */
function checkEndpointUrl(raw: string): string {
  let url: URL;
  try {
    url = checkOutboundUrl(raw, { allowInsecureLocalhost: insecureLocalhostAllowed() });
  } catch (err) {
    if (err instanceof OutboundError) throw invalid("url", err.message);
    throw err;
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const localhostAllowed = insecureLocalhostAllowed() && ["localhost", "127.0.0.1", "::1"].includes(host);
  if (ipaddr.isValid(host) && !isPublicAddress(host) && !privateAddressesAllowed() && !localhostAllowed) {
    throw invalid("url", "must not point at a private, loopback, link-local or reserved address");
  }
  // (Names are resolved and checked at every delivery, against DNS rebinding: lib/security/outbound.ts.)
  return url.toString();
}

function checkEventTypes(types: string[] | undefined): string[] {
  const unique = [...new Set(types ?? [])];
  const unknown = unique.filter((t) => !isEventType(t) || !EVENT_CATALOG[t].webhook);
  if (unknown.length) throw invalid("event_types", `are not webhook event types: ${unknown.join(", ")} (see GET /api/v1/event_types)`);
  return unique;
}

async function checkOrganizations(tx: Tx, ids: string[] | undefined): Promise<string[]> {
  const unique = [...new Set(ids ?? [])];
  if (!unique.length) return unique;
  const found = new Set((await tx.organization.findMany({ where: { id: { in: unique } }, select: { id: true } })).map((o) => o.id));
  const unknown = unique.filter((id) => !found.has(id));
  if (unknown.length) throw invalid("organization_ids", `names organizations that do not exist: ${unknown.join(", ")}`);
  return unique;
}

const actorName = (ctx: MutationContext) => ctx.actor.label ?? ctx.actor.id ?? ctx.actor.type;

async function lockEndpoint(tx: Tx, id: string): Promise<WebhookEndpoint> {
  assertIdOf("webhook_endpoint", id);
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM webhook_endpoints WHERE id = ${id} FOR UPDATE`;
  if (!rows.length) throw notFound("Webhook endpoint");
  return tx.webhookEndpoint.findUniqueOrThrow({ where: { id } });
}

export async function createWebhookEndpoint(ctx: MutationContext, input: CreateWebhookEndpointInput): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  authorize(ctx.principal, "webhooks:write");
  const url = checkEndpointUrl(input.url);
  const eventTypes = checkEventTypes(input.event_types);
  return db.$transaction(async (tx) => {
    const organizationIds = await checkOrganizations(tx, input.organization_ids);
    const id = newId("whe");
    const secret = newWebhookSecret();
    const row = await tx.webhookEndpoint.create({
      data: { id, url, description: input.description ?? "", eventTypes, organizationIds, secretEnc: sealSecret(id, secret), createdBy: actorName(ctx) },
    });
    const endpoint = webhookEndpointView(row);
    await emit(tx, "webhook_endpoint.created", { organizationId: null, actor: ctx.actor, context: ctx.request, data: endpoint });
    return { endpoint, secret };
  });
}

async function statsFor(ids: string[]): Promise<Map<string, WebhookEndpointStats>> {
  const since = new Date(Date.now() - 24 * 3_600_000);
  const [attempts, pending] = await Promise.all([
    db.$queryRaw<{ endpoint_id: string; total: bigint; ok: bigint }[]>`
      SELECT endpoint_id, count(*) AS total, count(*) FILTER (WHERE ok) AS ok FROM webhook_attempts
      WHERE endpoint_id = ANY(${ids}) AND attempt_time >= ${since} GROUP BY endpoint_id`,
    db.$queryRaw<{ endpoint_id: string; n: bigint }[]>`
      SELECT endpoint_id, count(*) AS n FROM webhook_deliveries WHERE endpoint_id = ANY(${ids}) AND status IN ('pending', 'sending') GROUP BY endpoint_id`,
  ]);
  const out = new Map<string, WebhookEndpointStats>();
  for (const id of ids) out.set(id, { attempts_24h: 0, succeeded_24h: 0, success_rate_24h: null, pending: 0 });
  for (const a of attempts) {
    const s = out.get(a.endpoint_id)!;
    s.attempts_24h = Number(a.total);
    s.succeeded_24h = Number(a.ok);
    s.success_rate_24h = s.attempts_24h ? s.succeeded_24h / s.attempts_24h : null;
  }
  for (const p of pending) out.get(p.endpoint_id)!.pending = Number(p.n);
  return out;
}

export type WebhookEndpointWithStats = WebhookEndpointView & { stats: WebhookEndpointStats };

export async function listWebhookEndpoints(principal: Principal): Promise<WebhookEndpointWithStats[]> {
  authorize(principal, "webhooks:read");
  const rows = await db.webhookEndpoint.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 500 });
  const stats = await statsFor(rows.map((r) => r.id));
  return rows.map((r) => ({ ...webhookEndpointView(r), stats: stats.get(r.id)! }));
}

export async function getWebhookEndpoint(principal: Principal, id: string): Promise<WebhookEndpointWithStats> {
  authorize(principal, "webhooks:read");
  assertIdOf("webhook_endpoint", id);
  const row = await db.webhookEndpoint.findUnique({ where: { id } });
  if (!row) throw notFound("Webhook endpoint");
  return { ...webhookEndpointView(row), stats: (await statsFor([id])).get(id)! };
}

export async function updateWebhookEndpoint(ctx: MutationContext, id: string, patch: UpdateWebhookEndpointInput): Promise<WebhookEndpointView> {
  authorize(ctx.principal, "webhooks:write");
  const url = patch.url !== undefined ? checkEndpointUrl(patch.url) : undefined;
  const eventTypes = patch.event_types !== undefined ? checkEventTypes(patch.event_types) : undefined;
  return db.$transaction(async (tx) => {
    const before = await lockEndpoint(tx, id);
    const organizationIds = patch.organization_ids !== undefined ? await checkOrganizations(tx, patch.organization_ids) : undefined;
    const statusChange = patch.status !== undefined && patch.status !== before.status ? patch.status : null;
    const row = await tx.webhookEndpoint.update({
      where: { id },
      data: {
        ...(url !== undefined ? { url } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(eventTypes !== undefined ? { eventTypes } : {}),
        ...(organizationIds !== undefined ? { organizationIds } : {}),
        ...(statusChange === "disabled" ? { status: "disabled", disabledReason: "operator", disabledAt: new Date() } : {}),
        // Enabling starts the failure clock afresh.
        ...(statusChange === "enabled" ? { status: "enabled", disabledReason: null, disabledAt: null, failingSince: null } : {}),
      },
    });
    const view = webhookEndpointView(row);
    const type = statusChange === "disabled" ? "webhook_endpoint.disabled" : statusChange === "enabled" ? "webhook_endpoint.enabled" : "webhook_endpoint.updated";
    await emit(tx, type, { organizationId: null, actor: ctx.actor, context: ctx.request, data: view, before: webhookEndpointView(before), metadata: statusChange ? { reason: "operator" } : null });
    return view;
  }).finally(() => wakeDispatcher());
}

export async function deleteWebhookEndpoint(ctx: MutationContext, id: string): Promise<void> {
  authorize(ctx.principal, "webhooks:write");
  await db.$transaction(async (tx) => {
    const before = webhookEndpointView(await lockEndpoint(tx, id));
    await tx.webhookEndpoint.delete({ where: { id } });
    await emit(tx, "webhook_endpoint.deleted", { organizationId: null, actor: ctx.actor, context: ctx.request, data: before, before, after: null });
  });
}

/** A new signing secret; the current one keeps signing alongside it for 24 hours (both signatures are sent). */
export async function rotateWebhookSecret(ctx: MutationContext, id: string): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  authorize(ctx.principal, "webhooks:write");
  return db.$transaction(async (tx) => {
    const before = await lockEndpoint(tx, id);
    const secret = newWebhookSecret();
    const expires = new Date(Date.now() + PREVIOUS_SECRET_TTL_MS);
    const row = await tx.webhookEndpoint.update({
      where: { id }, data: { secretEnc: sealSecret(id, secret), previousSecretEnc: before.secretEnc, previousSecretExpiresAt: expires },
    });
    const endpoint = webhookEndpointView(row);
    await emit(tx, "webhook_endpoint.secret_rotated", {
      organizationId: null, actor: ctx.actor, context: ctx.request, data: endpoint, after: null, metadata: { previous_secret_expire_time: expires.toISOString() },
    });
    return { endpoint, secret };
  });
}

export const TEST_EVENT_TYPE = "webhook_endpoint.test";

/** Queues a test event for this endpoint only (never listed by the events API). Works on a disabled endpoint's log too: it is sent once enabled. */
export async function sendTestEvent(ctx: MutationContext, id: string): Promise<WebhookDeliveryView> {
  authorize(ctx.principal, "webhooks:write");
  const delivery = await db.$transaction(async (tx) => {
    const endpoint = webhookEndpointView(await lockEndpoint(tx, id));
    const eventId = newId("evt");
    await tx.event.create({
      data: {
        id: eventId, position: null, type: TEST_EVENT_TYPE, occurredAt: new Date(), organizationId: null, webhook: false,
        data: { endpoint_id: id, message: "A test event from Portico. Verify its signature, answer 2xx, and you are set." },
      },
    });
    const row = await tx.webhookDelivery.create({ data: { endpointId: id, eventId, eventType: TEST_EVENT_TYPE, trigger: "test" } });
    await emit(tx, "webhook_endpoint.test_sent", { organizationId: null, actor: ctx.actor, context: ctx.request, data: endpoint, after: null, metadata: { event_id: eventId } });
    return row;
  });
  wakeDispatcher();
  return deliveryView(delivery);
}

/** Queues one event again (a new delivery, same webhook-id, so receivers that de-duplicate see it once). */
export async function resendDelivery(ctx: MutationContext, endpointId: string, deliveryId: string): Promise<WebhookDeliveryView> {
  authorize(ctx.principal, "webhooks:write");
  const delivery = await db.$transaction(async (tx) => {
    const endpoint = webhookEndpointView(await lockEndpoint(tx, endpointId));
    const position = parsePosition(deliveryId);
    const original = position === null ? null : await tx.webhookDelivery.findFirst({ where: { id: position, endpointId } });
    if (!original) throw notFound("Delivery");
    // Its event may be past retention (lib/events/retention.ts): a delivery without one could never be sent.
    if (!(await tx.event.findUnique({ where: { id: original.eventId }, select: { id: true } }))) {
      throw conflict("This delivery's event is no longer stored (events are kept for EVENT_RETENTION_DAYS), so it cannot be sent again", "delivery_id");
    }
    const row = await tx.webhookDelivery.create({ data: { endpointId, eventId: original.eventId, eventType: original.eventType, trigger: "resend" } });
    await emit(tx, "webhook_delivery.resent", {
      organizationId: null, actor: ctx.actor, context: ctx.request, data: endpoint, after: null, metadata: { event_id: original.eventId, delivery_id: deliveryId },
    });
    return row;
  });
  wakeDispatcher();
  return deliveryView(delivery);
}

/** Queues every matching webhook event since `since` again for this endpoint (after a receiver outage). */
export async function replayEvents(ctx: MutationContext, endpointId: string, { since }: ReplayInput): Promise<{ queued: number }> {
  authorize(ctx.principal, "webhooks:write");
  const from = since;
  if (from > new Date()) throw invalid("since", "must not be in the future");
  const queued = await db.$transaction(async (tx) => {
    const e = await lockEndpoint(tx, endpointId);
    const types = e.eventTypes.length ? e.eventTypes : null;
    const orgs = e.organizationIds.length ? e.organizationIds : null;
    const count = await tx.$executeRaw`
      INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, trigger)
      SELECT ${endpointId}, id, type, 'replay' FROM events
      WHERE webhook AND position IS NOT NULL AND occurred_at >= ${from}
        AND (${types}::text[] IS NULL OR type = ANY(${types}::text[]))
        AND (${orgs}::text[] IS NULL OR organization_id = ANY(${orgs}::text[]))
      ORDER BY position`;
    await emit(tx, "webhook_endpoint.replayed", {
      organizationId: null, actor: ctx.actor, context: ctx.request, data: webhookEndpointView(e), after: null, metadata: { since: from.toISOString(), queued: count },
    });
    return count;
  }, { timeout: 60_000 });
  wakeDispatcher();
  return { queued };
}

export interface DeliveryFilter { status?: WebhookDeliveryStatus | null; type?: string | null; cursor?: string | null; limit?: number }

export async function listDeliveries(principal: Principal, endpointId: string, f: DeliveryFilter = {}): Promise<{ deliveries: (WebhookDeliveryView & { last_latency_ms: number | null })[]; next_cursor: string | null }> {
  authorize(principal, "webhooks:read");
  assertIdOf("webhook_endpoint", endpointId);
  if (!(await db.webhookEndpoint.findUnique({ where: { id: endpointId }, select: { id: true } }))) throw notFound("Webhook endpoint");
  const cursor = f.cursor ? parsePosition(f.cursor) : null;
  if (f.cursor && cursor === null) throw invalid("cursor", "is not a cursor this API returned");
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
  const rows = await db.webhookDelivery.findMany({
    where: {
      endpointId, ...(f.status ? { status: f.status } : {}), ...(f.type ? { eventType: f.type } : {}),
      ...(cursor !== null ? { id: { lt: cursor } } : {}),
    },
    orderBy: { id: "desc" }, take: limit + 1,
  });
  const page = rows.slice(0, limit);
  // Each delivery's latest attempt's latency, for the log's list.
  const latest = await db.webhookAttempt.findMany({
    where: { deliveryId: { in: page.map((d) => d.id) } }, orderBy: [{ deliveryId: "asc" }, { id: "desc" }], distinct: ["deliveryId"], select: { deliveryId: true, latencyMs: true },
  });
  const latency = new Map(latest.map((a) => [a.deliveryId.toString(), a.latencyMs]));
  return {
    deliveries: page.map((d) => ({ ...deliveryView(d), last_latency_ms: latency.get(d.id.toString()) ?? null })),
    next_cursor: rows.length > limit ? page.at(-1)!.id.toString() : null,
  };
}

export async function getDelivery(principal: Principal, endpointId: string, deliveryId: string): Promise<WebhookDeliveryView & { attempt_log: WebhookAttemptView[]; payload: EventEnvelope | null }> {
  authorize(principal, "webhooks:read");
  const position = parsePosition(deliveryId);
  const d = position === null ? null : await db.webhookDelivery.findFirst({ where: { id: position, endpointId }, include: { attemptLog: { orderBy: { id: "asc" } } } });
  if (!d) throw notFound("Delivery");
  const event = await db.event.findUnique({ where: { id: d.eventId } });
  return { ...deliveryView(d), attempt_log: d.attemptLog.map(attemptView), payload: event ? await envelopeOf(event) : null };
}

/** The dispatcher's auto-disable (in its transaction): audited as the system. */
export async function disableFailingEndpoint(tx: Tx, endpoint: WebhookEndpoint, failingSince: Date): Promise<void> {
  const row = await tx.webhookEndpoint.update({ where: { id: endpoint.id }, data: { status: "disabled", disabledReason: "failing", disabledAt: new Date() } });
  await emit(tx, "webhook_endpoint.disabled", {
    organizationId: null, actor: SYSTEM_ACTOR, data: webhookEndpointView(row), before: webhookEndpointView(endpoint),
    metadata: { reason: "failing", failing_since: failingSince.toISOString() },
  });
}
