import type { Metadata, Viewport } from "next";
import { PHASE_PRODUCTION_BUILD } from "next/constants";
import { headers } from "next/headers";
import { DEFAULT_BRANDING, getBranding } from "@/lib/settings/branding";
import { faviconFor } from "@/lib/settings/favicon";
import { log } from "@/lib/log";
import "./globals.css";

// The favicon is the deployment's (Settings → Portal & branding), for the console and the portal alike;
// its version in the URL makes browsers fetch a new one as soon as it changes.
export async function generateMetadata(): Promise<Metadata> {
  // A page that can render without the database (the home page) still does when it is down.
  // The build prerenders the not-found page with no database to read.
  const branding = process.env.NEXT_PHASE === PHASE_PRODUCTION_BUILD ? DEFAULT_BRANDING : await getBranding().catch((err: unknown) => {
    log.warn({ err }, "branding unavailable; using the default favicon");
    return DEFAULT_BRANDING;
  });
  const icon = faviconFor(branding);
  return {
    title: { default: "Portico", template: "%s · Portico" },
    description: "Identity admin plane: service principals, SSO, directory sync and audit for your B2B app.",
    icons: { icon: [{ url: `/favicon.ico?v=${icon.version}`, type: icon.type }] },
  };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// Every page is rendered per request: the CSP nonce set by proxy.ts differs each time, and Next.js
// applies it to its scripts only when rendering dynamically.
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await headers();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
