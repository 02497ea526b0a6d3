"use server";

import { runAction } from "@/lib/actions/server";
import { parseInput } from "@/lib/errors";
import { idOf } from "@/lib/validation/ids";
import { requireOperatorContext } from "@/lib/operators/guard";
import { createApiResource, createApiScope, deleteApiResource, deleteApiScope, updateApiResource, updateApiScope } from "@/lib/scope-catalog";
import { createApiResourceSchema, createApiScopeSchema, updateApiResourceSchema, updateApiScopeSchema } from "@/lib/scope-catalog/schemas";

// The scope catalog's console actions: the vendor's APIs and their scopes.

const PAGE = "/console/settings/scopes";

export async function createApiResourceAction(input: unknown) {
  return runAction("scopes.create_api", async () => createApiResource(await requireOperatorContext(), parseInput(createApiResourceSchema, input)), { revalidate: PAGE });
}

export async function createApiScopeAction(resourceId: unknown, input: unknown) {
  return runAction("scopes.create_scope", async () => createApiScope(await requireOperatorContext(), idOf("api_resource", resourceId), parseInput(createApiScopeSchema, input)), { revalidate: PAGE });
}

export async function updateApiResourceAction(resourceId: unknown, input: unknown) {
  return runAction("scopes.update_api", async () => updateApiResource(await requireOperatorContext(), idOf("api_resource", resourceId), parseInput(updateApiResourceSchema, input)), { revalidate: PAGE });
}

export async function updateApiScopeAction(scopeId: unknown, input: unknown) {
  return runAction("scopes.update_scope", async () => updateApiScope(await requireOperatorContext(), idOf("api_scope", scopeId), parseInput(updateApiScopeSchema, input)), { revalidate: PAGE });
}

export async function deleteApiScopeAction(scopeId: unknown) {
  return runAction("scopes.delete_scope", async () => { await deleteApiScope(await requireOperatorContext(), idOf("api_scope", scopeId)); return null; }, { revalidate: PAGE });
}

export async function deleteApiResourceAction(resourceId: unknown) {
  return runAction("scopes.delete_api", async () => { await deleteApiResource(await requireOperatorContext(), idOf("api_resource", resourceId)); return null; }, { revalidate: PAGE });
}
