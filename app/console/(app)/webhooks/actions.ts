"use server";

import { runAction } from "@/lib/actions/server";
import { parseInput } from "@/lib/errors";
import { requireOperatorContext } from "@/lib/operators/guard";
import {
  createWebhookEndpoint, deleteWebhookEndpoint, replayEvents, resendDelivery, rotateWebhookSecret, sendTestEvent, updateWebhookEndpoint,
} from "@/lib/webhooks/endpoints";
import { createWebhookEndpointSchema, replaySchema, updateWebhookEndpointSchema } from "@/lib/webhooks/schemas";
import { idOf } from "@/lib/validation/ids";

// Webhook endpoint server actions: each parses its input with the shared schema and calls one domain
// function, which authorizes (webhooks:write: auditors are refused); failures come back in the one shape.

const PAGES = { revalidate: "/console/webhooks" };
const id = (value: unknown) => idOf("webhook_endpoint", value);

export async function createWebhookEndpointAction(input: unknown) {
  return runAction("webhooks.create", async () => createWebhookEndpoint(await requireOperatorContext(), parseInput(createWebhookEndpointSchema, input)), PAGES);
}

export async function updateWebhookEndpointAction(endpointId: unknown, input: unknown) {
  return runAction("webhooks.update", async () => updateWebhookEndpoint(await requireOperatorContext(), id(endpointId), parseInput(updateWebhookEndpointSchema, input)), PAGES);
}

export async function deleteWebhookEndpointAction(endpointId: unknown) {
  return runAction("webhooks.delete", async () => { await deleteWebhookEndpoint(await requireOperatorContext(), id(endpointId)); return null; }, PAGES);
}

export async function rotateWebhookSecretAction(endpointId: unknown) {
  return runAction("webhooks.rotate_secret", async () => rotateWebhookSecret(await requireOperatorContext(), id(endpointId)), PAGES);
}

export async function sendTestEventAction(endpointId: unknown) {
  return runAction("webhooks.send_test", async () => sendTestEvent(await requireOperatorContext(), id(endpointId)), PAGES);
}

export async function resendDeliveryAction(endpointId: unknown, deliveryId: unknown) {
  return runAction("webhooks.resend", async () => resendDelivery(await requireOperatorContext(), id(endpointId), idOf("webhook_delivery", deliveryId)), PAGES);
}

export async function replayEventsAction(endpointId: unknown, since: unknown) {
  return runAction("webhooks.replay", async () => replayEvents(await requireOperatorContext(), id(endpointId), parseInput(replaySchema, { since })), PAGES);
}
