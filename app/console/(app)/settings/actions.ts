"use server";

import { revalidatePath } from "next/cache";
import { ZodError } from "zod";
import { ensureSigningKeys, rotateSigningKeys } from "@/lib/keys/rotation";
import { updateSigningKeySettings, type SigningKeySettingsInput } from "@/lib/keys/settings";
import { addAllowedOrigin, removeAllowedOrigin } from "@/lib/portal/origins";
import { updateSessionDefaults } from "@/lib/session-settings";
import { updateBranding } from "@/lib/settings/branding";
import { DomainError } from "@/lib/errors";
import { createApiResource, createApiScope, deleteApiResource, deleteApiScope, updateApiResource, updateApiScope } from "@/lib/scope-catalog";
import { createApiResourceSchema, createApiScopeSchema, updateApiResourceSchema, updateApiScopeSchema } from "@/lib/scope-catalog/schemas";
import { domainErrorFrom } from "@/lib/zod-errors";
import {
  addEnvironmentClientSecret, createEnvironmentClient, deleteEnvironmentClient, revokeEnvironmentClientSecret, updateEnvironmentClient,
} from "@/lib/service-principals";
import type { AddClientSecretInput, CreateEnvironmentClientInput, UpdateEnvironmentClientInput } from "@/lib/service-principals/schemas";
import type { FormResult } from "@/lib/operators/form-result";
import { requireOperatorContext } from "@/lib/operators/guard";
import type { MutationContext } from "@/lib/mutation";
import { updateCustomAttributes } from "@/lib/sso/custom-attributes";

// Deployment settings server actions: each calls one domain function, which authorizes
// ("settings:write": auditors are refused) and validates; field errors come back by field.

async function run<T>(path: string, fn: (ctx: MutationContext) => Promise<T>): Promise<FormResult<T>> {
  try {
    const data = await fn(await requireOperatorContext());
    revalidatePath(path);
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

export async function updateSessionDefaultsAction(input: unknown) {
  return run("/console/settings/sessions", (ctx) => updateSessionDefaults(ctx, input));
}

export async function addAllowedOriginAction(origin: unknown) {
  return run("/console/settings/portal", (ctx) => addAllowedOrigin(ctx, String(origin ?? "")));
}

export async function removeAllowedOriginAction(origin: unknown) {
  return run("/console/settings/portal", async (ctx) => { await removeAllowedOrigin(ctx, String(origin ?? "")); return null; });
}

export async function updateBrandingAction(input: unknown) {
  return run("/console/settings/portal", (ctx) => updateBranding(ctx, input));
}

export async function rotateSigningKeysAction() {
  return run("/console/settings/keys", (ctx) => rotateSigningKeys(ctx));
}

export async function updateSigningKeySettingsAction(input: unknown) {
  return run("/console/settings/keys", async (ctx) => {
    const saved = await updateSigningKeySettings(ctx, input as SigningKeySettingsInput);
    // An unused next key in the old algorithm is replaced, so the new one is published before it signs.
    await ensureSigningKeys({ actor: ctx.actor, context: ctx.request });
    return saved;
  });
}

export async function createApiResourceAction(input: unknown) {
  return run("/console/settings/scopes", async (ctx) => {
    const parsed = createApiResourceSchema.safeParse(input);
    if (!parsed.success) throw domainErrorFrom(parsed.error);
    return createApiResource(ctx, parsed.data);
  });
}

export async function createApiScopeAction(resourceId: unknown, input: unknown) {
  return run("/console/settings/scopes", async (ctx) => {
    const parsed = createApiScopeSchema.safeParse(input);
    if (!parsed.success) throw domainErrorFrom(parsed.error);
    return createApiScope(ctx, String(resourceId ?? ""), parsed.data);
  });
}

export async function updateApiResourceAction(resourceId: unknown, input: unknown) {
  return run("/console/settings/scopes", async (ctx) => {
    const parsed = updateApiResourceSchema.safeParse(input);
    if (!parsed.success) throw domainErrorFrom(parsed.error);
    return updateApiResource(ctx, String(resourceId ?? ""), parsed.data);
  });
}

export async function updateApiScopeAction(scopeId: unknown, input: unknown) {
  return run("/console/settings/scopes", async (ctx) => {
    const parsed = updateApiScopeSchema.safeParse(input);
    if (!parsed.success) throw domainErrorFrom(parsed.error);
    return updateApiScope(ctx, String(scopeId ?? ""), parsed.data);
  });
}

export async function deleteApiScopeAction(scopeId: unknown) {
  return run("/console/settings/scopes", async (ctx) => { await deleteApiScope(ctx, String(scopeId ?? "")); return null; });
}

export async function deleteApiResourceAction(resourceId: unknown) {
  return run("/console/settings/scopes", async (ctx) => { await deleteApiResource(ctx, String(resourceId ?? "")); return null; });
}

export async function createEnvironmentClientAction(input: unknown) {
  return run("/console/settings/clients", async (ctx) => {
    const { client, plainSecret } = await createEnvironmentClient(ctx, input as CreateEnvironmentClientInput);
    return { client_id: client.client_id, name: client.name, plain_secret: plainSecret };
  });
}

export async function updateEnvironmentClientAction(clientId: unknown, patch: unknown) {
  return run("/console/settings/clients", async (ctx) => {
    const client = await updateEnvironmentClient(ctx, String(clientId ?? ""), patch as UpdateEnvironmentClientInput);
    return { client_id: client.client_id };
  });
}

export async function setEnvironmentClientStatusAction(clientId: unknown, status: unknown) {
  return run("/console/settings/clients", async (ctx) => {
    await updateEnvironmentClient(ctx, String(clientId ?? ""), { status: status === "active" ? "active" : "disabled" });
    return null;
  });
}

/** A new secret next to the existing ones (rotation without downtime: add, move callers over, revoke the old one). */
export async function addEnvironmentClientSecretAction(clientId: unknown, input: unknown = {}) {
  return run("/console/settings/clients", async (ctx) => {
    const { secret, plainSecret } = await addEnvironmentClientSecret(ctx, String(clientId ?? ""), input as AddClientSecretInput);
    return { secret_id: secret.id, plain_secret: plainSecret };
  });
}

export async function revokeEnvironmentClientSecretAction(clientId: unknown, secretId: unknown) {
  return run("/console/settings/clients", async (ctx) => {
    await revokeEnvironmentClientSecret(ctx, String(clientId ?? ""), String(secretId ?? ""));
    return null;
  });
}

export async function deleteEnvironmentClientAction(clientId: unknown) {
  return run("/console/settings/clients", async (ctx) => { await deleteEnvironmentClient(ctx, String(clientId ?? "")); return null; });
}

export async function updateSsoCustomAttributesAction(input: unknown) {
  return run("/console/settings/sso", (ctx) => updateCustomAttributes(ctx, input));
}
