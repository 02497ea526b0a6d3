"use client";

import { useRouter } from "next/navigation";
import { QueryProvider } from "@/components/query-provider";
import { ServicePrincipalsPanel } from "@/components/service-principals";
import { ToastProvider } from "@/components/ui";

/**
 * The organization's service principals, with the same screens tenant admins get in the portal (in the
 * console's words). Each change refreshes the page's counts.
 */
export function OrganizationServicePrincipals({ organizationId, readOnly }: { organizationId: string; readOnly: boolean }) {
  const router = useRouter();
  return (
    <QueryProvider>
      <ToastProvider>
        <ServicePrincipalsPanel organizationId={organizationId} readOnly={readOnly} onChanged={() => router.refresh()} />
      </ToastProvider>
    </QueryProvider>
  );
}
