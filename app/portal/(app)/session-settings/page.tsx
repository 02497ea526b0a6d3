import { SessionSettingsForm } from "@/components/portal/session-settings-form";
import { portalPageContext } from "@/lib/portal/page-session";
import { getOrganizationSessionSettings } from "@/lib/session-settings";

export default async function SessionSettingsPage() {
  const context = await portalPageContext("session_settings");
  if (!context) return null;
  const view = await getOrganizationSessionSettings(context.principal, context.session.organizationId);
  return (
    <section aria-labelledby="session-settings-title" className="max-w-2xl">
      <h2 id="session-settings-title" className="text-lg font-semibold text-slate-900">Session settings</h2>
      <p className="mt-1 mb-5 text-sm text-slate-600">
        Shorten how long sessions and tokens last for your organization. Leave a field empty to use the default.
      </p>
      <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
        <SessionSettingsForm view={view} />
      </div>
    </section>
  );
}
