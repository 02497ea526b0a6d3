import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { DomainError } from "@/lib/errors";
import { requireOperatorPage } from "@/lib/operators/guard";
import { usageReport, type DailyCount, type SecretAttention, type UsageReport } from "@/lib/usage";
import { resolveOrganizationText } from "@/lib/organizations/lookup";
import { OrganizationInput } from "@/app/console/_components/organization-input";
import { PageHeader } from "@/app/console/_components/page-header";
import { Section } from "@/app/console/_components/section";
import { formatDay } from "@/lib/format";
import { Select, Time } from "@/components/ui";

export const metadata: Metadata = { title: "Usage" };

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);
const pick = (v: string | undefined, allowed: number[], fallback: number) => (allowed.includes(Number(v)) ? Number(v) : fallback);

/** The bars of a per-day chart: full size for the page's charts, `compact` for one row of a table. */
function DayBars({ data, label, compact = false, tone = "bg-accent/80" }: { data: DailyCount[]; label: string; compact?: boolean; tone?: string }) {
  const max = Math.max(1, ...data.map((d) => d.count));
  return (
    <div className={compact ? "flex h-8 w-full min-w-24 items-end gap-px" : "flex h-40 items-end gap-0.5 sm:gap-1"} role="img" aria-label={`${label} per day: ${data.map((d) => `${d.day} ${d.count}`).join(", ")}`}>
      {data.map((d) => (
        <div key={d.day} className="flex h-full min-w-0 flex-1 flex-col justify-end" title={`${formatDay(d.day)}: ${d.count.toLocaleString("en")}`}>
          <div className={`w-full ${compact ? "rounded-t-sm" : "rounded-t"} ${tone}`} style={{ height: `${(d.count / max) * 100}%`, minHeight: d.count ? 2 : 0 }} />
        </div>
      ))}
    </div>
  );
}

function Bars({ data, label, tone }: { data: DailyCount[]; label: string; tone: string }) {
  const peak = Math.max(0, ...data.map((d) => d.count));
  return (
    <figure>
      <DayBars data={data} label={label} tone={tone} />
      <figcaption className="mt-1 flex justify-between text-xs text-slate-500">
        <span>{data[0] ? formatDay(data[0].day) : "—"}</span><span>{peak ? `peak ${peak.toLocaleString("en")}/day` : "none in this period"}</span><span>{data.length ? formatDay(data[data.length - 1]!.day) : "—"}</span>
      </figcaption>
    </figure>
  );
}

interface PerDayRow { key: string; testId: string; name: ReactNode; perDay: DailyCount[]; label: string; count: number }

