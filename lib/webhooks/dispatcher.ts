
import http from "node:http";
import https from "node:https";
import { db } from "@/lib/db";
import { onEventsChained } from "@/lib/events/chainer";
import { environmentId } from "@/lib/events/environment";
import { objectOf } from "@/lib/events/query";
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

interface Claimed {
  id: bigint; endpoint_id: string; event_id: string; attempts: number;
  type: string; occurred_at: Date; organization_id: string | null; data: unknown;
  /** The endpoint row's update_time when claimed: whether the cached secrets are still its. */
  endpoint_updated: Date;
}

interface Outcome { delivery: Claimed; endpoint: WebhookEndpoint; status: number | null; ok: boolean; error: string | null; body: string | null; latencyMs: number; at: Date }

export class WebhookDispatcher {
  private inFlight = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private pumping = false;
  private again = false;
  private stopped = false;
  private running = new Set<Promise<void>>();
  private unsubscribe: (() => void) | null = null;
  /** Outcomes waiting to be recorded: written in batches (one transaction for many attempts). */
  private outcomes: Outcome[] = [];
  private recording: Promise<void> | null = null;
  private agents = new Map<string, http.Agent>();

  start(): void {
    if (this.timer) return;
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), POLL_MS());
    this.timer.unref();
    this.unsubscribe = onEventsChained(() => this.wake());
    setDispatcherWake(() => this.wake());
    this.wake();
  }

  /** Stops claiming; waits for the attempts in flight and records them (shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    setDispatcherWake(null);
    await Promise.allSettled([...this.running]);
    await this.flushOutcomes();
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
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
      SELECT e.id AS endpoint_id FROM webhook_endpoints e
      WHERE e.status = 'enabled' AND EXISTS (
        SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = e.id
          AND ((d.status = 'pending' AND d.next_attempt_time <= now()) OR (d.status = 'sending' AND d.lease_until < now())))`;
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
        FROM c, events ev, webhook_endpoints we WHERE d.id = c.id AND ev.id = d.event_id AND we.id = d.endpoint_id
        RETURNING d.id, d.endpoint_id, d.event_id, d.attempts, ev.type, ev.occurred_at, ev.organization_id, ev.data, we.update_time AS endpoint_updated`;
      if (!claimed.length) continue;
      const signer = await this.signerFor(endpoint_id, claimed[0]!.endpoint_updated);
      if (!signer) continue;
      const { endpoint, secrets } = signer;
      const environment = await environmentId();
      for (const delivery of claimed) {
        this.inFlight.set(endpoint_id, (this.inFlight.get(endpoint_id) ?? 0) + 1);
        const run = this.attempt(endpoint, secrets, environment, delivery)
          .then((outcome) => this.queueOutcome(outcome))
          .catch((err: unknown) => log.error({ err, deliveryId: delivery.id.toString() }, "webhook attempt failed unexpectedly; its lease expires and it is retried"))
          .finally(() => {
            this.inFlight.set(endpoint_id, (this.inFlight.get(endpoint_id) ?? 1) - 1);
            this.running.delete(run);
            this.wake();
          });
        this.running.add(run);
      }
    }
  }

  /**
   * Endpoint rows with their decrypted secrets, kept while the row's update_time (which every change,
   * a rotation included, moves) is the one the latest claim saw. Which secrets sign is decided at use:
   * the previous one only until its 24 hours are over.
   */
  private signers = new Map<string, { endpoint: WebhookEndpoint; current: string; previous: string | null }>();
  private async signerFor(id: string, updatedAt: Date): Promise<{ endpoint: WebhookEndpoint; secrets: string[] } | null> {
    let entry = this.signers.get(id);
    if (!entry || entry.endpoint.updatedAt.getTime() !== updatedAt.getTime()) {
      const endpoint = await db.webhookEndpoint.findUnique({ where: { id } });
      if (!endpoint) {
        this.signers.delete(id);
        return null;
      }
      entry = { endpoint, current: openSecret(id, endpoint.secretEnc), previous: endpoint.previousSecretEnc ? openSecret(id, endpoint.previousSecretEnc) : null };
      this.signers.set(id, entry);
    }
    const { endpoint } = entry;
    const previousSigns = entry.previous !== null && endpoint.previousSecretExpiresAt !== null && endpoint.previousSecretExpiresAt > new Date();
    return { endpoint, secrets: previousSigns ? [entry.current, entry.previous!] : [entry.current] };
  }

  /** Keep-alive connections per endpoint origin and checked address (a new address gets its own). */
  private agentFor(url: string): (address: string) => http.Agent {
    return (address) => {
      const key = `${new URL(url).origin}|${address}`;
      let agent = this.agents.get(key);
      if (!agent) this.agents.set(key, (agent = url.startsWith("https:") ? new https.Agent({ keepAlive: true, maxSockets: 32 }) : new http.Agent({ keepAlive: true, maxSockets: 32 })));
      return agent;
    };
  }

  private async attempt(endpoint: WebhookEndpoint, secrets: string[], environment: string, delivery: Claimed): Promise<Outcome> {
    const started = Date.now();
    let status: number | null = null;
    let ok = false;
    let error: string | null = null;
    let body: string | null = null;
    try {
      const envelope = {
        spec_version: "1", id: delivery.event_id, object: objectOf(delivery.type), environment_id: environment,
        occurred_at: new Date(delivery.occurred_at).toISOString(), organization_id: delivery.organization_id, type: delivery.type, data: delivery.data,
      };
      const payload = JSON.stringify(envelope);
      const timestamp = Math.floor(Date.now() / 1000);
      const res = await safeFetch(endpoint.url, {
        method: "POST", body: payload, timeoutMs: DELIVERY_TIMEOUT_MS, maxResponseBytes: RESPONSE_BODY_LIMIT,
        allowInsecureLocalhost: insecureLocalhostAllowed(), agentFor: this.agentFor(endpoint.url),
        headers: {
          "content-type": "application/json", "user-agent": "Portico-Webhooks/1",
          "webhook-id": delivery.event_id, "webhook-timestamp": String(timestamp), "webhook-signature": signatureHeader(secrets, delivery.event_id, timestamp, payload),
        },
      });
      status = res.status;
      ok = res.status >= 200 && res.status < 300;
      body = res.body.toString("utf8");
      if (!ok) error = res.status >= 300 && res.status < 400 ? `redirect (${res.status}) not followed` : `HTTP ${res.status}`;
    } catch (err) {
      error = err instanceof OutboundError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
    }
    return { delivery, endpoint, status, ok, error, body, latencyMs: Date.now() - started, at: new Date() };
  }

  private queueOutcome(outcome: Outcome): Promise<void> {
    this.outcomes.push(outcome);
    return this.flushOutcomes();
  }

  /** Records queued outcomes, many per transaction; resolves once the given outcome is recorded. */
  private flushOutcomes(): Promise<void> {
    if (this.recording) return this.recording.then(() => (this.outcomes.length ? this.flushOutcomes() : undefined));
    if (!this.outcomes.length) return Promise.resolve();
    const batch = this.outcomes.splice(0, 500);
    this.recording = recordOutcomes(batch)
      .catch((err: unknown) => log.error({ err, count: batch.length }, "webhook attempts could not be recorded; their leases expire and they are retried"))
      .finally(() => { this.recording = null; });
    return this.recording.then(() => (this.outcomes.length ? this.flushOutcomes() : undefined));
  }
}

