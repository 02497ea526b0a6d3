import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import Script from "next/script";
import { examplesRefusal } from "@/lib/portal/examples";

export const metadata: Metadata = { title: "Embedding example", robots: { index: false } };

// An example host page: asks its backend (/examples/portal-link) for a portal link, embeds it with
// allow="clipboard-write", and lists the portal's browser events. The browser code is
// public/examples/embed.js, the snippet to copy. Needs PORTICO_EXAMPLES=1 and ?organization_id=org_…, and
// like its route answers only on this machine (lib/portal/examples.ts); elsewhere it does not exist.
export default async function EmbedExample() {
  const h = await headers();
  if (examplesRefusal(h)) notFound();
  const nonce = h.get("x-nonce") ?? undefined;
  return (
    <main className="mx-auto max-w-4xl p-4 sm:p-6">
      <h1 className="text-xl font-semibold text-slate-900">Your app: organization settings</h1>
      <p className="mt-1 mb-3 text-sm text-slate-600">The admin portal below is served by Portico and embedded with an iframe.</p>
      <div id="portico-status" role="status" className="text-sm text-slate-700" />
      <div id="portico-portal" data-link-endpoint="/examples/portal-link" />
      <h2 className="mt-4 text-base font-semibold text-slate-900">Events from the portal</h2>
      <ul id="portico-events" aria-live="polite" className="list-disc pl-5 font-mono text-xs text-slate-700" />
      {/* After hydration, so React does not replace the iframe the snippet adds. */}
      <Script src="/examples/embed.js" nonce={nonce} strategy="afterInteractive" />
    </main>
  );
}
