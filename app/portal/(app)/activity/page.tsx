import { ActivityList } from "@/components/portal/activity-list";
import { activityKindsFor, isActivityKind, portalActivityPage } from "@/lib/portal/activity";
import { portalPageContext } from "@/lib/portal/page-session";

export default async function ActivityPage({ searchParams }: { searchParams: Promise<{ kind?: string }> }) {
  const context = await portalPageContext("activity");
  if (!context) return null;
  const { kind: raw } = await searchParams;
  const kind = isActivityKind(raw) ? raw : null;
  const page = await portalActivityPage(context.principal, null, kind);
  return (
    <section aria-labelledby="activity-title">
      <h2 id="activity-title" className="text-lg font-semibold text-slate-900">Activity</h2>
      <p className="mt-1 mb-4 text-sm text-slate-600">What happened in your organization&apos;s settings, newest first.</p>
      <ActivityList key={kind ?? "all"} kind={kind} kinds={activityKindsFor(context.session.features)} initial={page.events} initialCursor={page.next_cursor} />
    </section>
  );
}
