"use server";

import { runAction } from "@/lib/actions/server";
import { parseInput } from "@/lib/errors";
import { requireOperatorContext } from "@/lib/operators/guard";
import { sessionDefaultsSchema, updateSessionDefaults } from "@/lib/session-settings";

export async function updateSessionDefaultsAction(input: unknown) {
  return runAction("settings.session_defaults", async () => updateSessionDefaults(await requireOperatorContext(), parseInput(sessionDefaultsSchema, input)),
    { revalidate: "/console/settings/sessions" });
}
