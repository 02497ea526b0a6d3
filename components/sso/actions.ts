"use server";
import { runAction } from "@/lib/actions/server";
import type { ActionResult } from "@/lib/actions/result";
import { requireMutationContext, requirePrincipal } from "@/lib/caller";
import { DomainError, parseInput } from "@/lib/errors";
import {
  createConnection, deleteConnection, disableConnection, enableConnection, listConnections, updateConnection,
} from "@/lib/sso/connections";
import { customAttributesFor } from "@/lib/sso/custom-attributes";
import {
  createConnectionSchema, enableConnectionSchema, updateConnectionSchema, type ConnectionView, type CustomAttribute,
} from "@/lib/sso/schemas";
import { getTestResult, startTest, type TestResultView } from "@/lib/sso/tests";
import { idOf } from "@/lib/validation/ids";

// Server actions behind the Single sign-on screens (admin portal and console): resolve the caller
// (portal session with the sso feature, or an operator), parse input with the shared schemas, call
// lib/sso. Next.js checks the Origin of every action (CSRF); portal sessions also pass the portal's
// CSRF header check (requireMutationContext).

export async function listConnectionsAction(organizationId: string): Promise<ActionResult<ConnectionView[]>> {
  return runAction("sso.list", async () => listConnections(await requirePrincipal(), idOf("organization", organizationId)));
}

export async function customAttributesAction(organizationId: string): Promise<ActionResult<CustomAttribute[]>> {
  return runAction("sso.custom_attributes", async () => customAttributesFor(await requirePrincipal(), idOf("organization", organizationId)));
}

export async function createConnectionAction(organizationId: string, input: unknown): Promise<ActionResult<ConnectionView>> {
  return runAction("sso.create", async () => createConnection(await requireMutationContext(), idOf("organization", organizationId), parseInput(createConnectionSchema, input)));
}

export async function updateConnectionAction(organizationId: string, connectionId: string, patch: unknown): Promise<ActionResult<ConnectionView>> {
  return runAction("sso.update", async () =>
    updateConnection(await requireMutationContext(), idOf("organization", organizationId), idOf("connection", connectionId), parseInput(updateConnectionSchema, patch)));
}

export async function deleteConnectionAction(organizationId: string, connectionId: string): Promise<ActionResult<null>> {
  return runAction("sso.delete", async () => {
    await deleteConnection(await requireMutationContext(), idOf("organization", organizationId), idOf("connection", connectionId));
    return null;
  });
}

/** `options` is `{ skip_test?: boolean }` when enabling (operators only; the domain refuses it to portal sessions). */
export async function setConnectionEnabledAction(organizationId: string, connectionId: string, enabled: boolean, options: unknown = {}): Promise<ActionResult<ConnectionView>> {
  return runAction(enabled ? "sso.enable" : "sso.disable", async () => {
    if (typeof enabled !== "boolean") throw new DomainError("invalid", "enabled must be true or false", [{ field: "enabled", message: "must be true or false" }]);
    const ctx = await requireMutationContext();
    return enabled
      ? enableConnection(ctx, idOf("organization", organizationId), idOf("connection", connectionId), parseInput(enableConnectionSchema, options))
      : disableConnection(ctx, idOf("organization", organizationId), idOf("connection", connectionId));
  });
}

export async function startTestAction(organizationId: string, connectionId: string): Promise<ActionResult<{ url: string }>> {
  return runAction("sso.start_test", async () => startTest(await requireMutationContext(), idOf("organization", organizationId), idOf("connection", connectionId)));
}

export async function getTestResultAction(organizationId: string, testId: string): Promise<ActionResult<TestResultView>> {
  return runAction("sso.test_result", async () => getTestResult(await requirePrincipal(), idOf("organization", organizationId), idOf("sso_test", testId)));
}
