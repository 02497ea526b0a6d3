"use client";
import { QueryProvider } from "@/components/query-provider";
import { ServicePrincipalsPanel } from "@/components/service-principals";
import { ToastProvider } from "@/components/ui";
import { emitPortalEvent } from "./event-bus";

// The portal's API clients tab: the service-principal panel in tenant words (API clients), announcing
// creations and deletions to the host app as browser events (never with a secret).
export function ApiClientsPanel({ organizationId }: { organizationId: string }) {
  return (
    <QueryProvider>
      <ToastProvider placement="top-on-phones">
        <ServicePrincipalsPanel
          organizationId={organizationId}
          audience="tenant"
          onCreated={(c) => emitPortalEvent("SERVICE_PRINCIPAL_CREATED", { client_id: c.client_id, name: c.name })}
          onDeleted={(c) => emitPortalEvent("SERVICE_PRINCIPAL_DELETED", { client_id: c.client_id, name: c.name })}
        />
      </ToastProvider>
    </QueryProvider>
  );
}
