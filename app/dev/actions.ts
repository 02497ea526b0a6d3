"use server";
import { redirect } from "next/navigation";
import { requireMutationContext } from "@/lib/authz/session";
import { devToolsEnabled } from "@/lib/dev/session";
import { DomainError } from "@/lib/errors";
import { createOrganization } from "@/lib/organizations";
import { createOrganizationSchema } from "@/lib/organizations/schemas";

export interface DevOrganizationFormState { error?: string }

/** Creates an organization from the /dev page and opens it. */
export async function createDevOrganization(_prev: DevOrganizationFormState, form: FormData): Promise<DevOrganizationFormState> {
  if (!devToolsEnabled()) return { error: "Dev tools are off" };
  if (!(form instanceof FormData)) return { error: "Send the form" };
  const parsed = createOrganizationSchema.safeParse({ display_name: form.get("display_name"), features: ["api_clients", "session_settings", "activity"] });
  if (!parsed.success) return { error: `Name ${parsed.error.issues[0]?.message ?? "is invalid"}` };
  let id: string;
  try {
    id = (await createOrganization(await requireMutationContext(), parsed.data)).id;
  } catch (err) {
    if (err instanceof DomainError) return { error: err.message };
    throw err;
  }
  redirect(`/dev/organizations/${id}`);
}
