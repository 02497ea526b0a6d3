"use server";

import { revalidatePath } from "next/cache";
import { ZodError } from "zod";
import { DomainError } from "@/lib/errors";
import type { FormResult } from "@/lib/operators/form-result";
import { requireOperatorContext } from "@/lib/operators/guard";
import type { MutationContext } from "@/lib/mutation";
import {
  createWebhookEndpoint, deleteWebhookEndpoint, replayEvents, resendDelivery, rotateWebhookSecret, sendTestEvent, updateWebhookEndpoint,
} from "@/lib/webhooks/endpoints";
import type { CreateWebhookEndpointInput, UpdateWebhookEndpointInput } from "@/lib/webhooks/schemas";
import { domainErrorFrom } from "@/lib/zod-errors";

// Webhook endpoint server actions: each calls one domain function, which authorizes (webhooks:write:
// auditors are refused) and validates; field errors come back by field.

async function run<T>(fn: (ctx: MutationContext) => Promise<T>): Promise<FormResult<T>> {
  try {
    const data = await fn(await requireOperatorContext());
    revalidatePath("/console/webhooks", "layout");
    return { ok: true, data } as FormResult<T>;
  } catch (caught) {
    const err = caught instanceof ZodError ? domainErrorFrom(caught) : caught;
    if (err instanceof DomainError) {
      const message = err.field && err.message.startsWith(`${err.field}: `) ? err.message.slice(err.field.length + 2) : err.message;
      return { ok: false, message: err.message, ...(err.field ? { fields: { [err.field]: message } } : {}) };
    }
    throw err;
  }
}

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
