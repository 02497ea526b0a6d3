"use client";
import { useEffect, useId, useRef, useState } from "react";
import { Alert, Badge, Button, CheckIcon, Dialog, Field, Textarea, XIcon } from "@/components/ui";
import type { ServicePrincipalView } from "@/lib/service-principals/schemas";
import type { TokenReport } from "@/lib/token-debugger";
import { useDebugToken } from "./hooks";
import type { ClientSource } from "./source";
import type { ClientWords } from "./vocabulary";

/** Paste a token, see its header and claims, and which checks the API receiving it would pass or fail, and why. */
export function TokenDebuggerDialog<C extends ServicePrincipalView>({ client, source, words, onClose }: { client: C | null; source: ClientSource<C>; words: ClientWords; onClose: () => void }) {
  if (!client || !source.debugToken) return null;
  return <TokenDebugger key={client.client_id} client={client} source={source} words={words} onClose={onClose} />;
}

function TokenDebugger<C extends ServicePrincipalView>({ client, source, words, onClose }: { client: C; source: ClientSource<C>; words: ClientWords; onClose: () => void }) {
  const [token, setToken] = useState("");
  const [inputError, setInputError] = useState<string | null>(null);
  const debug = useDebugToken(source, client.client_id);
  const formId = useId();
  const tenant = words.audience === "tenant";
  // When a result arrives, focus moves to its summary, so keyboard and screen-reader users land on it
  // (and focus stays inside the dialog).
  const result = useRef<HTMLDivElement>(null);
  useEffect(() => { if (debug.data) result.current?.focus(); }, [debug.data]);

  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={`Token debugger: ${client.name}`}
      description={tenant
        ? `Checks an access token of this ${words.noun} the way the app's API does, and says what is wrong with it if anything. The token is neither stored nor logged.`
        : "Checks a token the way your API should. It is checked on the server and neither stored nor logged."}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>Close</Button>
          <Button variant="primary" type="submit" form={formId} loading={debug.isPending}>Check token</Button>
        </>
      }
    >
      <form
        id={formId}
        noValidate
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (!token.trim()) { setInputError("Access token is required: paste the token (the access_token value) here."); return; }
          setInputError(null);
          debug.mutate(token);
        }}
      >
        <Field label="Access token" error={inputError ?? (debug.isError ? debug.error.message : null)} hint="The access_token from the token response, or a whole Authorization: Bearer header value.">
          <Textarea value={token} onChange={(e) => setToken(e.target.value)} rows={4} spellCheck={false} autoComplete="off" className="font-mono text-xs break-all" placeholder="eyJhbGciOi…" />
        </Field>
      </form>
      {debug.data ? <div ref={result} tabIndex={-1} className="outline-none"><Report report={debug.data} tenant={tenant} /></div> : null}
    </Dialog>
  );
}

function Report({ report, tenant }: { report: TokenReport; tenant: boolean }) {
  if (report.error) return <Alert tone="danger" title={tenant ? "Not an access token from this service" : "Not a token Portico could have issued"} className="mt-4">{report.error}</Alert>;
  const failed = report.checks.filter((c) => !c.passed);
  return (
    <section aria-labelledby="debugger-result" className="mt-4 flex flex-col gap-4" data-testid="token-report">
      <h3 id="debugger-result" className="sr-only">Result</h3>
      {failed.length === 0 ? (
        <Alert tone="success" title={tenant ? "This token would be accepted" : "Your API would accept this token"}>Every check passed.</Alert>
      ) : (
        <Alert tone="danger" title={tenant ? "This token would be refused" : "Your API would reject this token"}>
          {failed.length === 1 ? "1 check failed" : `${failed.length} checks failed`}: {failed.map((c) => c.label.toLowerCase()).join(", ")}.
        </Alert>
      )}
      <ul className="divide-y divide-slate-200 rounded-md border border-slate-200">
        {report.checks.map((c) => (
          <li key={c.id} data-testid={`check-${c.id}`} data-passed={c.passed} className="flex gap-3 px-3 py-2.5">
            {c.passed ? <CheckIcon className="mt-0.5 size-4 shrink-0 text-emerald-600" /> : <XIcon className="mt-0.5 size-4 shrink-0 text-red-600" />}
            <div className="min-w-0 flex-1">
              <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900">
                {c.label}
                <Badge tone={c.passed ? "success" : "danger"}>{c.passed ? "Pass" : "Fail"}</Badge>
              </p>
              <p className="mt-0.5 text-sm break-words text-slate-600">{c.reason}</p>
            </div>
          </li>
        ))}
      </ul>
      <div className="grid gap-4 lg:grid-cols-2">
        <JsonBlock title="Header" value={report.header} />
        <JsonBlock title="Claims" value={report.claims} />
      </div>
    </section>
  );
}

function JsonBlock({ title, value }: { title: string; value: unknown }) {
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <h4 className="text-sm font-semibold text-slate-900">{title}</h4>
      <pre tabIndex={0} aria-label={`Token ${title.toLowerCase()}`} className="max-h-72 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100">
        {JSON.stringify(value, null, 2)}
      </pre>
    </div>
  );
}
