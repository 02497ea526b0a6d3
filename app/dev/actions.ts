"use server";
import { redirect } from "next/navigation";
import { runAction } from "@/lib/actions/server";
import type { ActionResult } from "@/lib/actions/result";
import { requireMutationContext } from "@/lib/caller";
import { devToolsEnabled } from "@/lib/dev/session";
import { forbidden, invalid, parseInput } from "@/lib/errors";
import { createOrganization } from "@/lib/organizations";
import { createOrganizationSchema, DEFAULT_FEATURES } from "@/lib/organizations/schemas";

/** Creates an organization from the /dev page and opens it (a form action: the previous state is unused). */
export async function createDevOrganization(_previous: ActionResult<null> | null, form: FormData): Promise<ActionResult<null>> {
  return runAction("dev.create_organization", async () => {
    if (!devToolsEnabled()) throw forbidden("Dev tools are off");
    // Called as the form's action it always gets FormData; anything else is a hand-made call.
    if (!(form instanceof FormData)) throw invalid("form", "must be the form's data");
    const input = parseInput(createOrganizationSchema, { display_name: form.get("display_name"), features: DEFAULT_FEATURES });
    const { id } = await createOrganization(await requireMutationContext(), input);
    redirect(`/dev/organizations/${id}`);
  });
}
