"use client";
import { QueryProvider } from "@/components/query-provider";
import { SsoPanel } from "@/components/sso";
import { ToastProvider } from "@/components/ui";

// The portal's Single sign-on tab. Enabling or disabling a connection reaches the host app as
// ORGANIZATION_SSO_ENABLED / _DISABLED from the server's event log, like every change.
export function PortalSsoPanel({ organizationId }: { organizationId: string }) {
  return (
    <QueryProvider>
      <ToastProvider placement="top-on-phones">
        <SsoPanel organizationId={organizationId} resultHref={(id) => `/portal/sso/tests/${id}`} />
      </ToastProvider>
    </QueryProvider>
  );
}
