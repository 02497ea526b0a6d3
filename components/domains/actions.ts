"use server";
import { z } from "zod";
import type { ActionResult } from "@/components/service-principals/result";
import { requireMutationContext, requirePrincipal } from "@/lib/authz/session";
import { addDomain, checkDomain, deleteDomain, listDomains, verifyDomainManually, type DomainView } from "@/lib/domains";
import { addDomainSchema, manualVerificationSchema } from "@/lib/domains/schemas";
import { DomainError } from "@/lib/errors";
import { log } from "@/lib/log";

// Server actions behind the Domains screens (portal tab and console). Each resolves the caller (portal
// session with its CSRF checks, console operator, or the dev-tools session), parses the input with the
// shared schema, calls lib/domains, and turns failures into a result the form shows next to the field.

const idSchema = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/);

function fromZod(error: z.ZodError): ActionResult<never> {
  return { ok: false, error: { code: "invalid", message: "Some fields need attention", fields: error.issues.map((i) => ({ field: i.path.join(".") || "name", message: i.message })) } };
}

async function run<T>(what: string, fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, error: { code: err.code, message: err.message, fields: err.field ? [{ field: err.field, message: err.message }] : [] } };
    if (err instanceof z.ZodError) return fromZod(err);
    log.error({ err, action: what }, "domain action failed");
    return { ok: false, error: { code: "internal", message: "Something went wrong on our side. Try again; if it keeps failing, contact your administrator.", fields: [] } };
  }
}

export async function listDomainsAction(organizationId: string): Promise<ActionResult<DomainView[]>> {
  return run("list", async () => listDomains(await requirePrincipal(), idSchema.parse(organizationId)));
}

export async function addDomainAction(organizationId: string, input: unknown): Promise<ActionResult<DomainView>> {
  const parsed = addDomainSchema.safeParse(input);
  if (!parsed.success) return fromZod(parsed.error);
  return run("add", async () => addDomain(await requireMutationContext(), idSchema.parse(organizationId), parsed.data));
}

export async function checkDomainAction(organizationId: string, domainId: string): Promise<ActionResult<DomainView>> {
  return run("check", async () => checkDomain(await requireMutationContext(), idSchema.parse(organizationId), idSchema.parse(domainId)));
}

export async function deleteDomainAction(organizationId: string, domainId: string): Promise<ActionResult<null>> {
  return run("delete", async () => {
    await deleteDomain(await requireMutationContext(), idSchema.parse(organizationId), idSchema.parse(domainId));
    return null;
  });
}

export async function verifyDomainManuallyAction(organizationId: string, domainId: string, input: unknown): Promise<ActionResult<DomainView>> {
  const parsed = manualVerificationSchema.safeParse(input);
  if (!parsed.success) return fromZod(parsed.error);
  return run("verify_manually", async () => verifyDomainManually(await requireMutationContext(), idSchema.parse(organizationId), idSchema.parse(domainId), parsed.data));
}
