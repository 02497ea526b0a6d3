"use client";
import { QueryProvider } from "@/components/query-provider";
import { DirectorySyncPanel } from "@/components/directory-sync/panel";
import { RoleMappingPanel } from "@/components/roles/role-mapping-panel";
import { ToastProvider } from "@/components/ui";
import { emitPortalEvent } from "./event-bus";

// The portal's Directory sync tab: enabling or disabling a directory is announced to the host app as
// ORGANIZATION_DIRECTORY_ENABLED / _DISABLED.
export function DirectorySyncTab({ organizationId }: { organizationId: string }) {
  return (
    <QueryProvider>
      <ToastProvider placement="top-on-phones">
        <DirectorySyncPanel
          organizationId={organizationId}
          onEnabledChange={(d) => emitPortalEvent(d.enabled ? "ORGANIZATION_DIRECTORY_ENABLED" : "ORGANIZATION_DIRECTORY_DISABLED", {
            id: d.id, directory_type: d.directory_type, provider: d.provider, enabled: d.enabled, organization_id: d.organization_id,
          })}
        />
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
