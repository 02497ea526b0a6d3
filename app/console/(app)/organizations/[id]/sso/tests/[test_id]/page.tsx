import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TestResult } from "@/components/sso";
import { DomainError } from "@/lib/errors";
import { requireOperatorPage } from "@/lib/operators/guard";
import { getTestResult } from "@/lib/sso/tests";

export const metadata: Metadata = { title: "Test connection result" };

export default async function ConsoleTestResultPage({ params }: { params: Promise<{ id: string; test_id: string }> }) {
  const operator = await requireOperatorPage("connections:read");
  const { id, test_id: testId } = await params;
  const result = await getTestResult(operator, id, testId).catch((err: unknown) => {
    if (err instanceof DomainError) notFound();
    throw err;
  });
  return (
    <div className="flex flex-col gap-4">
      <Link href={`/console/organizations/${id}/sso`} className="text-sm text-slate-600 hover:underline">← Single sign-on</Link>
      <TestResult result={result} />
    </div>
  );
}
