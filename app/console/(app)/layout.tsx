import { requireOperatorPage } from "@/lib/operators/guard";
import { ConsoleNav } from "@/app/console/_components/console-nav";
import { SessionActivity } from "@/app/console/_components/session-activity";

// The signed-in console: navigation, the operator and their role, sign-out. Every page below also checks
// the session itself (layouts are not re-run on every navigation).
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const operator = await requireOperatorPage();
  return (
    <div className="min-h-screen lg:flex">
      <ConsoleNav email={operator.email} role={operator.role} />
      <SessionActivity />
      <main className="min-w-0 flex-1 px-4 py-6 sm:px-6 lg:px-10 lg:py-8">{children}</main>
    </div>
  );
}
