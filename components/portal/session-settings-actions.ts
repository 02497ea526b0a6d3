"use server";
import { runAction } from "@/lib/actions/server";
import type { ActionResult } from "@/lib/actions/result";
import { requireMutationContext } from "@/lib/caller";
import { parseInput } from "@/lib/errors";
import { idOf } from "@/lib/validation/ids";
import { organizationSessionSettingsSchema, updateOrganizationSessionSettings, type OrganizationSessionSettingsView } from "@/lib/session-settings";

// Saves the organization's session overrides from the portal's Session settings tab. The form speaks
// minutes and converts them; the shared schema checks the seconds here; the domain decides what the
// deployment allows (only tightening its defaults).

export async function saveSessionSettingsAction(organizationId: unknown, input: unknown): Promise<ActionResult<OrganizationSessionSettingsView>> {
  return runAction("portal.session_settings", async () =>
    updateOrganizationSessionSettings(await requireMutationContext(), idOf("organization", organizationId), parseInput(organizationSessionSettingsSchema, input)),
  { revalidate: "/portal/session-settings" });
}
