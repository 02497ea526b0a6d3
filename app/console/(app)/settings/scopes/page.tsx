import type { Metadata } from "next";
import { can } from "@/lib/authz";
import { listApiResources } from "@/lib/scope-catalog";
import { requireOperatorPage } from "@/lib/operators/guard";
import { ScopeCatalog } from "./scope-controls";

export const metadata: Metadata = { title: "Scope catalog" };

export default async function ScopeCatalogPage() {
  const operator = await requireOperatorPage("settings:read");
  const apis = await listApiResources(operator);
  return <ScopeCatalog apis={apis} canWrite={can(operator, "settings:write")} />;
}
