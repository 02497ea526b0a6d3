
import { db } from "@/lib/db";
import { onEventsChained } from "@/lib/events/chainer";
import { envelopeOf } from "@/lib/events/query";
import type { WebhookEndpoint } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { OutboundError, safeFetch } from "@/lib/security/outbound";
import {
  AUTO_DISABLE_AFTER_MS, concurrencyPerEndpoint, DELIVERY_TIMEOUT_MS, insecureLocalhostAllowed, LEASE_SEC, POLL_MS, RESPONSE_BODY_LIMIT, retryScheduleSec,
} from "./config";
import { disableFailingEndpoint } from "./endpoints";
import { openSecret, signatureHeader } from "./signing";
import { setDispatcherWake } from "./wake";

// The webhook dispatcher: every instance runs one. Deliveries are rows (webhook_deliveries) made by the
// fan-out in the audit chainer's pass. An instance claims due ones with FOR UPDATE SKIP LOCKED and marks
// them `sending` with a lease (LEASE_SEC), so each attempt is made by exactly one instance; a claim whose
// instance died expires with its lease and is attempted again (nothing is lost: at-least-once, and
// `webhook-id` = the event id lets receivers de-duplicate). Claims are per endpoint, at most
// concurrencyPerEndpoint() in flight each, so a slow endpoint only holds up its own deliveries.
//
// An attempt: POST the envelope, signed (./signing.ts), through the safe outbound client (https, public
// addresses only, checked at connect time against DNS rebinding; 10 s; no redirects). 2xx = delivered;
// anything else is retried on the schedule (./config.ts), then `failed`. An endpoint whose attempts have
// all failed for 5 days is disabled (audited as the system).

interface Claimed { id: bigint; endpoint_id: string; event_id: string; attempts: number }

export class WebhookDispatcher {
  private inFlight = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private pumping = false;
  private again = false;
  private stopped = false;
  private running = new Set<Promise<void>>();
  private unsubscribe: (() => void) | null = null;

