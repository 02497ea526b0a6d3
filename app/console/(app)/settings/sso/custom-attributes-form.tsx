"use client";
import { useState, type FormEvent } from "react";
import { Alert, Button, Input } from "@/components/ui";
import { callAction } from "@/lib/actions/result";
import type { CustomAttribute } from "@/lib/sso/schemas";
import { updateSsoCustomAttributesAction } from "./actions";

/** "Employee Number" → employee_number (Scalekit's convention for custom attribute keys). */
const keyOf = (label: string) => label.trim().toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").replace(/^(\d)/, "a_$1").slice(0, 64);

export function CustomAttributesForm({ initial, readOnly }: { initial: CustomAttribute[]; readOnly: boolean }) {
  const [rows, setRows] = useState<CustomAttribute[]>(initial);
  const [label, setLabel] = useState("");
  const [message, setMessage] = useState<{ tone: "success" | "danger"; text: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function save(next: CustomAttribute[]) {
    setPending(true);
    setMessage(null);
    const r = await callAction(() => updateSsoCustomAttributesAction(next));
    setPending(false);
    if (r.ok) {
      setRows(next);
      setMessage({ tone: "success", text: "Saved" });
    } else {
      setMessage({ tone: "danger", text: r.error.message });
    }
  }
  function add(e: FormEvent) {
    e.preventDefault();
    if (!label.trim()) return;
    void save([...rows, { key: keyOf(label), label: label.trim() }]).then(() => setLabel(""));
  }
  return (
    <div className="flex flex-col gap-4">
      {rows.length ? (
        <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white" aria-label="Custom attributes">
          {rows.map((a) => (
            <li key={a.key} className="flex flex-wrap items-center gap-3 px-3 py-2 text-sm">
              <span className="font-medium text-slate-900">{a.label}</span>
              <code className="text-xs text-slate-500">{a.key}</code>
              {!readOnly ? <Button size="sm" variant="danger-ghost" className="ml-auto" disabled={pending} onClick={() => void save(rows.filter((r) => r.key !== a.key))} aria-label={`Remove ${a.label}`}>Remove</Button> : null}
            </li>
          ))}
        </ul>
      ) : <p className="text-sm text-slate-500">No custom attributes: profiles carry the standard fields only.</p>}
      {!readOnly ? (
        <form onSubmit={add} className="flex flex-wrap items-end gap-2">
          <label className="flex min-w-0 flex-1 flex-col gap-1.5 text-sm font-medium text-slate-800">
            New attribute
            <Input value={label} onChange={(e) => setLabel(e.target.value)} placeholder="Employee Number" />
          </label>
          <Button type="submit" loading={pending} disabled={!label.trim()}>Add{label.trim() ? ` as ${keyOf(label)}` : ""}</Button>
        </form>
      ) : null}
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
    </div>
  );
}
