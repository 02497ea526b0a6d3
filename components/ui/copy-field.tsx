"use client";
import { useId } from "react";
import { CopyButton } from "./copy-button";

/** A read-only value shown once (an invitation link) with a copy button; focusing it selects it all. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="text-sm font-medium text-slate-800">{label}</label>
      <div className="mt-1 flex items-center gap-2">
        <input id={id} readOnly value={value} onFocus={(e) => e.currentTarget.select()}
          className="block min-h-10 w-full min-w-0 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs text-slate-900" />
        <CopyButton value={value} label="Copy to the clipboard" size="md" />
      </div>
    </div>
  );
}
