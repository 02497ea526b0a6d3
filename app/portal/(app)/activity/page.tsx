import { ActivityList } from "@/components/portal/activity-list";
import { portalActivityPage } from "@/lib/portal/activity";
import { portalPageContext } from "@/lib/portal/page-session";

export default async function ActivityPage() {
  const context = await portalPageContext("activity");
  if (!context) return null;
  const page = await portalActivityPage(context.principal);
  return (
    <section aria-labelledby="activity-title">
      <h2 id="activity-title" className="text-lg font-semibold text-slate-900">Activity</h2>
      <p className="mt-1 mb-4 text-sm text-slate-600">Everything done in your organization&apos;s settings, newest first.</p>
      <ActivityList initial={page.events} initialCursor={page.next_cursor} />
    </section>
  );
}
