"use server";
import { z } from "zod";
import { requireMutationContext, requirePrincipal } from "@/lib/authz/session";
import { DomainError } from "@/lib/errors";
import { log } from "@/lib/log";
import {
  createConnection, deleteConnection, disableConnection, enableConnection, listConnections, updateConnection,
} from "@/lib/sso/connections";
import { customAttributesFor } from "@/lib/sso/custom-attributes";
import { createConnectionSchema, updateConnectionSchema, type ConnectionView, type CustomAttribute } from "@/lib/sso/schemas";
import { getTestResult, startTest, type TestResultView } from "@/lib/sso/tests";
import type { ActionResult, FieldMessage } from "@/components/service-principals/result";

// Server actions behind the Single sign-on screens (admin portal and console). Each resolves the caller
// (portal session with the sso feature, or an operator), calls lib/sso, and turns a DomainError into a
// result the form shows next to the field it names. Next.js checks the Origin of every action (CSRF);
// portal sessions also pass the portal's CSRF header check (requireMutationContext).

const idSchema = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/);

function fromZod(error: z.ZodError): ActionResult<never> {
  const fields: FieldMessage[] = error.issues.map((i) => ({ field: i.path.join("."), message: i.message }));
  return { ok: false, error: { code: "invalid", message: fields[0] ? `${fields[0].field}: ${fields[0].message}` : "Some fields need attention", fields } };
}

async function run<T>(what: string, fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    if (err instanceof DomainError) {
      return { ok: false, error: { code: err.code, message: err.message, fields: err.field ? [{ field: err.field, message: err.message }] : [] } };
    }
    if (err instanceof z.ZodError) return fromZod(err);
    log.error({ err, action: what }, "SSO action failed");
    return { ok: false, error: { code: "internal", message: "Something went wrong on our side. Try again; if it keeps failing, contact your administrator.", fields: [] } };
  }
}

export async function listConnectionsAction(organizationId: string): Promise<ActionResult<ConnectionView[]>> {
  return run("list", async () => listConnections(await requirePrincipal(), idSchema.parse(organizationId)));
}

export async function customAttributesAction(organizationId: string): Promise<ActionResult<CustomAttribute[]>> {
  return run("custom_attributes", async () => customAttributesFor(await requirePrincipal(), idSchema.parse(organizationId)));
}

export async function createConnectionAction(organizationId: string, input: unknown): Promise<ActionResult<ConnectionView>> {
  const parsed = createConnectionSchema.safeParse(input);
  if (!parsed.success) return fromZod(parsed.error);
  return run("create", async () => createConnection(await requireMutationContext(), idSchema.parse(organizationId), parsed.data));
}

export async function updateConnectionAction(organizationId: string, connectionId: string, patch: unknown): Promise<ActionResult<ConnectionView>> {
  const parsed = updateConnectionSchema.safeParse(patch);
  if (!parsed.success) return fromZod(parsed.error);
  return run("update", async () => updateConnection(await requireMutationContext(), idSchema.parse(organizationId), idSchema.parse(connectionId), parsed.data));
}

export async function deleteConnectionAction(organizationId: string, connectionId: string): Promise<ActionResult<null>> {
  return run("delete", async () => {
    await deleteConnection(await requireMutationContext(), idSchema.parse(organizationId), idSchema.parse(connectionId));
    return null;
  });
}

export async function setConnectionEnabledAction(organizationId: string, connectionId: string, enabled: boolean, skipTest = false): Promise<ActionResult<ConnectionView>> {
  return run(enabled ? "enable" : "disable", async () => {
    const ctx = await requireMutationContext();
    const org = idSchema.parse(organizationId);
    const conn = idSchema.parse(connectionId);
    return enabled ? enableConnection(ctx, org, conn, { skip_test: skipTest === true }) : disableConnection(ctx, org, conn);
  });
}

export async function startTestAction(organizationId: string, connectionId: string): Promise<ActionResult<{ url: string }>> {
  return run("start_test", async () => startTest(await requireMutationContext(), idSchema.parse(organizationId), idSchema.parse(connectionId)));
}

export async function getTestResultAction(organizationId: string, testId: string): Promise<ActionResult<TestResultView>> {
  return run("test_result", async () => getTestResult(await requirePrincipal(), idSchema.parse(organizationId), idSchema.parse(testId)));
}
