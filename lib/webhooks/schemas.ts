import { z } from "zod";
import { ORGANIZATION_ID_PATTERN } from "@/lib/ids";
import { plainText, text } from "@/lib/validation/text";
import { rfc3339Time } from "@/lib/validation/time";

// Webhook endpoint input, shared by the management API, the console form and its server actions.
// Client-safe (no server imports): the form validates with the same schema.

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "sending", "succeeded", "failed"] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

const url = text().trim().min(1, "is required").max(2_000, "must be at most 2000 characters");
const description = plainText().trim().max(500, "must be at most 500 characters");
const eventTypes = z.array(text().min(1).max(100)).max(100, "at most 100 event types");
const organizationIds = z.array(z.string().regex(ORGANIZATION_ID_PATTERN, "must be organization ids (org_…)")).max(100, "at most 100 organizations");

export const createWebhookEndpointSchema = z.object({
  url,
  description: description.optional(),
  /** Empty or absent: every event type. */
  event_types: eventTypes.optional(),
  /** Empty or absent: every organization. */
  organization_ids: organizationIds.optional(),
}).strict();
export type CreateWebhookEndpointInput = z.output<typeof createWebhookEndpointSchema>;

export const updateWebhookEndpointSchema = z.object({
  url: url.optional(),
  description: description.optional(),
  event_types: eventTypes.optional(),
  organization_ids: organizationIds.optional(),
  status: z.enum(["enabled", "disabled"]).optional(),
}).strict();
export type UpdateWebhookEndpointInput = z.output<typeof updateWebhookEndpointSchema>;

export const replaySchema = z.object({
  /** Years 1–9999 (lib/validation/time). */
  since: rfc3339Time(),
}).strict();
export type ReplayInput = z.output<typeof replaySchema>;

export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string;
  event_types: string[];
  organization_ids: string[];
  status: "enabled" | "disabled";
  /** Why it is disabled: by an operator, or automatically after failing every delivery for 5 days. */
  disabled_reason: "operator" | "failing" | null;
  disable_time: string | null;
  /** Until when the previous secret still signs (after a rotation). */
  previous_secret_expire_time: string | null;
  failing_since: string | null;
  created_by: string;
  create_time: string;
  update_time: string;
}

export interface WebhookEndpointStats {
  /** Attempts in the last 24 hours and how many got a 2xx. */
  attempts_24h: number;
  succeeded_24h: number;
  /** succeeded / attempts, null without attempts. */
  success_rate_24h: number | null;
  pending: number;
}

export interface WebhookAttemptView {
  id: string;
  attempt_time: string;
  response_status: number | null;
  ok: boolean;
  latency_ms: number;
  error: string | null;
  response_body: string | null;
}

export interface WebhookDeliveryView {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  status: WebhookDeliveryStatus;
  trigger: "event" | "resend" | "replay" | "test";
  attempts: number;
  next_attempt_time: string | null;
  last_attempt_time: string | null;
  last_response_status: number | null;
  last_error: string | null;
  create_time: string;
}
