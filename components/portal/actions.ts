"use server";
import { requireMutationContext, requirePrincipal } from "@/lib/authz/session";
import { DomainError } from "@/lib/errors";
import { log } from "@/lib/log";
import { createPortalLink, listShareableLinks, revokePortalLink } from "@/lib/portal/links";
import type { PortalLinkCreated, PortalLinkView } from "@/lib/portal/schemas";

// Server actions behind the console's "Generate portal link" panel. The domain authorizes and audits.

export type PortalLinkActionResult<T> = { ok: true; data: T } | { ok: false; message: string; field?: string };

async function run<T>(fn: () => Promise<T>): Promise<PortalLinkActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, message: err.message, field: err.field };
    log.error({ err }, "portal link action failed");
    return { ok: false, message: "Something went wrong on our side. Try again in a moment." };
  }
}

export async function generatePortalLinkAction(organizationId: string, input: { kind: "embedded" | "shareable"; features: string[] }): Promise<PortalLinkActionResult<PortalLinkCreated>> {
  return run(async () => createPortalLink(await requireMutationContext(), organizationId, input));
}

export async function listShareableLinksAction(organizationId: string): Promise<PortalLinkActionResult<PortalLinkView[]>> {
  return run(async () => listShareableLinks(await requirePrincipal(), organizationId));
}

export async function revokePortalLinkAction(organizationId: string, linkId: string): Promise<PortalLinkActionResult<PortalLinkView>> {
  return run(async () => revokePortalLink(await requireMutationContext(), organizationId, linkId));
}
