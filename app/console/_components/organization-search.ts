"use server";

import { listOrganizations } from "@/lib/organizations";
import { requireOperatorContext } from "@/lib/operators/guard";

/** Suggestions for the console's organization filters: a few organizations whose name matches, or that id. */
export async function suggestOrganizationsAction(text: unknown): Promise<{ id: string; name: string }[]> {
  const q = typeof text === "string" ? text.trim().slice(0, 200) : "";
  if (q.length < 2) return [];
  const { principal } = await requireOperatorContext();
  const page = await listOrganizations(principal, { search: q, limit: 8, sort: "name_asc" });
  return page.organizations.map((o) => ({ id: o.id, name: o.display_name }));
}
