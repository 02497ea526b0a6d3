import { redirect } from "next/navigation";
import { featureLabels } from "@/lib/organizations/schemas";
import { getPortalSession } from "@/lib/portal/principal";
import { portalTabsFor } from "@/lib/portal/tabs";

// The portal's front door: the first tab this session may use. When there is none, say why: the
// organization has no portal features (the app's administrator turns them on), or it has some but the
// link was made for others (a new link from the app includes them).
export default async function PortalHome() {
  const session = await getPortalSession();
  if (!session) return null;
  const [first] = portalTabsFor(session.features);
  if (first) redirect(first.href);
  const organizationLacks = session.organizationFeatures.length === 0;
  return (
    <div role="status" className="rounded-lg border border-slate-200 bg-white p-6 text-sm text-slate-600" data-testid="portal-no-access">
      <h2 className="text-base font-semibold text-slate-900">
        {organizationLacks ? "Nothing to manage here yet" : "This link opens none of your organization's settings"}
      </h2>
      {organizationLacks ? (
        <p className="mt-2">
          {session.linkFeatures.length
            ? `Your organization does not have ${featureLabels(session.linkFeatures).join(", ")} turned on. `
            : "Your organization has no admin portal features turned on yet. "}
          Ask your app&apos;s administrator to turn on what you need; the link you used is fine.
        </p>
      ) : (
        <p className="mt-2">
          Your organization can manage {featureLabels(session.organizationFeatures).join(", ")} here, but the link you used was made without them.
          Open the admin portal again from your app, or ask whoever sent you the link for a new one.
        </p>
      )}
    </div>
  );
}
