"use client";
import { QueryProvider } from "@/components/query-provider";
import { DirectorySyncPanel } from "@/components/directory-sync/panel";
import { RoleMappingPanel } from "@/components/roles/role-mapping-panel";
import { ToastProvider } from "@/components/ui";

export function OrganizationDirectorySync({ organizationId, readOnly, rolesReadOnly }: { organizationId: string; readOnly: boolean; rolesReadOnly: boolean }) {
  return (
    <QueryProvider>
      <ToastProvider>
        <div className="flex flex-col gap-10">
          <DirectorySyncPanel organizationId={organizationId} readOnly={readOnly} />
          <RoleMappingPanel organizationId={organizationId} readOnly={rolesReadOnly} />
        </div>
      </ToastProvider>
    </QueryProvider>
  );
}
