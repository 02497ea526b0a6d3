import type { TestResultView } from "@/lib/sso/tests";
import { Alert, Badge, CheckIcon, Time, WarningIcon } from "@/components/ui";
import { providerLabel } from "@/lib/sso/providers";

// A Test connection result for the admin: the verdict, each check with pass or fail and how to fix it,
// the normalized profile Portico would hand the app, and the raw attributes the identity provider sent.
// Plain rendering (no hooks): the portal, the console and the test window all use it.

function Value({ value }: { value: unknown }) {
  if (value === null || value === undefined || value === "") return <span className="text-slate-400">—</span>;
  if (Array.isArray(value)) return <span className="break-words">{value.length ? value.map(String).join(", ") : <span className="text-slate-400">none</span>}</span>;
  if (typeof value === "object") return <code className="text-xs break-all">{JSON.stringify(value)}</code>;
  return <span className="break-words">{String(value)}</span>;
}

const PROFILE_ROWS = ["sub", "email", "email_verified", "name", "given_name", "family_name", "preferred_username", "groups", "custom_attributes"] as const;

export function TestResult({ result }: { result: TestResultView }) {
  const failed = result.checks.filter((c) => c.status === "fail" && !c.unverified);
  return (
    <div className="flex flex-col gap-5" data-testid="sso-test-result">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-lg font-semibold text-slate-900">Test result</h2>
        <Badge tone={result.passed ? "success" : "danger"} data-testid="sso-test-verdict">{result.passed ? "Passed" : "Failed"}</Badge>
        <span className="text-sm text-slate-600">{providerLabel(result.provider)} · {result.type} · <Time value={result.create_time} /></span>
      </div>
      {result.passed ? (
        <Alert tone="success" title="Single sign-on works">
          The identity provider signed a user in and every check passed.{" "}
          {result.current ? "You can enable the connection now." : "The connection has changed since this test: test it again before enabling it."}
        </Alert>
      ) : result.error ? (
        <Alert tone="danger" title={`${result.error.meaning} (${result.error.code})`}>
          <p>{result.error.description}</p>
          <p className="mt-1"><span className="font-medium">How to fix it: </span>{failed[0]?.fix ?? result.error.fix}</p>
        </Alert>
      ) : null}

      <section aria-labelledby="checks-heading" className="flex flex-col gap-2">
        <h3 id="checks-heading" className="text-sm font-semibold text-slate-900">Checks</h3>
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {result.checks.map((c) => (
            <li key={`${c.id}-${c.unverified}`} className="flex gap-3 px-3 py-2.5 sm:px-4" data-testid={`check-${c.id}`} data-status={c.status}>
              <span className={c.status === "pass" ? "mt-0.5 text-emerald-600" : "mt-0.5 text-red-600"} aria-hidden="true">
                {c.status === "pass" ? <CheckIcon className="size-4" /> : <WarningIcon className="size-4" />}
              </span>
              <div className="min-w-0 flex-1">
                <p className="text-sm font-medium text-slate-900">
                  {c.label} <span className="sr-only">{c.status === "pass" ? "passed" : "failed"}</span>
                  {c.unverified ? <span className="ml-1 text-xs font-normal text-slate-500">(as sent, not trusted: an earlier check failed)</span> : null}
                </p>
                <p className="text-sm break-words text-slate-600">{c.detail}</p>
                {c.fix ? <p className="mt-1 text-sm text-slate-800"><span className="font-medium">Fix: </span>{c.fix}</p> : null}
              </div>
            </li>
          ))}
        </ul>
      </section>

      {result.profile ? (
        <section aria-labelledby="profile-heading" className="flex flex-col gap-2">
          <h3 id="profile-heading" className="text-sm font-semibold text-slate-900">Profile the app receives</h3>
          <dl className="grid grid-cols-1 gap-x-4 gap-y-1 rounded-lg border border-slate-200 bg-white p-3 text-sm sm:grid-cols-[12rem_1fr] sm:p-4">
            {PROFILE_ROWS.map((k) => (
              <div key={k} className="contents">
                <dt className="font-mono text-xs text-slate-500 sm:text-sm">{k}</dt>
                <dd className="mb-1 min-w-0 text-slate-900 sm:mb-0"><Value value={result.profile![k]} /></dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}

      {result.raw_attributes && Object.keys(result.raw_attributes).length ? (
        <section aria-labelledby="raw-heading" className="flex flex-col gap-2">
          <h3 id="raw-heading" className="text-sm font-semibold text-slate-900">What the identity provider sent</h3>
          <dl className="grid grid-cols-1 gap-x-4 gap-y-1 rounded-lg border border-slate-200 bg-white p-3 text-sm sm:grid-cols-[16rem_1fr] sm:p-4">
            {Object.entries(result.raw_attributes).map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="font-mono text-xs break-all text-slate-500">{k}</dt>
                <dd className="mb-1 min-w-0 text-slate-900 sm:mb-0"><Value value={v} /></dd>
              </div>
            ))}
          </dl>
          <p className="text-xs text-slate-500">Shown to you only; this test result is kept for 7 days. The audit trail records the outcome, never these values.</p>
        </section>
      ) : null}
      {!result.passed && result.checks.some((c) => c.unverified) ? (
        <p className="text-xs text-slate-500">Checks marked “as sent” read the response without trusting it, to help you fix everything in one go.</p>
      ) : null}
    </div>
  );
}
