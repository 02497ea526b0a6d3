import { redirect } from "next/navigation";
import { getPortalSession } from "@/lib/portal/principal";
import { portalTabsFor } from "@/lib/portal/tabs";

// The portal's front door: the first tab this session may use.
export default async function PortalHome() {
  const session = await getPortalSession();
  if (!session) return null;
  const [first] = portalTabsFor(session.features);
  if (first) redirect(first.href);
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6 text-sm text-slate-600">
      This link does not give access to any part of the admin portal. Ask your app&apos;s administrator for a link with the features you need.
    </div>
  );
}
