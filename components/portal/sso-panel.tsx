"use client";
import { QueryProvider } from "@/components/query-provider";
import { SsoPanel } from "@/components/sso";
import { ToastProvider } from "@/components/ui";
import { emitPortalEvent } from "./event-bus";

// The portal's Single sign-on tab: the SSO panel, announcing enable / disable to the host app as
// ORGANIZATION_SSO_ENABLED / ORGANIZATION_SSO_DISABLED browser events.
export function PortalSsoPanel({ organizationId }: { organizationId: string }) {
  return (
    <QueryProvider>
      <ToastProvider placement="top-on-phones">
        <SsoPanel
          organizationId={organizationId}
          resultHref={(id) => `/portal/sso/tests/${id}`}
          onEnabledChange={(conn, enabled) => emitPortalEvent(enabled ? "ORGANIZATION_SSO_ENABLED" : "ORGANIZATION_SSO_DISABLED", {
            connection_type: "SSO", id: conn.id, organization_id: conn.organization_id, type: conn.type, provider: conn.provider, enabled,
          })}
        />
      </ToastProvider>
    </QueryProvider>
  );
}
