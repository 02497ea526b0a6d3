import { z } from "zod";
import { defineEvents } from "../define";

// Webhook endpoints (deployment-level, managed by operators and the management API). Audit only.

const endpoint = z.looseObject({ id: z.string(), url: z.string() }) as unknown as z.ZodType<{ id: string; url: string } & Record<string, unknown>>;

export const webhookEvents = defineEvents({
  "webhook_endpoint.created": {
    object: "WebhookEndpoint", label: "Webhook endpoint created", description: "A webhook endpoint was added (its signing secret is never recorded).",
    data: endpoint, audit: { action: "webhook_endpoint.created", target: "webhook_endpoint" }, webhook: false,
  },
  "webhook_endpoint.updated": {
    object: "WebhookEndpoint", label: "Webhook endpoint updated", description: "A webhook endpoint's URL, description, event types or organizations changed.",
    data: endpoint, audit: { action: "webhook_endpoint.updated", target: "webhook_endpoint" }, webhook: false,
  },
  "webhook_endpoint.enabled": {
    object: "WebhookEndpoint", label: "Webhook endpoint enabled", description: "A disabled webhook endpoint was enabled; its pending deliveries resume.",
    data: endpoint, audit: { action: "webhook_endpoint.enabled", target: "webhook_endpoint" }, webhook: false,
  },
  "webhook_endpoint.disabled": {
    object: "WebhookEndpoint", label: "Webhook endpoint disabled", description: "A webhook endpoint was disabled by an operator, or automatically after failing every delivery for 5 days.",
    data: endpoint, audit: { action: "webhook_endpoint.disabled", target: "webhook_endpoint" }, webhook: false,
  },
  "webhook_endpoint.deleted": {
    object: "WebhookEndpoint", label: "Webhook endpoint deleted", description: "A webhook endpoint was deleted with its delivery log.",
    data: endpoint, audit: { action: "webhook_endpoint.deleted", target: "webhook_endpoint" }, webhook: false,
  },
  "webhook_endpoint.secret_rotated": {
    object: "WebhookEndpoint", label: "Webhook secret rotated", description: "A webhook endpoint got a new signing secret; the old one keeps signing alongside it for 24 hours.",
    data: endpoint, audit: { action: "webhook_endpoint.secret_rotated", target: "webhook_endpoint" }, webhook: false,
  },
  "webhook_endpoint.test_sent": {
    object: "WebhookEndpoint", label: "Webhook test event sent", description: "An operator sent a test event to a webhook endpoint.",
    data: endpoint, audit: { action: "webhook_endpoint.test_sent", target: "webhook_endpoint" }, webhook: false,
  },
  "webhook_endpoint.replayed": {
    object: "WebhookEndpoint", label: "Webhook events replayed", description: "Every matching event since a time was queued again for a webhook endpoint.",
    data: endpoint, audit: { action: "webhook_endpoint.replayed", target: "webhook_endpoint" }, webhook: false,
  },
  "webhook_delivery.resent": {
    object: "WebhookEndpoint", label: "Webhook delivery resent", description: "One event was queued again for a webhook endpoint.",
    data: endpoint, audit: { action: "webhook_delivery.resent", target: "webhook_endpoint" }, webhook: false,
  },
});
