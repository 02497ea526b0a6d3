import type { Metadata } from "next";
import { cookies } from "next/headers";
import { TestResult } from "@/components/sso";
import { browserKeyFrom, SSO_BROWSER_COOKIE } from "@/lib/sso/browser-binding";
import { testResultForBrowser } from "@/lib/sso/tests";

export const metadata: Metadata = { title: "Test connection result", robots: { index: false } };
export const dynamic = "force-dynamic";

// Where the Test connection window lands: the result of the test this browser ran (its browser-binding
// cookie), the same view the portal shows. Anyone else gets a page that says nothing about it.
export default async function TestWindowResultPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const result = await testResultForBrowser(id, browserKeyFrom((await cookies()).get(SSO_BROWSER_COOKIE)?.value));
  return (
    <main className="mx-auto flex w-full max-w-3xl flex-col gap-4 px-4 py-6">
      {result ? (
        <>
          <TestResult result={result} />
          <p className="text-sm text-slate-600">The result is also in the admin portal&apos;s Single sign-on tab. You can close this window.</p>
        </>
      ) : (
        <div className="rounded-lg border border-slate-200 bg-white p-6">
          <h1 className="text-lg font-semibold text-slate-900">This test result is not available here</h1>
          <p className="mt-2 text-sm text-slate-600">Open it from the Single sign-on tab of the admin portal.</p>
        </div>
      )}
    </main>
  );
}
