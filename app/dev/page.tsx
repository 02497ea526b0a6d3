import type { Metadata } from "next";
import Link from "next/link";
import { listOrganizations } from "@/lib/organizations";
import { CreateOrganizationForm } from "./create-organization-form";
import { requireDevPrincipal } from "./guard";

export const metadata: Metadata = { title: "Dev tools", robots: { index: false } };

// Development only (PORTICO_DEV_TOOLS=1): pick or create an organization to open its feature screens.
export default async function DevHome() {
  const principal = await requireDevPrincipal("/dev");
  const { organizations } = await listOrganizations(principal, { limit: 50 });
  return (
    <main className="mx-auto flex max-w-3xl flex-col gap-6 px-4 py-8 sm:px-6">
      <header>
        <p className="text-xs font-semibold tracking-wide text-amber-700 uppercase">Development tools</p>
        <h1 className="mt-1 text-2xl font-semibold text-slate-900">Organizations</h1>
        <p className="mt-1 text-sm text-slate-600">
          Open an organization to work with the screens the admin portal and the console will mount. You act as
          the dev operator <span className="font-mono">dev-tools@localhost</span>; this page exists only with PORTICO_DEV_TOOLS=1.
        </p>
      </header>
      <section aria-labelledby="new-org" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="new-org" className="mb-3 text-sm font-semibold text-slate-900">New organization</h2>
        <CreateOrganizationForm />
      </section>
      <section aria-labelledby="orgs">
        <h2 id="orgs" className="mb-2 text-sm font-semibold text-slate-900">Existing organizations</h2>
        {organizations.length === 0 ? (
          <p className="text-sm text-slate-600">None yet.</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {organizations.map((o) => (
              <li key={o.id}>
                <Link href={`/dev/organizations/${o.id}`} className="flex flex-col gap-0.5 px-4 py-3 hover:bg-slate-50 sm:flex-row sm:items-center sm:justify-between">
                  <span className="font-medium text-slate-900">{o.display_name}</span>
                  <span className="font-mono text-xs break-all text-slate-500">{o.id}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
