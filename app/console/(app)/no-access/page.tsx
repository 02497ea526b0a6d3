import type { Metadata } from "next";
import Link from "next/link";
import { requireOperatorPage } from "@/lib/operators/guard";

export const metadata: Metadata = { title: "No access" };

export default async function NoAccessPage() {
  const operator = await requireOperatorPage();
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
      <h1 className="text-lg font-semibold text-slate-900">You can&apos;t open that page</h1>
      <p className="mt-1 text-sm text-slate-600">
        {operator.role === "auditor" ? "Auditors have read-only access: they see everything and change nothing." : "Only owners can do that."}
      </p>
      <Link href="/console" className="mt-4 inline-block text-sm text-accent hover:underline">Back to the console</Link>
    </div>
  );
}
