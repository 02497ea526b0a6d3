"use client";

import { useState } from "react";

/** A read-only value with a Copy button (links and secrets shown once). */
export function CopyField({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div>
      <p className="text-sm font-medium text-slate-800">{label}</p>
      <div className="mt-1 flex flex-col gap-2 sm:flex-row">
        <input readOnly value={value} aria-label={label} onFocus={(e) => e.currentTarget.select()}
          className="block min-h-10 w-full min-w-0 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs" />
        <button type="button" className="min-h-10 shrink-0 rounded-md border border-slate-300 bg-white px-4 text-sm font-medium text-slate-800 hover:bg-slate-50"
          onClick={async () => { await navigator.clipboard?.writeText(value).catch(() => undefined); setCopied(true); setTimeout(() => setCopied(false), 2000); }}>
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
    </div>
  );
}
