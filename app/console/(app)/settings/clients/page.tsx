import type { Metadata } from "next";
import { can } from "@/lib/authz";
import { listEnvironmentClients } from "@/lib/service-principals";
import { listApiResources } from "@/lib/scope-catalog";
import { organizationNames } from "@/lib/organizations/overview";
import { requireOperatorPage } from "@/lib/operators/guard";
import { bootstrapManagementClientFromEnv } from "@/lib/management/bootstrap-client";
import { EnvironmentClients } from "./environment-clients";

export const metadata: Metadata = { title: "Environment clients" };

export default async function EnvironmentClientsPage() {
  const operator = await requireOperatorPage("settings:read");
  const [clients, apis] = await Promise.all([listEnvironmentClients(operator), listApiResources(operator)]);
  const names = await organizationNames(operator, clients.flatMap((c) => c.allowed_organization_ids));
  return (
    <EnvironmentClients clients={clients} apis={apis} organizationNames={Object.fromEntries(names)}
      bootstrapClientId={bootstrapManagementClientFromEnv()?.clientId ?? null} canWrite={can(operator, "settings:write")} />
  );
}
