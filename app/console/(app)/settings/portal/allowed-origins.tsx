"use client";

import { useState } from "react";
import { useAction } from "@/components/use-action";
import { Button, FormStatus, Input, fieldMessage } from "@/components/ui";
import type { AllowedOriginView } from "@/lib/portal/origins";
import { addAllowedOriginAction, removeAllowedOriginAction } from "./actions";

/** The sites allowed to frame the portal and receive its browser events: list, add, remove. */
export function AllowedOrigins({ origins, readOnly }: { origins: AllowedOriginView[]; readOnly: boolean }) {
  const { pending, failure, fields, run } = useAction();
  const [value, setValue] = useState("");
  const [done, setDone] = useState<string | null>(null);
  async function onAdd(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(null);
    const origin = value.trim();
    if ((await run(() => addAllowedOriginAction(value))).ok) { setValue(""); setDone(`Added ${origin}.`); }
  }
  async function remove(origin: string) {
    setDone(null);
    if ((await run(() => removeAllowedOriginAction(origin))).ok) setDone(`Removed ${origin}.`);
  }
  return (
    <div className="space-y-4">
      {origins.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 px-4 py-4 text-sm text-slate-600">No origins yet: the portal can be opened as a shareable link, but no site can embed it.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-md border border-slate-200" aria-label="Allowed origins">
          {origins.map((o) => (
            <li key={`${o.source}-${o.origin}`} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
              <span className="min-w-0 break-all font-mono text-sm">{o.origin}</span>
              {o.source === "environment" ? (
                <span className="text-xs text-slate-500">from PORTAL_ALLOWED_ORIGINS</span>
              ) : readOnly ? null : (
                <Button size="sm" variant="danger-ghost" disabled={pending} aria-label={`Remove ${o.origin}`} onClick={() => void remove(o.origin)}>Remove</Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {readOnly ? null : (
        <form onSubmit={onAdd} className="flex flex-col gap-2 sm:flex-row sm:items-start" noValidate>
          <div className="flex-1">
            <label htmlFor="origin" className="sr-only">Origin</label>
            <Input id="origin" value={value} onChange={(e) => setValue(e.target.value)} placeholder="https://app.example.com" aria-invalid={!!fields.origin} aria-describedby="origin-hint" className="font-mono" />
            <p id="origin-hint" className={`mt-1 text-xs ${fields.origin ? "font-medium text-red-700" : "text-slate-500"}`}>
              {fields.origin
                ? fieldMessage("Origin", fields.origin)
                : "Scheme, host and port if any; no path. https://*.example.com allows every subdomain (https only); plain http only for localhost and 127.0.0.1."}
            </p>
          </div>
          <Button type="submit" loading={pending}>Add origin</Button>
        </form>
      )}
      <FormStatus success={done} error={failure && !fields.origin ? failure.message : null} />
    </div>
  );
}
