import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getOperatorPrincipal } from "@/lib/operators/principal";
import { needsOwnerSetup } from "@/lib/operators/owner-setup";
import { safeConsolePath } from "@/lib/operators/redirects";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeConsolePath(typeof params.callbackUrl === "string" ? params.callbackUrl : null);
  if (await getOperatorPrincipal()) redirect(next);
  if (await needsOwnerSetup()) redirect("/console/setup");
  const notice = params.ended === "1" ? "Your session ended. Sign in again." : params.invited === "1" ? "Your account is ready. Sign in with your new password." : null;
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-xl font-semibold text-slate-900">Sign in</h1>
      <p className="mt-1 text-sm text-slate-600">Use your operator account.</p>
      {notice && <p role="status" className="mt-4 rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">{notice}</p>}
      <SignInForm next={next} />
    </div>
  );
}
