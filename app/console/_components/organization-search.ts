"use server";

import { listOrganizations } from "@/lib/organizations";
import { getOperatorPrincipal } from "@/lib/operators/principal";
import { isStorableText, truncateText } from "@/lib/validation/text";

/**
 * Suggestions for the console's organization filters: a few organizations whose name matches, or that
 * id. Nothing to suggest without a console session (the page around it sends the user to sign in) or for
 * text that cannot match anything stored.
 */
export async function suggestOrganizationsAction(text: unknown): Promise<{ id: string; name: string }[]> {
  const q = typeof text === "string" ? truncateText(text.trim(), 200) : "";
  if (q.length < 2 || !isStorableText(q)) return [];
  const principal = await getOperatorPrincipal();
  if (!principal) return [];
  const page = await listOrganizations(principal, { search: q, limit: 8, sort: "name_asc" });
  return page.organizations.map((o) => ({ id: o.id, name: o.display_name }));
}
