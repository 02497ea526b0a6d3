"use client";
import { Alert, Badge, Button, CopyButton, Time, type BadgeTone } from "@/components/ui";
import type { DomainStatus, DomainView } from "@/lib/domains/schemas";

// One domain: its status, the exact TXT record to publish (with copy buttons), the last check's
// outcome, and Check now / Remove (and, for operators, Verify by hand).

const STATUS: Record<DomainStatus, { label: string; tone: BadgeTone }> = {
  pending: { label: "Pending verification", tone: "warning" },
  verified: { label: "Verified", tone: "success" },
  failed: { label: "Verification failed", tone: "danger" },
};

function When({ iso }: { iso: string }) {
  return <Time value={iso} />;
}

function RecordField({ label, value, copyLabel }: { label: string; value: string; copyLabel?: string }) {
  // Phones: the label with its copy button on one line, the value below. Wider: one row each.
  return (
    <div className="grid min-w-0 grid-cols-[1fr_auto] items-center gap-x-3 gap-y-1 sm:grid-cols-[4rem_1fr_auto]">
      <dt className="col-start-1 row-start-1 text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="col-span-2 row-start-2 min-w-0 sm:col-span-1 sm:col-start-2 sm:row-start-1">
        <code className={`${copyLabel ? "block" : "inline-block"} break-all rounded bg-slate-100 px-2 py-1 font-mono text-xs text-slate-900`}>{value}</code>
      </dd>
      {copyLabel ? <dd className="col-start-2 row-start-1 sm:col-start-3"><CopyButton value={value} label={copyLabel} /></dd> : null}
    </div>
  );
}

/** Whether a planned time has (nearly) come: the checker picks due domains up every minute or so. */
const isDue = (iso: string, now = Date.now()) => new Date(iso).getTime() - now < 15_000;

/** "in 4 minutes", or "in a moment" when it is due. */
function NextCheck({ iso }: { iso: string }) {
  return isDue(iso) ? <>in a moment</> : <When iso={iso} />;
}

function DnsRecord({ domain }: { domain: DomainView }) {
  const { record_name, record_value, alternative_record_name } = domain.verification;
  return (
    <div className="flex flex-col gap-2">
      <dl className="flex flex-col gap-2" data-testid="domain-record">
        <RecordField label="Type" value="TXT" />
        <RecordField label="Name" value={record_name} copyLabel={`Copy record name for ${domain.display_name}`} />
        <RecordField label="Value" value={record_value} copyLabel={`Copy record value for ${domain.display_name}`} />
      </dl>
      <p className="text-xs text-slate-500">
        If your DNS provider adds the domain to the name for you, enter only <code className="font-mono">_portico</code>.
        The record may also be placed at <code className="font-mono break-all">{alternative_record_name}</code> itself.
      </p>
    </div>
  );
}

export interface DomainCardProps {
  domain: DomainView;
  readOnly: boolean;
  canVerifyManually: boolean;
  checking: boolean;
  error: string | null;
  onCheck: () => void;
  onRemove: () => void;
  onVerify: () => void;
}

export function DomainCard({ domain, readOnly, canVerifyManually, checking, error, onCheck, onRemove, onVerify }: DomainCardProps) {
  const status = STATUS[domain.status];
  const headingId = `domain-${domain.id}`;
  const verified = domain.status === "verified";
  const check = domain.last_check;
  return (
    <article aria-labelledby={headingId} data-testid="domain" className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <div className="flex flex-col gap-3 p-4">
        <header className="flex flex-wrap items-start justify-between gap-2">
          <div className="min-w-0">
            <h3 id={headingId} className="break-all text-base font-semibold text-slate-900">{domain.display_name}</h3>
            {domain.display_name !== domain.name ? <p className="break-all font-mono text-xs text-slate-500">{domain.name}</p> : null}
          </div>
          <Badge tone={status.tone} data-testid="domain-status">{status.label}</Badge>
        </header>

        {verified ? (
          <p className="text-sm text-slate-700">
            Verified <When iso={domain.verified_time!} />{" "}
            {domain.verification_method === "manual" ? "by an operator." : "by its DNS record. Keep the record in place: it is checked again every day."}
          </p>
        ) : null}

        {domain.status === "failed" && domain.failure_reason ? (
          <Alert tone="danger" title="Not verified">{domain.failure_reason}</Alert>
        ) : null}

        {!verified ? (
          <div className="flex flex-col gap-2">
            <p className="text-sm text-slate-700">To verify {domain.display_name}, add this TXT record at your DNS provider:</p>
            <DnsRecord domain={domain} />
          </div>
        ) : (
          <details className="text-sm">
            <summary className="cursor-pointer text-slate-700 hover:underline">DNS record</summary>
            <div className="mt-2"><DnsRecord domain={domain} /></div>
          </details>
        )}

        <div className="text-sm text-slate-600" data-testid="domain-last-check">
          {check && domain.last_check_time ? (
            <p>
              <span className="font-medium text-slate-800">Last checked <When iso={domain.last_check_time} />:</span> {check.message}
            </p>
          ) : (
            <p>Not checked yet.</p>
          )}
          {domain.next_check_time && !verified ? (
            <p className="text-xs text-slate-500">Next automatic check <NextCheck iso={domain.next_check_time} />. DNS changes can take up to an hour to show.</p>
          ) : null}
        </div>

        {error ? <Alert tone="danger" title="The check did not run">{error}</Alert> : null}
      </div>

      {readOnly ? null : (
        <footer className="flex flex-wrap gap-2 border-t border-slate-100 bg-slate-50/60 px-4 py-3">
          <Button size="sm" variant={verified ? "secondary" : "primary"} loading={checking} onClick={onCheck}>
            Check now<span className="sr-only"> {domain.display_name}</span>
          </Button>
          {canVerifyManually && !verified ? <Button size="sm" onClick={onVerify}>Verify by hand</Button> : null}
          <Button size="sm" variant="danger-ghost" className="sm:ml-auto" onClick={onRemove}>
            Remove<span className="sr-only"> {domain.display_name}</span>
          </Button>
        </footer>
      )}
    </article>
  );
}
