"use server";

import { runAction } from "@/lib/actions/server";
import { parseInput } from "@/lib/errors";
import { requireOperatorContext } from "@/lib/operators/guard";
import { updateCustomAttributes } from "@/lib/sso/custom-attributes";
import { customAttributesSchema } from "@/lib/sso/schemas";

// Settings → SSO attributes: the deployment's registry of custom SSO attributes.

export async function updateSsoCustomAttributesAction(input: unknown) {
  return runAction("settings.sso_custom_attributes", async () => updateCustomAttributes(await requireOperatorContext(), parseInput(customAttributesSchema, input)),
    { revalidate: "/console/settings/sso" });
}