/** The tokens of the top organizations or principals: who, a small per-day chart, and the total. */
function PerDayTable({ subject, rows }: { subject: string; rows: PerDayRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">No tokens issued in this period.</p>;
  return (
    <table className="w-full table-fixed text-left text-sm">
      <thead className="text-xs uppercase tracking-wide text-slate-500">
        <tr><th scope="col" className="w-2/5 py-1 font-medium">{subject}</th><th scope="col" className="py-1 font-medium">Per day</th><th scope="col" className="w-20 py-1 text-right font-medium sm:w-24">Tokens</th></tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((r) => (
          <tr key={r.key} data-testid={r.testId}>
            <td className="py-2 pr-3 align-top">{r.name}</td>
            <td className="py-2 pr-3"><DayBars data={r.perDay} label={r.label} compact /></td>
            <td className="py-2 text-right align-top tabular-nums" data-testid="usage-count">{r.count.toLocaleString("en")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SecretList({ secrets, total, empty }: { secrets: SecretAttention[]; total: number; empty: string }) {
  if (!secrets.length) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <>
    {total > secrets.length ? <p className="mb-2 text-xs text-slate-500">The oldest {secrets.length} of {total.toLocaleString("en")}.</p> : null}
    <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 text-sm">
      {secrets.map((s) => (
        <li key={s.secret_id} className="flex flex-col gap-0.5 px-3 py-2 sm:flex-row sm:items-center sm:justify-between">
          <div className="min-w-0">
            <p className="break-words font-medium text-slate-900">{s.client_name} <span className="font-mono text-xs font-normal text-slate-500">••••{s.suffix}</span></p>
            <p className="break-all text-xs text-slate-500">
              {s.organization_id ? <Link className="hover:underline" href={`/console/organizations/${s.organization_id}`}>{s.organization_name ?? s.organization_id}</Link> : "Environment client"} · {s.client_id}
            </p>
          </div>
          <p className="text-xs text-slate-600">Created <Time value={s.create_time} /> · last used {s.last_used_time ? <Time value={s.last_used_time} /> : "never"}</p>
        </li>
      ))}
    </ul>
    </>
  );
}

export default async function UsagePage({ searchParams }: { searchParams: Promise<Params> }) {
  const operator = await requireOperatorPage("clients:read");
  const params = await searchParams;
  const days = pick(one(params.days), [7, 14, 30, 90], 14);
  const rotation = pick(one(params.rotation), [30, 60, 90, 180, 365], 90);
  const typedOrg = one(params.organization_id)?.trim() || undefined;
  let report: UsageReport | null = null;
  let error: string | null = null;
  let org: Awaited<ReturnType<typeof resolveOrganizationText>> = { organization: null, matches: [] };
  try {
    org = await resolveOrganizationText(operator, typedOrg);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    error = `Organization: ${err.message}`;
  }
  const organizationId = org.organization?.id ?? null;
  if (error) {
    // shown as it is
  } else if (typedOrg && !organizationId) {
    error = org.matches.length ? `Organization: “${typedOrg}” matches ${org.matches.map((m) => m.name).join(", ")}; type more of the name or pick one.` : `Organization: no organization matches “${typedOrg}”.`;
  } else {
    try {
      report = await usageReport(operator, { days, organizationId, rotationDays: rotation });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      error = err.message;
    }
  }

  return (
    <div className="space-y-6">
      <PageHeader title="Usage" description="Tokens issued, failed client authentications, and secrets that need attention." />
      <form key={`${days}|${rotation}|${organizationId ?? typedOrg ?? ""}`} method="get" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 sm:items-start lg:grid-cols-[1fr_2fr_1fr_auto]">
        <div>
          <label htmlFor="u-days" className="block text-sm font-medium text-slate-700">Period</label>
          <Select id="u-days" name="days" defaultValue={days} className="mt-1">{[7, 14, 30, 90].map((d) => <option key={d} value={d}>Last {d} days</option>)}</Select>
        </div>
        <div className="min-w-0">
          <label htmlFor="u-org" className="block text-sm font-medium text-slate-700">Organization</label>
          <OrganizationInput id="u-org" name="organization_id" defaultValue={organizationId ?? typedOrg ?? ""} describedBy="u-org-hint" className="mt-1 font-mono" />
          <p id="u-org-hint" className="mt-1 truncate text-xs text-slate-500">{org.organization && org.organization.name !== org.organization.id ? org.organization.name : "All organizations when empty."}</p>
        </div>
        <div>
          <label htmlFor="u-rot" className="block text-sm font-medium text-slate-700">Rotation policy</label>
          <Select id="u-rot" name="rotation" defaultValue={rotation} aria-describedby="u-rot-hint" className="mt-1">{[30, 60, 90, 180, 365].map((d) => <option key={d} value={d}>Rotate every {d} days</option>)}</Select>
          <p id="u-rot-hint" className="mt-1 text-xs text-slate-500">Which secrets count as overdue below. A view setting (kept in the link), not enforced.</p>
        </div>
        <button type="submit" className="min-h-10 rounded-md bg-accent px-6 py-2 text-sm font-medium text-accent-foreground shadow-sm hover:opacity-90 sm:mt-6">Show</button>
      </form>
      {error ? <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">{error}</p> : null}
      {report ? (
        <>
          <div className="grid gap-6 lg:grid-cols-2">
            <Section id="tokens" title={`Tokens issued: ${report.tokens_total.toLocaleString("en")}`} description={`Per day (UTC), last ${report.days} days.`}>
              <Bars data={report.tokens_per_day} label="Tokens issued" tone="bg-accent" />
            </Section>
            <Section id="failed" title={`Failed client authentications: ${report.failed_authentications_total.toLocaleString("en")}`} description="Wrong or revoked secrets, unknown clients, disabled clients.">
              <Bars data={report.failed_authentications_per_day} label="Failed client authentications" tone="bg-red-500" />
              <Link href={`/console/audit?action=client_authentication.failed${organizationId ? `&organization_id=${organizationId}` : ""}`} className="mt-2 inline-block text-sm text-accent hover:underline">See them in the audit log</Link>
            </Section>
          </div>
          <Section id="per-organization" title="Tokens per organization" description={`The ${report.top_organizations.length === 1 ? "organization" : `${report.top_organizations.length} organizations`} with the most tokens in the period, per day.`}>
            <PerDayTable subject="Organization" rows={report.top_organizations.map((o) => ({
              key: o.organization_id ?? "environment",
              testId: `usage-org-${o.organization_id ?? "environment"}`,
              name: <>
                {o.organization_id
                  ? <Link href={`/console/organizations/${o.organization_id}`} className="break-words font-medium text-slate-900 hover:underline">{o.organization_name ?? o.organization_id}</Link>
                  : <span className="font-medium text-slate-900">Environment clients</span>}
                <p className="text-xs text-slate-500">{o.principals.toLocaleString("en")} {o.organization_id ? "principal" : "client"}{o.principals === 1 ? "" : "s"}</p>
              </>,
              perDay: o.per_day,
              label: `Tokens issued to ${o.organization_name ?? "environment clients"}`,
              count: o.count,
            }))} />
          </Section>
          <Section id="per-principal" title="Tokens per principal" description="The principals with the most tokens in the period, per day.">
            <PerDayTable subject="Principal" rows={report.top_clients.map((c) => ({
              key: c.client_id,
              testId: `usage-principal-${c.client_id}`,
              name: <>
                <p className="break-words font-medium text-slate-900">{c.name ?? "(deleted)"}</p>
                <p className="break-all font-mono text-xs text-slate-500">{c.client_id}</p>
                {c.organization_name ? <p className="break-words text-xs text-slate-500">{c.organization_name}</p> : null}
              </>,
              perDay: c.per_day,
              label: `Tokens issued to ${c.name ?? c.client_id}`,
              count: c.count,
            }))} />
          </Section>
          <div className="grid gap-6 lg:grid-cols-2">
            <Section id="unused" title={`Secrets unused for 30+ days (${report.unused_secrets_total.toLocaleString("en")})`} description="Active secrets nothing has used in 30 days: candidates to revoke.">
              <SecretList secrets={report.unused_secrets} total={report.unused_secrets_total} empty="Every active secret was used in the last 30 days." />
            </Section>
            <Section id="old" title={`Secrets older than ${rotation} days (${report.old_secrets_total.toLocaleString("en")})`} description={`Active secrets past the rotation policy chosen above: add a new secret, move callers over, revoke the old one. The policy is how you read this list; Portico does not enforce it.`}>
              <SecretList secrets={report.old_secrets} total={report.old_secrets_total} empty="No active secret is older than the rotation policy." />
            </Section>
          </div>
        </>
      ) : null}
    </div>
  );
}
