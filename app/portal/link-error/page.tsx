import type { Metadata } from "next";
import Link from "next/link";
import { PortalFrame } from "@/components/portal/portal-frame";
import { buttonClasses } from "@/components/ui";
import { getPortalSession } from "@/lib/portal/principal";
import { getBranding } from "@/lib/settings/branding";

export const metadata: Metadata = { title: "Portal link", robots: { index: false } };

// Shown when a portal link cannot be opened. It says why and what to do, and nothing about the
// organization the link was for. A used link opened while this browser still has a live portal session
// (the host page reloaded its iframe with the same link, say) offers to continue that session.

const REASONS = {
  used: {
    title: "This portal link has already been used",
    body: "Links that open the admin portal from your app work only once.",
  },
  expired: {
    title: "This portal link has expired",
    body: "Links from your app must be opened within a minute, and shared links last 7 days.",
  },
  revoked: {
    title: "This portal link has been revoked",
    body: "It was turned off, by your app or by whoever shared it with you, so it no longer opens the admin portal.",
  },
  invalid: {
    title: "This portal link is not valid",
    body: "It may have been copied incompletely.",
  },
} as const;

export default async function LinkErrorPage({ searchParams }: { searchParams: Promise<{ reason?: string }> }) {
  const { reason } = await searchParams;
  const key = (reason && reason in REASONS ? reason : "invalid") as keyof typeof REASONS;
  const { title, body } = REASONS[key];
  const canContinue = key === "used" && (await getPortalSession()) !== null;
  return (
    <PortalFrame branding={await getBranding()}>
      <main className="mx-auto w-full max-w-lg flex-1 px-4 py-10 sm:px-6" data-testid={`link-error-${key}`}>
        <div role="alert" className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="text-lg font-semibold text-slate-900">{title}</h1>
          <p className="mt-2 text-sm text-slate-600">{body}</p>
          {canContinue ? (
            <>
              <p className="mt-2 text-sm text-slate-600">You still have an open admin portal session in this browser.</p>
              <Link href="/portal" className={buttonClasses({ variant: "primary", className: "mt-4" })}>Continue to the portal</Link>
            </>
          ) : null}
          <p className={canContinue ? "mt-4 text-xs text-slate-500" : "mt-2 text-sm text-slate-600"}>
            {key === "revoked"
              ? "Open the admin portal again from your app, or ask whoever shared the link for a new one."
              : "Go back to your app and open the admin portal again; it will make a new link. If someone shared this link with you, ask them for a new one."}
          </p>
        </div>
      </main>
    </PortalFrame>
  );
}
