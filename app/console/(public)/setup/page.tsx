import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { needsOwnerSetup } from "@/lib/operators/owner-setup";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Set up the owner account" };

export default async function SetupPage() {
  if (!(await needsOwnerSetup())) redirect("/console/sign-in");
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-xl font-semibold text-slate-900">Create the owner account</h1>
      <p className="mt-1 text-sm text-slate-600">
        This deployment has no operators yet. The first account is its owner: it can invite other operators and change every setting.
      </p>
      <SetupForm />
    </div>
  );
}
