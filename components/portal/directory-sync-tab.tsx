"use client";
import { QueryProvider } from "@/components/query-provider";
import { DirectorySyncPanel } from "@/components/directory-sync/panel";
import { RoleMappingPanel } from "@/components/roles/role-mapping-panel";
import { ToastProvider } from "@/components/ui";

// The portal's Directory sync tab. Enabling or disabling a directory reaches the host app as
// ORGANIZATION_DIRECTORY_ENABLED / _DISABLED from the server's event log, like every change.
export function DirectorySyncTab({ organizationId }: { organizationId: string }) {
  return (
    <QueryProvider>
      <ToastProvider placement="top-on-phones">
        <DirectorySyncPanel organizationId={organizationId} />
      </ToastProvider>
    </QueryProvider>
  );
}

/** The portal's Roles tab: the organization's group → role mapping. */
export function RolesTab({ organizationId }: { organizationId: string }) {
  return (
    <QueryProvider>
      <ToastProvider placement="top-on-phones">
        <RoleMappingPanel organizationId={organizationId} />
      </ToastProvider>
    </QueryProvider>
  );
}
