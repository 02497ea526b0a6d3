import { z } from "zod";
import { deliveriesQuerySchema, eventsQuerySchema, eventTypesQuerySchema } from "@/lib/management/schemas";
import { createWebhookEndpointSchema, replaySchema, updateWebhookEndpointSchema } from "@/lib/webhooks/schemas";
import { defineOperations, MANAGEMENT_ERRORS } from "../define";
import {
  eventEnvelopeSchema, eventTypeSchema, webhookDeliveryDetailSchema, webhookDeliveryListItemSchema, webhookDeliverySchema, webhookEndpointSchema,
  webhookEndpointWithStatsSchema,
} from "../views";

// Events (/api/v1/events, /api/v1/event_types) and webhook endpoints (/api/v1/webhook_endpoints/**):
// what host apps receive, pulled or pushed. Webhook endpoints are the deployment's: only a client that
// may act for every organization manages them.

const endpoint = z.object({ id: z.string().describe("The webhook endpoint's id (whe_…)") });
const delivery = endpoint.extend({ delivery_id: z.string().describe("The delivery's id, from the delivery log") });

const COMMON = {
  ...MANAGEMENT_ERRORS,
  403: "insufficient_scope, or forbidden: a client limited to some organizations cannot manage webhook endpoints",
};
const ONE = { ...COMMON, 404: "not_found: no such webhook endpoint" };
const BODY = { 413: "payload_too_large", 415: "unsupported_media_type: send JSON", 422: "validation_failed: details names each field" };
const secret = z.string().describe("The signing secret (whsec_…), shown this once: verify the webhook-signature header with it (Standard Webhooks)");

