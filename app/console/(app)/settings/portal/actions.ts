"use server";

import { z } from "zod";
import { runAction } from "@/lib/actions/server";
import { parseInput } from "@/lib/errors";
import { requireOperatorContext } from "@/lib/operators/guard";
import { addAllowedOrigin, removeAllowedOrigin } from "@/lib/portal/origins";
import { brandingSchema, updateBranding } from "@/lib/settings/branding";

// Portal & branding settings: allowed origins (who may embed the portal) and the portal's branding.

const PAGE = "/console/settings/portal";
const originSchema = z.object({ origin: z.string().max(300, "must be at most 300 characters") });

export async function addAllowedOriginAction(origin: unknown) {
  return runAction("settings.add_origin", async () => addAllowedOrigin(await requireOperatorContext(), parseInput(originSchema, { origin: String(origin ?? "") }).origin),
    { revalidate: PAGE });
}

export async function removeAllowedOriginAction(origin: unknown) {
  return runAction("settings.remove_origin", async () => {
    await removeAllowedOrigin(await requireOperatorContext(), parseInput(originSchema, { origin: String(origin ?? "") }).origin);
    return null;
  }, { revalidate: PAGE });
}

export async function updateBrandingAction(input: unknown) {
  return runAction("settings.branding", async () => updateBranding(await requireOperatorContext(), parseInput(brandingSchema, input)), { revalidate: PAGE });
}
