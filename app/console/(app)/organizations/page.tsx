import type { Metadata } from "next";
import { listOrganizations } from "@/lib/organizations";
import { requireOperatorPage } from "@/lib/operators/guard";

export const metadata: Metadata = { title: "Organizations" };

export default async function OrganizationsPage() {
  const operator = await requireOperatorPage("organizations:read");
  const page = await listOrganizations(operator, { limit: 50 });
  return (
    <div>
      <h1 className="text-2xl font-semibold text-slate-900">Organizations</h1>
      {page.organizations.length === 0 ? (
        <p className="mt-6 text-sm text-slate-600">No organizations yet.</p>
      ) : (
        <ul className="mt-6 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {page.organizations.map((o) => (
            <li key={o.id} className="px-4 py-3 text-sm">
              <p className="font-medium text-slate-900">{o.display_name}</p>
              <p className="font-mono text-xs text-slate-500">{o.id}</p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
