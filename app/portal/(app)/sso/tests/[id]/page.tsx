import Link from "next/link";
import { notFound } from "next/navigation";
import { TestResult } from "@/components/sso";
import { DomainError } from "@/lib/errors";
import { portalPageContext } from "@/lib/portal/page-session";
import { getTestResult } from "@/lib/sso/tests";

// A Test connection result inside the portal (the admin's detailed view; end users never see it).
export default async function SsoTestResultPage({ params }: { params: Promise<{ id: string }> }) {
  const context = await portalPageContext("sso");
  if (!context) return null;
  const { id } = await params;
  const result = await getTestResult(context.principal, context.session.organizationId, id).catch((err) => {
    if (err instanceof DomainError) notFound();
    throw err;
  });
  return (
    <div className="flex flex-col gap-4">
      <Link href="/portal/sso" className="text-sm font-medium text-accent underline underline-offset-2">← Single sign-on</Link>
      <TestResult result={result} />
    </div>
  );
}
