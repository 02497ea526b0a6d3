import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { DomainError } from "@/lib/errors";
import { getOrganization } from "@/lib/organizations";
import { requireOperatorPage } from "@/lib/operators/guard";

/** The signed-in operator and the organization of the page, read once per request (the layout and its tab both ask). */
export const loadOrganizationPage = cache(async (id: string) => {
  const operator = await requireOperatorPage("organizations:read");
  const organization = await getOrganization(operator, id).catch((err: unknown) => {
    if (err instanceof DomainError && err.code === "not_found") notFound();
    throw err;
  });
  return { operator, organization };
});
