"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { FEATURE_LABELS, ORGANIZATION_FEATURES } from "@/lib/organizations/schemas";
import type { OrganizationView } from "@/lib/organizations";
import { createOrganizationAction, updateOrganizationAction } from "./actions";

type MetadataValue = string | number | boolean | null;
interface Row { key: string; value: string; original?: MetadataValue }
interface Values { display_name: string; external_id: string; features: string[]; metadata: Row[] }

const INPUT = "mt-1 block min-h-10 w-full min-w-0 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-[invalid=true]:border-red-500";

export function OrganizationForm({ organization }: { organization?: OrganizationView }) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const { register, control, handleSubmit, formState } = useForm<Values>({
    defaultValues: {
      display_name: organization?.display_name ?? "",
      external_id: organization?.external_id ?? "",
      features: organization?.features ?? ["api_clients", "session_settings", "activity"],
      metadata: Object.entries(organization?.metadata ?? {}).map(([key, v]) => ({ key, value: v === null ? "" : String(v), original: v as MetadataValue })),
    },
  });
  const rows = useFieldArray({ control, name: "metadata" });

  async function onSubmit(values: Values) {
    setMessage(null);
    setServerErrors({});
    const metadata: Record<string, MetadataValue> = {};
    const seen = new Set<string>();
    for (const row of values.metadata) {
      const key = row.key.trim();
      if (!key && !row.value) continue;
      if (seen.has(key)) {
        setServerErrors({ metadata: `The key “${key}” appears twice` });
        return;
      }
      seen.add(key);
      // Keep a number, boolean or null value as it was unless its text was edited.
      metadata[key] = row.original !== undefined && (row.original === null ? "" : String(row.original)) === row.value ? row.original : row.value;
    }
    const input = {
      display_name: values.display_name,
      external_id: values.external_id.trim() ? values.external_id.trim() : null,
      metadata,
      features: values.features,
    };
    const result = organization ? await updateOrganizationAction(organization.id, input) : await createOrganizationAction(input);
    if (!result.ok) {
      const fields: Record<string, string> = {};
      for (const [k, v] of Object.entries(result.fields ?? {})) fields[k.startsWith("metadata") ? "metadata" : k] ??= v;
      setServerErrors(fields);
      setMessage(result.message);
      return;
    }
    router.push(`/console/organizations/${result.data.id}`);
    router.refresh();
  }

  const error = (name: string) => serverErrors[name];
  // Once the operator edits a field, its old error no longer applies.
  function clearFieldError(event: React.FormEvent<HTMLFormElement>) {
    const name = (event.target as HTMLInputElement).name?.split(".")[0];
    if (name && serverErrors[name]) setServerErrors(({ [name]: _gone, ...rest }) => rest);
  }
  const fieldError = (name: string, label: string) =>
    error(name) ? <p id={`${name}-error`} className="mt-1 text-xs font-medium text-red-700">{label} {error(name)}</p> : null;

  return (
    <form onSubmit={handleSubmit(onSubmit)} onChange={clearFieldError} className="max-w-2xl space-y-6" noValidate>
      <div className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
        <div>
          <label htmlFor="display_name" className="block text-sm font-medium text-slate-800">Display name <span className="text-red-600" aria-hidden="true">*</span></label>
          <input id="display_name" {...register("display_name")} className={INPUT} aria-invalid={!!error("display_name")} aria-describedby="display_name-error" />
          {fieldError("display_name", "Display name")}
        </div>
        <div>
          <label htmlFor="external_id" className="block text-sm font-medium text-slate-800">External id</label>
          <input id="external_id" {...register("external_id")} className={`${INPUT} font-mono`} aria-invalid={!!error("external_id")} aria-describedby="external_id-hint external_id-error" />
          <p id="external_id-hint" className="mt-1 text-xs text-slate-500">Your app&apos;s own id for this customer, unique across organizations. Optional.</p>
          {fieldError("external_id", "External id")}
        </div>
      </div>

      <fieldset className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
        <legend className="px-1 text-sm font-semibold text-slate-900">Features</legend>
        <p className="mb-3 text-xs text-slate-500">What this organization may use. Portal links show only the tabs of features the organization has.</p>
        <div className="grid gap-3 sm:grid-cols-2">
          {ORGANIZATION_FEATURES.map((f) => (
            <label key={f} className="flex cursor-pointer items-start gap-2.5 text-sm text-slate-800">
              <input type="checkbox" value={f} {...register("features")} className="mt-0.5 size-4 shrink-0 accent-[rgb(var(--accent))]" />
              <span className="min-w-0">
                <span className="font-medium">{FEATURE_LABELS[f].label}</span> <code className="text-xs text-slate-500">{f}</code>
                <span className="block text-xs text-slate-500">{FEATURE_LABELS[f].description}</span>
              </span>
            </label>
          ))}
        </div>
        {fieldError("features", "Features")}
      </fieldset>

      <fieldset className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6" aria-describedby="metadata-hint metadata-error">
        <legend className="px-1 text-sm font-semibold text-slate-900">Metadata</legend>
        <p id="metadata-hint" className="mb-3 text-xs text-slate-500">Key/value pairs for your own use (plan, region, CRM id…). Keys use letters, digits and _ . : -; up to 50 keys.</p>
        <div className="space-y-2">
          {rows.fields.map((row, i) => (
            <div key={row.id} className="flex flex-col gap-2 rounded-md border border-slate-100 p-2 sm:flex-row sm:items-center sm:border-0 sm:p-0">
              <input aria-label={`Metadata key ${i + 1}`} placeholder="key" {...register(`metadata.${i}.key`)} className={`${INPUT} mt-0 font-mono sm:w-48`} />
              <input aria-label={`Metadata value ${i + 1}`} placeholder="value" {...register(`metadata.${i}.value`)} className={`${INPUT} mt-0 flex-1`} />
              <button type="button" onClick={() => rows.remove(i)} className="min-h-10 rounded-md px-3 text-sm text-slate-600 hover:bg-slate-100" aria-label={`Remove metadata row ${i + 1}`}>Remove</button>
            </div>
          ))}
        </div>
        <button type="button" onClick={() => rows.append({ key: "", value: "" })} className="mt-3 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-800 hover:bg-slate-50">Add metadata</button>
        {fieldError("metadata", "Metadata:")}
      </fieldset>

      {message ? <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">{message}</p> : null}
      <div className="flex flex-wrap gap-2">
        <button type="submit" disabled={formState.isSubmitting} className="min-h-10 rounded-md bg-accent px-4 py-2 text-sm font-medium text-accent-foreground shadow-sm hover:opacity-90 disabled:opacity-60">
          {formState.isSubmitting ? "Saving…" : organization ? "Save changes" : "Create organization"}
        </button>
        <button type="button" onClick={() => router.back()} className="min-h-10 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm text-slate-800 hover:bg-slate-50">Cancel</button>
      </div>
    </form>
  );
}
