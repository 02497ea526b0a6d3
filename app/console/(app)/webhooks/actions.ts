"use server";

import type { MutationContext } from "@/lib/mutation";
import { runOperatorAction } from "@/app/console/_components/operator-action";
import {
  createWebhookEndpoint, deleteWebhookEndpoint, replayEvents, resendDelivery, rotateWebhookSecret, sendTestEvent, updateWebhookEndpoint,
} from "@/lib/webhooks/endpoints";
import type { CreateWebhookEndpointInput, UpdateWebhookEndpointInput } from "@/lib/webhooks/schemas";

// Webhook endpoint server actions: each calls one domain function, which authorizes (webhooks:write:
// auditors are refused) and validates; field errors come back by field.

const run = <T>(fn: (ctx: MutationContext) => Promise<T>) => runOperatorAction("/console/webhooks", fn, "layout");

const id = (v: unknown) => String(v ?? "");

export async function createWebhookEndpointAction(input: CreateWebhookEndpointInput) {
  return run((ctx) => createWebhookEndpoint(ctx, input));
}

export async function updateWebhookEndpointAction(endpointId: unknown, input: UpdateWebhookEndpointInput) {
  return run((ctx) => updateWebhookEndpoint(ctx, id(endpointId), input));
}

export async function deleteWebhookEndpointAction(endpointId: unknown) {
  return run(async (ctx) => { await deleteWebhookEndpoint(ctx, id(endpointId)); return null; });
}

export async function rotateWebhookSecretAction(endpointId: unknown) {
  return run((ctx) => rotateWebhookSecret(ctx, id(endpointId)));
}

export async function sendTestEventAction(endpointId: unknown) {
  return run((ctx) => sendTestEvent(ctx, id(endpointId)));
}

export async function resendDeliveryAction(endpointId: unknown, deliveryId: unknown) {
  return run((ctx) => resendDelivery(ctx, id(endpointId), id(deliveryId)));
}

export async function replayEventsAction(endpointId: unknown, since: unknown) {
  return run((ctx) => replayEvents(ctx, id(endpointId), { since: id(since) }));
}
