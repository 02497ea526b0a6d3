"use client";
import { QueryProvider } from "@/components/query-provider";
import { ServicePrincipalsPanel } from "@/components/service-principals";
import { ToastProvider } from "@/components/ui";

// The portal's API clients tab: the service-principal panel in tenant words (API clients). Its creations and deletions reach the host
// page as browser events from the server (lib/portal/browser-events.ts), like every change.
export function ApiClientsPanel({ organizationId }: { organizationId: string }) {
  return (
    <QueryProvider>
      <ToastProvider placement="top-on-phones">
        <ServicePrincipalsPanel organizationId={organizationId} audience="tenant" />
      </ToastProvider>
    </QueryProvider>
  );
}
