"use client";

import { QueryProvider } from "@/components/query-provider";
import { ServicePrincipalsPanel } from "@/components/service-principals";
import { ToastProvider } from "@/components/ui";

/** The organization's service principals, with the same screens tenant admins get in the portal. */
export function OrganizationServicePrincipals({ organizationId, readOnly }: { organizationId: string; readOnly: boolean }) {
  return (
    <QueryProvider>
      <ToastProvider>
        <ServicePrincipalsPanel organizationId={organizationId} readOnly={readOnly} />
      </ToastProvider>
    </QueryProvider>
  );
}
