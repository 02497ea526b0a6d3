import type { CSSProperties, ReactNode } from "react";
import { accentForegroundRgb, accentRgb, type Branding } from "@/lib/settings/branding";

// The portal's outer frame: the deployment's branding (logo, name, accent colour as --accent) and, when
// there is a session, the organization's name. Used by every portal page, including the error pages.
// A link made with show_header: false leaves the header out (the host page says whose settings these
// are); the organization's name then stays as the page's heading for assistive tech only.
// data-portal-root is what the shell measures for PORTAL_RESIZE: inside a frame it loses its screen-tall
// minimum (globals.css), so its height is the content's.

export function PortalFrame({ branding, organizationName, showHeader = true, children }: {
  branding: Branding; organizationName?: string; showHeader?: boolean; children: ReactNode;
}) {
  const style = { "--accent": accentRgb(branding.accent_color), "--accent-foreground": accentForegroundRgb(branding.accent_color) } as CSSProperties;
  return (
    <div style={style} data-portal-root="" className="flex min-h-screen flex-col bg-slate-50">
      {showHeader ? (
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-5xl items-center gap-3 px-4 py-3 sm:px-6">
            {branding.logo_url ? (
              // eslint-disable-next-line @next/next/no-img-element -- the vendor's logo is an uploaded data: URL
              <img src={branding.logo_url} alt="" className="h-7 w-auto max-w-[120px] shrink-0 object-contain" />
            ) : (
              <span aria-hidden className="grid size-7 shrink-0 place-items-center rounded-md bg-accent text-sm font-semibold text-accent-foreground">
                {Array.from(branding.name)[0]?.toUpperCase()}
              </span>
            )}
            <div className="min-w-0">
              <p className="truncate text-xs font-medium text-slate-500">{branding.name} admin portal</p>
              {organizationName ? <h1 className="truncate text-base font-semibold text-slate-900" data-testid="portal-organization">{organizationName}</h1> : null}
            </div>
          </div>
        </header>
      ) : organizationName ? (
        <h1 className="sr-only" data-testid="portal-organization">{organizationName}</h1>
      ) : null}
      {children}
    </div>
  );
}