export const eventOperations = defineOperations([
  {
    id: "listEvents", method: "get", path: "/api/v1/events", tag: "Events", auth: { scope: "events:read" },
    summary: "List events",
    description: "Host-app events, oldest first, in the order they were recorded: the same envelopes webhooks deliver. " +
      "Poll with next_cursor (returned on an empty page too); type may end in .* for a family. A client limited to some organizations sees only theirs.",
    query: eventsQuerySchema,
    responses: {
      200: { description: "A page", schema: z.object({ events: z.array(eventEnvelopeSchema), next_cursor: z.string().nullable(), has_more: z.boolean() }) },
      ...COMMON, 403: "insufficient_scope", 404: "not_found: organization_id names an organization this client cannot see", 422: "validation_failed: names the parameter",
    },
  },
  {
    id: "listEventTypes", method: "get", path: "/api/v1/event_types", tag: "Events", auth: { scope: "events:read" },
    summary: "List event types", description: "Every kind of event Portico records; webhook=true for those host apps receive.",
    query: eventTypesQuerySchema,
    responses: { 200: { description: "The catalog", schema: z.object({ event_types: z.array(eventTypeSchema) }) }, ...COMMON, 403: "insufficient_scope", 422: "validation_failed" },
  },
  {
    id: "createWebhookEndpoint", method: "post", path: "/api/v1/webhook_endpoints", tag: "Webhooks", auth: { scope: "webhooks:write" },
    summary: "Add a webhook endpoint",
    description: "An https URL that does not point at a private address. Empty or absent event_types: every webhook event type; organization_ids: every organization.",
    body: { schema: createWebhookEndpointSchema, required: true },
    responses: { 201: { description: "Created, with its signing secret", schema: z.object({ webhook_endpoint: webhookEndpointSchema, secret }) }, ...COMMON, ...BODY },
  },
  {
    id: "listWebhookEndpoints", method: "get", path: "/api/v1/webhook_endpoints", tag: "Webhooks", auth: { scope: "webhooks:read" },
    summary: "List webhook endpoints", description: "Newest first, each with its last 24 hours of deliveries.",
    responses: { 200: { description: "Every endpoint", schema: z.object({ webhook_endpoints: z.array(webhookEndpointWithStatsSchema) }) }, ...COMMON },
  },
  {
    id: "getWebhookEndpoint", method: "get", path: "/api/v1/webhook_endpoints/{id}", tag: "Webhooks", auth: { scope: "webhooks:read" },
    summary: "Get a webhook endpoint", params: endpoint,
    responses: { 200: { description: "The endpoint", schema: z.object({ webhook_endpoint: webhookEndpointWithStatsSchema }) }, ...ONE },
  },
  {
    id: "updateWebhookEndpoint", method: "patch", path: "/api/v1/webhook_endpoints/{id}", tag: "Webhooks", auth: { scope: "webhooks:write" },
    summary: "Update a webhook endpoint", description: "Only the fields sent change. status: disabled stops deliveries (they wait); enabled sends them again.",
    params: endpoint, body: { schema: updateWebhookEndpointSchema, required: true },
    responses: { 200: { description: "The endpoint", schema: z.object({ webhook_endpoint: webhookEndpointSchema }) }, ...ONE, ...BODY },
  },
  {
    id: "deleteWebhookEndpoint", method: "delete", path: "/api/v1/webhook_endpoints/{id}", tag: "Webhooks", auth: { scope: "webhooks:write" },
    summary: "Delete a webhook endpoint", description: "With its delivery log.", params: endpoint,
    responses: { 204: "Deleted", ...ONE },
  },
  {
    id: "rotateWebhookSecret", method: "post", path: "/api/v1/webhook_endpoints/{id}/rotate_secret", tag: "Webhooks", auth: { scope: "webhooks:write" },
    summary: "Rotate a webhook endpoint's signing secret", description: "The previous secret keeps signing alongside the new one for 24 hours (both signatures are sent).",
    params: endpoint,
    responses: { 200: { description: "The endpoint and its new secret", schema: z.object({ webhook_endpoint: webhookEndpointSchema, secret }) }, ...ONE },
  },
  {
    id: "sendTestWebhook", method: "post", path: "/api/v1/webhook_endpoints/{id}/test", tag: "Webhooks", auth: { scope: "webhooks:write" },
    summary: "Send a test event", description: "A webhook_endpoint.test event to this endpoint only (never listed by the events API).",
    params: endpoint,
    responses: { 202: { description: "Queued", schema: z.object({ delivery: webhookDeliverySchema }) }, ...ONE },
  },
  {
    id: "replayWebhookEvents", method: "post", path: "/api/v1/webhook_endpoints/{id}/replay", tag: "Webhooks", auth: { scope: "webhooks:write" },
    summary: "Replay events since a time", description: "Queues every matching webhook event since `since` again for this endpoint (after a receiver outage); same webhook-id, so receivers that de-duplicate see each once.",
    params: endpoint, body: { schema: replaySchema, required: true },
    responses: { 202: { description: "Queued", schema: z.object({ queued: z.number().int().describe("Deliveries queued") }) }, ...ONE, ...BODY },
  },
  {
    id: "listWebhookDeliveries", method: "get", path: "/api/v1/webhook_endpoints/{id}/deliveries", tag: "Webhooks", auth: { scope: "webhooks:read" },
    summary: "Read an endpoint's delivery log", description: "Newest first.",
    params: endpoint, query: deliveriesQuerySchema,
    responses: {
      200: { description: "A page", schema: z.object({ deliveries: z.array(webhookDeliveryListItemSchema), next_cursor: z.string().nullable() }) },
      ...ONE, 422: "validation_failed: names the parameter",
    },
  },
  {
    id: "getWebhookDelivery", method: "get", path: "/api/v1/webhook_endpoints/{id}/deliveries/{delivery_id}", tag: "Webhooks", auth: { scope: "webhooks:read" },
    summary: "Get a delivery", description: "With every attempt (status, latency, the start of the answer) and the payload sent.",
    params: delivery,
    responses: { 200: { description: "The delivery", schema: z.object({ delivery: webhookDeliveryDetailSchema }) }, ...COMMON, 404: "not_found: no such endpoint or delivery" },
  },
  {
    id: "resendWebhookDelivery", method: "post", path: "/api/v1/webhook_endpoints/{id}/deliveries/{delivery_id}/resend", tag: "Webhooks", auth: { scope: "webhooks:write" },
    summary: "Resend a delivery", description: "Queues its event again as a new delivery with the same webhook-id.",
    params: delivery,
    responses: { 202: { description: "Queued", schema: z.object({ delivery: webhookDeliverySchema }) }, ...COMMON, 404: "not_found: no such endpoint or delivery", 409: "conflict: the event is past EVENT_RETENTION_DAYS and no longer stored" },
  },
]);
