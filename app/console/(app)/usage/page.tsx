import type { Metadata } from "next";
import Link from "next/link";
import { DomainError } from "@/lib/errors";
import { requireOperatorPage } from "@/lib/operators/guard";
import { usageReport, type DailyCount, type SecretAttention, type UsageReport } from "@/lib/usage";
import { PageHeader } from "@/app/console/_components/page-header";
import { Section } from "@/app/console/_components/section";
import { formatDate } from "@/app/console/_components/format";

export const metadata: Metadata = { title: "Usage" };

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);
const pick = (v: string | undefined, allowed: number[], fallback: number) => (allowed.includes(Number(v)) ? Number(v) : fallback);

function Bars({ data, label, tone }: { data: DailyCount[]; label: string; tone: string }) {
  const peak = Math.max(0, ...data.map((d) => d.count));
  const max = Math.max(1, peak);
  return (
    <figure>
      <div className="flex h-40 items-end gap-0.5 sm:gap-1" role="img" aria-label={`${label} per day: ${data.map((d) => `${d.day} ${d.count}`).join(", ")}`}>
        {data.map((d) => (
          <div key={d.day} className="flex h-full min-w-0 flex-1 flex-col justify-end" title={`${d.day}: ${d.count.toLocaleString("en")}`}>
            <div className={`w-full rounded-t ${tone}`} style={{ height: `${(d.count / max) * 100}%`, minHeight: d.count ? 2 : 0 }} />
          </div>
        ))}
      </div>
      <figcaption className="mt-1 flex justify-between text-xs text-slate-500">
        <span>{formatDate(data[0]?.day)}</span><span>{peak ? `peak ${peak.toLocaleString("en")}/day` : "none in this period"}</span><span>{formatDate(data[data.length - 1]?.day)}</span>
      </figcaption>
    </figure>
  );
}

function SecretList({ secrets, empty }: { secrets: SecretAttention[]; empty: string }) {
  if (!secrets.length) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 text-sm">
      {secrets.map((s) => (
        <li key={s.secret_id} className="flex flex-col gap-0.5 px-3 py-2 sm:flex-row sm:items-center sm:justify-between">
          <div className="min-w-0">
            <p className="break-words font-medium text-slate-900">{s.client_name} <span className="font-mono text-xs font-normal text-slate-500">••••{s.suffix}</span></p>
            <p className="break-all text-xs text-slate-500">
              {s.organization_id ? <Link className="hover:underline" href={`/console/organizations/${s.organization_id}`}>{s.organization_name ?? s.organization_id}</Link> : "Environment client"} · {s.client_id}
            </p>
          </div>
          <p className="text-xs text-slate-600">Created {formatDate(s.create_time)} · last used {s.last_used_time ? formatDate(s.last_used_time) : "never"}</p>
        </li>
      ))}
    </ul>
  );
}

export default async function UsagePage({ searchParams }: { searchParams: Promise<Params> }) {
  const operator = await requireOperatorPage("clients:read");
  const params = await searchParams;
  const days = pick(one(params.days), [7, 14, 30, 90], 14);
  const rotation = pick(one(params.rotation), [30, 60, 90, 180, 365], 90);
  const organizationId = one(params.organization_id)?.trim() || null;
  let report: UsageReport | null = null;
  let error: string | null = null;
  try {
    report = await usageReport(operator, { days, organizationId, rotationDays: rotation });
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    error = err.message;
  }
  const SELECT = "mt-1 block min-h-10 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm";

  return (
    <div className="space-y-6">
      <PageHeader title="Usage" description="Tokens issued, failed client authentications, and secrets that need attention." />
      <form method="get" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-4 sm:items-end">
        <div>
          <label htmlFor="u-days" className="block text-sm font-medium text-slate-700">Period</label>
          <select id="u-days" name="days" defaultValue={days} className={SELECT}>{[7, 14, 30, 90].map((d) => <option key={d} value={d}>Last {d} days</option>)}</select>
        </div>
        <div>
          <label htmlFor="u-org" className="block text-sm font-medium text-slate-700">Organization id</label>
          <input id="u-org" name="organization_id" defaultValue={organizationId ?? ""} placeholder="All organizations" className={`${SELECT} font-mono`} />
        </div>
        <div>
          <label htmlFor="u-rot" className="block text-sm font-medium text-slate-700">Rotation policy</label>
          <select id="u-rot" name="rotation" defaultValue={rotation} className={SELECT}>{[30, 60, 90, 180, 365].map((d) => <option key={d} value={d}>Rotate every {d} days</option>)}</select>
        </div>
        <button type="submit" className="min-h-10 rounded-md bg-accent px-4 py-2 text-sm font-medium text-accent-foreground shadow-sm hover:opacity-90">Show</button>
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
          <Section id="top" title="Top principals by tokens issued">
            {report.top_clients.length === 0 ? <p className="text-sm text-slate-600">No tokens issued in this period.</p> : (
              <table className="w-full text-left text-sm">
                <thead className="text-xs uppercase tracking-wide text-slate-500"><tr><th scope="col" className="py-1 font-medium">Principal</th><th scope="col" className="py-1 text-right font-medium">Tokens</th></tr></thead>
                <tbody className="divide-y divide-slate-100">
                  {report.top_clients.map((c) => (
                    <tr key={c.client_id}>
                      <td className="py-2 pr-2">
                        <p className="break-words font-medium text-slate-900">{c.name ?? "(deleted)"}</p>
                        <p className="break-all font-mono text-xs text-slate-500">{c.client_id}{c.organization_name ? ` · ${c.organization_name}` : ""}</p>
                      </td>
                      <td className="py-2 text-right tabular-nums">{c.count.toLocaleString("en")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Section>
          <div className="grid gap-6 lg:grid-cols-2">
            <Section id="unused" title={`Secrets unused for 30+ days (${report.unused_secrets.length})`} description="Active secrets nothing has used in 30 days: candidates to revoke.">
              <SecretList secrets={report.unused_secrets} empty="Every active secret was used in the last 30 days." />
            </Section>
            <Section id="old" title={`Secrets older than ${rotation} days (${report.old_secrets.length})`} description="Active secrets past the rotation policy: add a new secret, move callers over, revoke the old one.">
              <SecretList secrets={report.old_secrets} empty="No active secret is older than the rotation policy." />
            </Section>
          </div>
        </>
      ) : null}
    </div>
  );
}
