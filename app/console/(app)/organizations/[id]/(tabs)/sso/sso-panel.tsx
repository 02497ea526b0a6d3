"use client";
import { QueryProvider } from "@/components/query-provider";
import { SsoPanel } from "@/components/sso";
import { ToastProvider } from "@/components/ui";

/** The organization's single sign-on, with the screens tenant admins get in the portal (operators may enable without a test, audited). */
export function OrganizationSso({ organizationId, readOnly }: { organizationId: string; readOnly: boolean }) {
  return (
    <QueryProvider>
      <ToastProvider>
        <SsoPanel organizationId={organizationId} readOnly={readOnly} canSkipTest={!readOnly} resultHref={(id) => `/console/organizations/${organizationId}/sso/tests/${id}`} />
      </ToastProvider>
    </QueryProvider>
  );
}