  start(): void {
    if (this.timer) return;
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), POLL_MS());
    this.timer.unref();
    this.unsubscribe = onEventsChained(() => this.wake());
    setDispatcherWake(() => this.wake());
    this.wake();
  }

  /** Stops claiming; waits for the attempts in flight (shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    setDispatcherWake(null);
    await Promise.allSettled([...this.running]);
  }

  wake(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    void this.pump().catch((err: unknown) => log.warn({ err }, "webhook dispatcher: claiming deliveries failed; retrying on the next poll")).finally(() => {
      this.pumping = false;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Claims what this instance has room for, endpoint by endpoint, and starts the attempts. */
  private async pump(): Promise<void> {
    const limit = concurrencyPerEndpoint();
    const due = await db.$queryRaw<{ endpoint_id: string }[]>`
      SELECT DISTINCT d.endpoint_id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.status = 'enabled'
      WHERE (d.status = 'pending' AND d.next_attempt_time <= now()) OR (d.status = 'sending' AND d.lease_until < now())
      LIMIT 200`;
    for (const { endpoint_id } of due) {
      const free = limit - (this.inFlight.get(endpoint_id) ?? 0);
      if (free <= 0 || this.stopped) continue;
      const claimed = await db.$queryRaw<Claimed[]>`
        WITH c AS (
          SELECT id FROM webhook_deliveries
          WHERE endpoint_id = ${endpoint_id}
            AND ((status = 'pending' AND next_attempt_time <= now()) OR (status = 'sending' AND lease_until < now()))
          ORDER BY next_attempt_time, id LIMIT ${free} FOR UPDATE SKIP LOCKED)
        UPDATE webhook_deliveries d SET status = 'sending', lease_until = now() + make_interval(secs => ${LEASE_SEC})
        FROM c WHERE d.id = c.id
        RETURNING d.id, d.endpoint_id, d.event_id, d.attempts`;
      if (!claimed.length) continue;
      const endpoint = await db.webhookEndpoint.findUnique({ where: { id: endpoint_id } });
      for (const delivery of claimed) {
        this.inFlight.set(endpoint_id, (this.inFlight.get(endpoint_id) ?? 0) + 1);
        const run = this.attempt(endpoint, delivery)
          .catch((err: unknown) => log.error({ err, deliveryId: delivery.id.toString() }, "webhook attempt could not be recorded; its lease expires and it is retried"))
          .finally(() => {
            this.inFlight.set(endpoint_id, (this.inFlight.get(endpoint_id) ?? 1) - 1);
            this.running.delete(run);
            this.wake();
          });
        this.running.add(run);
      }
    }
  }

  private async attempt(endpoint: WebhookEndpoint | null, delivery: Claimed): Promise<void> {
    if (!endpoint) return; // deleted meanwhile: its deliveries went with it
    const started = Date.now();
    let status: number | null = null;
    let ok = false;
    let error: string | null = null;
    let body: string | null = null;
    try {
      const event = await db.event.findUnique({ where: { id: delivery.event_id } });
      if (!event) throw new Error("the event is gone");
      const payload = JSON.stringify(await envelopeOf(event));
      const secrets = [openSecret(endpoint.id, endpoint.secretEnc)];
      if (endpoint.previousSecretEnc && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > new Date()) {
        secrets.push(openSecret(endpoint.id, endpoint.previousSecretEnc));
      }
      const timestamp = Math.floor(Date.now() / 1000);
      const res = await safeFetch(endpoint.url, {
        method: "POST", body: payload, timeoutMs: DELIVERY_TIMEOUT_MS, maxResponseBytes: RESPONSE_BODY_LIMIT,
        allowInsecureLocalhost: insecureLocalhostAllowed(),
        headers: {
          "content-type": "application/json", "user-agent": "Portico-Webhooks/1",
          "webhook-id": event.id, "webhook-timestamp": String(timestamp), "webhook-signature": signatureHeader(secrets, event.id, timestamp, payload),
        },
      });
      status = res.status;
      ok = res.status >= 200 && res.status < 300;
      body = res.body.toString("utf8");
      if (!ok) error = res.status >= 300 && res.status < 400 ? `redirect (${res.status}) not followed` : `HTTP ${res.status}`;
    } catch (err) {
      error = err instanceof OutboundError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
    }
    await this.record(endpoint, delivery, { status, ok, error, body, latencyMs: Date.now() - started });
  }

  private async record(endpoint: WebhookEndpoint, delivery: Claimed, r: { status: number | null; ok: boolean; error: string | null; body: string | null; latencyMs: number }): Promise<void> {
    const schedule = retryScheduleSec();
    const attempts = delivery.attempts + 1;
    const now = new Date();
    const next = r.ok ? null : attempts >= schedule.length ? null : new Date(now.getTime() + schedule[attempts]! * 1000);
    await db.$transaction(async (tx) => {
      // Only the instance holding the lease records (a lease that expired and was taken over loses).
      const updated = await tx.$executeRaw`
        UPDATE webhook_deliveries SET
          status = ${r.ok ? "succeeded" : next ? "pending" : "failed"}, attempts = ${attempts}, lease_until = NULL,
          next_attempt_time = ${next ?? now}, last_attempt_time = ${now}, last_response_status = ${r.status}, last_error = ${r.error}
        WHERE id = ${delivery.id} AND status = 'sending'`;
      if (!updated) return;
      await tx.webhookAttempt.create({
        data: {
          deliveryId: delivery.id, endpointId: endpoint.id, attemptedAt: now, responseStatus: r.status, ok: r.ok, latencyMs: r.latencyMs,
          error: r.error, responseBody: r.body === null ? null : r.body.replace(/\u0000/g, "").slice(0, RESPONSE_BODY_LIMIT),
        },
      });
      if (r.ok) {
        await tx.$executeRaw`UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ${endpoint.id} AND failing_since IS NOT NULL`;
        return;
      }
      const [row] = await tx.$queryRaw<{ failing_since: Date }[]>`
        UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, ${now}) WHERE id = ${endpoint.id} AND status = 'enabled' RETURNING failing_since`;
      if (row && now.getTime() - row.failing_since.getTime() >= AUTO_DISABLE_AFTER_MS) {
        const current = await tx.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
        await disableFailingEndpoint(tx, current, row.failing_since);
        log.warn({ endpointId: endpoint.id, failingSince: row.failing_since }, "webhook endpoint disabled: every delivery failed for 5 days");
      }
    });
  }
}

// One dispatcher per process (globalThis: see ./wake.ts).
const KEY = Symbol.for("portico.webhooks.dispatcher");
const holder = globalThis as unknown as { [KEY]?: WebhookDispatcher };

export function startWebhookDispatcher(): WebhookDispatcher {
  const dispatcher = (holder[KEY] ??= new WebhookDispatcher());
  dispatcher.start();
  return dispatcher;
}

export async function stopWebhookDispatcher(): Promise<void> {
  await holder[KEY]?.stop();
}

