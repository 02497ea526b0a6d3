"use server";
import { runAction } from "@/lib/actions/server";
import type { ActionResult } from "@/lib/actions/result";
import { requireMutationContext, requirePrincipal } from "@/lib/caller";
import { parseInput } from "@/lib/errors";
import { createPortalLink, listShareableLinks, revokePortalLink } from "@/lib/portal/links";
import { createPortalLinkSchema, type PortalLinkCreated, type PortalLinkView } from "@/lib/portal/schemas";
import { idOf } from "@/lib/validation/ids";

// Server actions behind the console's "Portal links" panel. The domain authorizes and audits.

export async function generatePortalLinkAction(organizationId: string, input: unknown): Promise<ActionResult<PortalLinkCreated>> {
  return runAction("portal_links.create", async () =>
    createPortalLink(await requireMutationContext(), idOf("organization", organizationId), parseInput(createPortalLinkSchema, input)));
}

export async function listShareableLinksAction(organizationId: string): Promise<ActionResult<PortalLinkView[]>> {
  return runAction("portal_links.list", async () => listShareableLinks(await requirePrincipal(), idOf("organization", organizationId)));
}

export async function revokePortalLinkAction(organizationId: string, linkId: string): Promise<ActionResult<PortalLinkView>> {
  return runAction("portal_links.revoke", async () =>
    revokePortalLink(await requireMutationContext(), idOf("organization", organizationId), idOf("portal_link", linkId)));
}
