import type { Metadata } from "next";
import { PortalFrame } from "@/components/portal/portal-frame";
import { PortalShell } from "@/components/portal/portal-shell";
import { PortalTabs } from "@/components/portal/portal-tabs";
import { SessionEnded } from "@/components/portal/session-ended";
import { publicUrl } from "@/lib/config/env";
import { portalEventsCursor } from "@/lib/portal/browser-events";
import { allowedOrigins } from "@/lib/portal/origins";
import { getPortalSession, hasPortalSessionCookie } from "@/lib/portal/principal";
import { csrfTokenFor, sessionTiming } from "@/lib/portal/sessions";
import { portalTabsFor } from "@/lib/portal/tabs";
import { getBranding } from "@/lib/settings/branding";

export const metadata: Metadata = { title: "Admin portal", robots: { index: false } };

// Every portal screen: branding, the organization's name (unless the link asked for no header), the tabs
// this session may use, and the client shell (CSRF header, browser events, PORTAL_RESIZE, session expiry).
// Events go to the allowed origins and to Portico's own (which may frame the portal too, like the example
// host page). Without a live session: "open it from your app" (never opened here) or "ended".
export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const [session, branding] = await Promise.all([getPortalSession(), getBranding()]);
  if (!session) {
    return (
      <PortalFrame branding={branding}>
        <SessionEnded reason={(await hasPortalSessionCookie()) ? "ended" : "none"} headingLevel={1} />
      </PortalFrame>
    );
  }
  return (
    <PortalFrame branding={branding} organizationName={session.organizationName} showHeader={session.showHeader}>
      <PortalShell
        organizationId={session.organizationId}
        csrfToken={csrfTokenFor(session.id)}
        allowedOrigins={[new URL(publicUrl()).origin, ...(await allowedOrigins())]}
        timing={sessionTiming(session)}
        eventsCursor={await portalEventsCursor(session.organizationId)}
      >
        <PortalTabs tabs={portalTabsFor(session.features)} />
        <main className="mx-auto w-full max-w-5xl flex-1 px-4 py-5 sm:px-6">{children}</main>
      </PortalShell>
    </PortalFrame>
  );
}
