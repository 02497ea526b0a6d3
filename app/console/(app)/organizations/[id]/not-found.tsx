import Link from "next/link";

export default function OrganizationNotFound() {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
      <p className="font-medium text-slate-900">Organization not found</p>
      <p className="mt-1 text-sm text-slate-600">It may have been deleted.</p>
      <Link href="/console/organizations" className="mt-4 inline-block text-sm text-accent hover:underline">Back to organizations</Link>
    </div>
  );
}
