"use client";

import { Button } from "@/components/ui";
import Link from "next/link";
import { useState } from "react";
import { CHAIN_BREAK_EXPLANATION } from "@/lib/audit/chain-reasons";
import type { ChainVerification } from "@/lib/audit/verify";
import { PageHeader } from "@/app/console/_components/page-header";
import { callAction } from "@/lib/actions/result";
import { verifyAuditChainAction } from "./actions";

/** The audit page's header: its Verify chain button, and the outcome full width beneath it. */
export function AuditHeader({ title, description }: { title: string; description: string }) {
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<(ChainVerification & { duration_ms: number }) | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function verify() {
    setPending(true);
    setError(null);
    setResult(null);
    const r = await callAction(() => verifyAuditChainAction());
    setPending(false);
    if (r.ok) setResult(r.data);
    else setError(r.error.message);
  }

  // There is an outcome only after a click, so server and first client render agree.
  const outcome = (
    <div className="text-sm">
      {result?.ok ? (
        <p className="rounded-md bg-emerald-50 px-3 py-2 text-emerald-900">
          Chain intact: {result.checked.toLocaleString("en")} events checked in {(result.duration_ms / 1000).toFixed(1)} s.
          {result.legacy ? ` ${result.legacy.toLocaleString("en")} of them were written before keyed hashing.` : ""}
        </p>
      ) : null}
      {result && !result.ok ? (
        <p role="alert" data-testid="chain-broken" className="rounded-md bg-red-50 px-3 py-2 text-red-900">
          Chain broken at event #{result.brokenAt.seq}{" "}
          {result.brokenAt.reason === "newest_events_missing" || !result.brokenAt.id
            ? <code className="break-all">{result.brokenAt.id}</code>
            : <Link className="break-all font-mono underline" href={`/console/audit?event=${encodeURIComponent(result.brokenAt.id)}`}>{result.brokenAt.id}</Link>}:{" "}
          {CHAIN_BREAK_EXPLANATION[result.brokenAt.reason] ?? result.brokenAt.reason}. {result.checked.toLocaleString("en")} events before it are intact.
        </p>
      ) : null}
      {error ? <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-800">{error}</p> : null}
    </div>
  );

  return (
    <>
      <PageHeader title={title} description={description} actions={
        <Button onClick={() => void verify()} loading={pending}>
          {pending ? "Verifying the chain…" : "Verify chain"}
        </Button>
      } />
      <div aria-live="polite" className="mb-4 empty:hidden">{result || error ? outcome : null}</div>
    </>
  );
}
