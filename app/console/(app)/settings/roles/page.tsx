import type { Metadata } from "next";
import { can } from "@/lib/authz";
import { requireOperatorPage } from "@/lib/operators/guard";
import { listRoles } from "@/lib/roles";
import { RoleRegistry } from "./role-registry";

export const metadata: Metadata = { title: "Roles" };

export default async function RolesSettingsPage() {
  const operator = await requireOperatorPage("roles:read");
  return <RoleRegistry roles={await listRoles(operator)} canWrite={can(operator, "roles:write")} />;
}
