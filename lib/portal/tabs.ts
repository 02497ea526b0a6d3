import { isServedFeature } from "@/lib/organizations/features";

// The admin portal's tabs, each shown only when the organization and the link both have its feature and
// this deployment serves it (lib/organizations/features.ts). A later feature adds its row here; a row
// shows once its feature is marked served.

export interface PortalTab {
  feature: string;
  href: string;
  label: string;
}

export const PORTAL_TABS: PortalTab[] = [
  { feature: "api_clients", href: "/portal/api-clients", label: "API clients" },
  { feature: "sso", href: "/portal/sso", label: "Single sign-on" },
  { feature: "dir_sync", href: "/portal/directory-sync", label: "Directory sync" },
  { feature: "domain_verification", href: "/portal/domains", label: "Domains" },
  { feature: "roles", href: "/portal/roles", label: "Roles" },
  { feature: "session_settings", href: "/portal/session-settings", label: "Session settings" },
  { feature: "activity", href: "/portal/activity", label: "Activity" },
];

export function portalTabsFor(features: readonly string[]): PortalTab[] {
  return PORTAL_TABS.filter((t) => isServedFeature(t.feature) && features.includes(t.feature));
}
