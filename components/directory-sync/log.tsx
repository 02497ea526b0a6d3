"use client";
import { useState } from "react";
import { Alert, Badge, Button, Checkbox, EmptyState, Spinner } from "@/components/ui";
import { Time } from "@/components/ui/time";
import type { DirectoryView } from "@/lib/directory/schemas";
import { useProvisioningLog } from "./hooks";

/** The last 1,000 SCIM requests: what the IdP sent, what Portico answered and why a push failed. */
export function ProvisioningLog({ organizationId, directory }: { organizationId: string; directory: DirectoryView }) {
  const [failedOnly, setFailedOnly] = useState(false);
  const log = useProvisioningLog(organizationId, directory.id, failedOnly);
  const entries = log.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-600">The last 1,000 requests from your identity provider. Passwords and secrets are removed from what is kept.</p>
        <Checkbox label="Failed requests only" checked={failedOnly} onChange={(e) => setFailedOnly(e.target.checked)} />
      </div>
      {log.isPending ? <div className="flex justify-center py-8"><Spinner label="Loading the provisioning log…" /></div>
        : log.isError ? <Alert tone="danger" title="Could not load the provisioning log">{log.error.message}</Alert>
          : entries.length === 0 ? (
            <EmptyState title={failedOnly ? "No failed requests" : "No requests yet"}>
              <p>{failedOnly ? "Everything your identity provider sent was accepted." : "Requests appear here as soon as your identity provider connects (Okta's Test API Credentials counts)."}</p>
            </EmptyState>
          ) : (
            <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" aria-label="Provisioning log" data-testid="provisioning-log">
              {entries.map((e) => (
                <li key={e.seq}>
                  <details className="group">
                    <summary className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm hover:bg-slate-50 sm:px-4">
                      <Badge tone={e.status >= 500 ? "danger" : e.status >= 400 ? "warning" : "success"}>{e.status}</Badge>
                      <span className="font-mono text-xs font-semibold text-slate-700">{e.method}</span>
                      <span className="min-w-0 flex-1 truncate font-mono text-xs text-slate-900" title={e.path}>{e.path}</span>
                      <span className="text-xs text-slate-500"><Time value={e.time} /> · {e.latency_ms} ms</span>
                    </summary>
                    <div className="flex flex-col gap-2 px-3 pb-3 text-sm sm:px-4">
                      {e.detail ? <p className="break-words text-slate-800"><span className="font-medium">{e.scim_type ?? "Error"}:</span> {e.detail}</p> : null}
                      <p className="text-xs text-slate-500"><Time value={e.time} /> · request id <span className="font-mono">{e.request_id}</span></p>
                      {e.request_body ? <pre className="max-h-64 overflow-auto rounded-md bg-slate-900 p-3 text-xs break-all whitespace-pre-wrap text-slate-100">{e.request_body}</pre> : null}
                    </div>
                  </details>
                </li>
              ))}
            </ol>
          )}
      {log.hasNextPage ? <Button className="self-start" onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>Show older</Button> : null}
    </div>
  );
}
