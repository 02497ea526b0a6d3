"use server";
import { runAction } from "@/lib/actions/server";
import type { ActionResult } from "@/lib/actions/result";
import { requireMutationContext, requirePrincipal } from "@/lib/caller";
import { addDomain, checkDomain, deleteDomain, listDomains, verifyDomainManually, type DomainView } from "@/lib/domains";
import { addDomainSchema, manualVerificationSchema } from "@/lib/domains/schemas";
import { parseInput } from "@/lib/errors";
import { idOf } from "@/lib/validation/ids";

// Server actions behind the Domains screens (portal tab and console). Each resolves the caller (portal
// session with its CSRF checks, console operator, or the dev-tools session), parses the input with the
// shared schema and calls lib/domains; runAction turns failures into the one failure shape.


export async function listDomainsAction(organizationId: string): Promise<ActionResult<DomainView[]>> {
  return runAction("domains.list", async () => listDomains(await requirePrincipal(), idOf("organization", organizationId)));
}

export async function addDomainAction(organizationId: string, input: unknown): Promise<ActionResult<DomainView>> {
  return runAction("domains.add", async () => addDomain(await requireMutationContext(), idOf("organization", organizationId), parseInput(addDomainSchema, input)));
}

export async function checkDomainAction(organizationId: string, domainId: string): Promise<ActionResult<DomainView>> {
  return runAction("domains.check", async () => checkDomain(await requireMutationContext(), idOf("organization", organizationId), idOf("domain", domainId)));
}

export async function deleteDomainAction(organizationId: string, domainId: string): Promise<ActionResult<null>> {
  return runAction("domains.delete", async () => {
    await deleteDomain(await requireMutationContext(), idOf("organization", organizationId), idOf("domain", domainId));
    return null;
  });
}

export async function verifyDomainManuallyAction(organizationId: string, domainId: string, input: unknown): Promise<ActionResult<DomainView>> {
  return runAction("domains.verify_manually", async () =>
    verifyDomainManually(await requireMutationContext(), idOf("organization", organizationId), idOf("domain", domainId), parseInput(manualVerificationSchema, input)));
}
