import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TestResult } from "@/components/sso";
import { DomainError } from "@/lib/errors";
import { getTestResult } from "@/lib/sso/tests";
import { loadOrganizationPage } from "../../../load";

export const metadata: Metadata = { title: "Test connection result" };

/** One Test connection result, under the organization's Single sign-on tab. */
export default async function ConsoleTestResultPage({ params }: { params: Promise<{ id: string; test_id: string }> }) {
  const { id, test_id: testId } = await params;
  const { operator } = await loadOrganizationPage(id);
  const result = await getTestResult(operator, id, testId).catch((err: unknown) => {
    if (err instanceof DomainError) notFound();
    throw err;
  });
  return (
    <div className="flex flex-col gap-4">
      <Link href={`/console/organizations/${id}/sso`} className="text-sm text-slate-600 hover:underline">← All connections</Link>
      <TestResult result={result} />
    </div>
  );
}
