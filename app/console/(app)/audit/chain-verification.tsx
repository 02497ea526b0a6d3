"use client";

import Link from "next/link";
import { useState } from "react";
import type { ChainVerification } from "@/lib/audit/verify";
import { verifyAuditChainAction } from "./actions";

const REASON: Record<string, string> = {
  hash_mismatch: "its contents do not match its hash (the event was edited)",
  prev_hash_mismatch: "it does not point at the event before it (an event was removed, inserted or reordered)",
};

export function ChainVerificationButton() {
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<(ChainVerification & { duration_ms: number }) | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function verify() {
    setPending(true);
    setError(null);
    setResult(null);
    const r = await verifyAuditChainAction();
    setPending(false);
    if (r.ok) setResult(r.data);
    else setError(r.message);
  }

  return (
    <div className="flex flex-col items-start gap-2 sm:items-end">
      <button type="button" onClick={() => void verify()} disabled={pending} className="min-h-10 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50 disabled:opacity-60">
        {pending ? "Verifying the chain…" : "Verify chain"}
      </button>
      <div aria-live="polite" className="max-w-md text-sm sm:text-right">
        {result?.ok ? (
          <p className="rounded-md bg-emerald-50 px-3 py-2 text-emerald-900">Chain intact: {result.checked.toLocaleString("en")} events checked in {(result.duration_ms / 1000).toFixed(1)} s.</p>
        ) : null}
        {result && !result.ok ? (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-900">
            Chain broken at event #{result.brokenAt.seq}{" "}
            <Link className="font-mono underline" href={`/console/audit?event=${encodeURIComponent(result.brokenAt.id)}`}>{result.brokenAt.id}</Link>:{" "}
            {REASON[result.brokenAt.reason] ?? result.brokenAt.reason}. {result.checked.toLocaleString("en")} events before it are intact.
          </p>
        ) : null}
        {error ? <p role="alert" className="text-red-700">{error}</p> : null}
      </div>
    </div>
  );
}