/**
 * Records attempts: the delivery's new state (succeeded, pending with its next time, or failed once the
 * schedule is used up), the attempt for the log, and the endpoint's failure clock (auto-disable after 5 days).
 * Only deliveries still `sending` are updated: a lease that expired and was taken over loses its outcome.
 */
async function recordOutcomes(batch: Outcome[]): Promise<void> {
  const schedule = retryScheduleSec();
  const rows = batch.map((o) => {
    const attempts = o.delivery.attempts + 1;
    const next = o.ok || attempts >= schedule.length ? null : new Date(o.at.getTime() + schedule[attempts]! * 1000);
    return { o, attempts, status: o.ok ? "succeeded" : next ? "pending" : "failed", next: next ?? o.at };
  });
  await db.$transaction(async (tx) => {
    const updated = await tx.$queryRaw<{ id: bigint }[]>`
      UPDATE webhook_deliveries d SET status = v.status, attempts = v.attempts, lease_until = NULL, next_attempt_time = v.next,
        last_attempt_time = v.at, last_response_status = v.code, last_error = v.error
      FROM unnest(${rows.map((r) => r.o.delivery.id)}::bigint[], ${rows.map((r) => r.status)}::text[], ${rows.map((r) => r.attempts)}::int[],
                  ${rows.map((r) => r.next)}::timestamptz[], ${rows.map((r) => r.o.at)}::timestamptz[], ${rows.map((r) => r.o.status)}::int[],
                  ${rows.map((r) => r.o.error)}::text[]) AS v(id, status, attempts, next, at, code, error)
      WHERE d.id = v.id AND d.status = 'sending'
      RETURNING d.id`;
    const kept = new Set(updated.map((u) => u.id.toString()));
    const recorded = rows.filter((r) => kept.has(r.o.delivery.id.toString()));
    if (!recorded.length) return;
    await tx.webhookAttempt.createMany({
      data: recorded.map(({ o }) => ({
        deliveryId: o.delivery.id, endpointId: o.endpoint.id, attemptedAt: o.at, responseStatus: o.status, ok: o.ok, latencyMs: o.latencyMs,
        error: o.error, responseBody: o.body === null ? null : o.body.replace(/\u0000/g, "").slice(0, RESPONSE_BODY_LIMIT),
      })),
    });
    // The failure clock, per endpoint: any success in the batch resets it; otherwise it starts (or goes on).
    const byEndpoint = new Map<string, { endpoint: WebhookEndpoint; ok: boolean; firstFailure: Date | null }>();
    for (const { o } of recorded) {
      const e = byEndpoint.get(o.endpoint.id) ?? { endpoint: o.endpoint, ok: false, firstFailure: null };
      if (o.ok) e.ok = true;
      else if (!e.firstFailure || o.at < e.firstFailure) e.firstFailure = o.at;
      byEndpoint.set(o.endpoint.id, e);
    }
    for (const [id, e] of byEndpoint) {
      if (e.ok) {
        await tx.$executeRaw`UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ${id} AND failing_since IS NOT NULL`;
        continue;
      }
      const [row] = await tx.$queryRaw<{ failing_since: Date }[]>`
        UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, ${e.firstFailure}) WHERE id = ${id} AND status = 'enabled' RETURNING failing_since`;
      if (row && Date.now() - row.failing_since.getTime() >= AUTO_DISABLE_AFTER_MS) {
        const current = await tx.webhookEndpoint.findUniqueOrThrow({ where: { id } });
        await disableFailingEndpoint(tx, current, row.failing_since);
        log.warn({ endpointId: id, failingSince: row.failing_since }, "webhook endpoint disabled: every delivery failed for 5 days");
      }
    }
  });
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

