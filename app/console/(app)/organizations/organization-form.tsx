"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { useAction } from "@/components/use-action";
import { Button, Checkbox, Field, FieldError, fieldMessage, FormStatus, Input } from "@/components/ui";
import { DEFAULT_FEATURES, FEATURE_LABELS, SERVED_FEATURES } from "@/lib/organizations/schemas";
import type { OrganizationView } from "@/lib/organizations";
import { createOrganizationAction, updateOrganizationAction } from "./actions";

type MetadataValue = string | number | boolean | null;
interface Row { key: string; value: string; original?: MetadataValue }
interface Values { display_name: string; external_id: string; features: string[]; metadata: Row[] }

/** Create or edit an organization. Only the features this deployment serves are offered. */
export function OrganizationForm({ organization }: { organization?: OrganizationView }) {
  const router = useRouter();
  const { failure, fields: serverErrors, run, reset } = useAction({ refresh: false });
  const [localError, setLocalError] = useState<string | null>(null);
  const [cleared, setCleared] = useState<Set<string>>(new Set());
  const { register, control, handleSubmit, formState } = useForm<Values>({
    defaultValues: {
      display_name: organization?.display_name ?? "",
      external_id: organization?.external_id ?? "",
      features: organization?.features ?? [...DEFAULT_FEATURES],
      metadata: Object.entries(organization?.metadata ?? {}).map(([key, v]) => ({ key, value: v === null ? "" : String(v), original: v as MetadataValue })),
    },
  });
  const rows = useFieldArray({ control, name: "metadata" });

  async function onSubmit(values: Values) {
    setLocalError(null);
    setCleared(new Set());
    reset();
    const metadata: Record<string, MetadataValue> = {};
    const seen = new Set<string>();
    for (const row of values.metadata) {
      const key = row.key.trim();
      if (!key && !row.value) continue;
      if (seen.has(key)) {
        setLocalError(`The key “${key}” appears twice`);
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
    const result = await run(() => (organization ? updateOrganizationAction(organization.id, input) : createOrganizationAction(input)));
    if (!result.ok) return;
    router.push(`/console/organizations/${result.data.id}`);
    router.refresh();
  }

  // Once the operator edits a field, its old error no longer applies.
  const error = (name: string) => (cleared.has(name) ? undefined : serverErrors[name]);
  function clearFieldError(event: React.FormEvent<HTMLFormElement>) {
    const name = (event.target as HTMLInputElement).name?.split(".")[0];
    if (name && serverErrors[name]) setCleared((c) => new Set(c).add(name));
  }
  const metadataError = localError ?? error("metadata");

  return (
    <form onSubmit={handleSubmit(onSubmit)} onChange={clearFieldError} className="max-w-2xl space-y-6" noValidate>
      <div className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
        <Field label="Display name" required error={fieldMessage("Display name", error("display_name"))}>
          <Input {...register("display_name")} />
        </Field>
        <Field label="External ID" error={fieldMessage("External ID", error("external_id"))} hint="Your app's own id for this customer, unique across organizations. Optional.">
          <Input {...register("external_id")} className="font-mono" />
        </Field>
      </div>

      <fieldset className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
        <legend className="px-1 text-sm font-semibold text-slate-900">Features</legend>
        <p className="mb-3 text-xs text-slate-500">What this organization&apos;s admins may use in the admin portal. Portal links open only the tabs of features the organization has.</p>
        <div className="grid gap-3 sm:grid-cols-2">
          {SERVED_FEATURES.map((f) => (
            <Checkbox key={f} value={f} {...register("features")}
              label={<><span className="font-medium">{FEATURE_LABELS[f].label}</span> <code className="text-xs text-slate-500">{f}</code></>}
              description={FEATURE_LABELS[f].description} />
          ))}
        </div>
        {error("features") ? <div className="mt-2"><FieldError>{fieldMessage("Features", error("features"))}</FieldError></div> : null}
      </fieldset>

      <fieldset className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6" aria-describedby="metadata-hint">
        <legend className="px-1 text-sm font-semibold text-slate-900">Metadata</legend>
        <p id="metadata-hint" className="mb-3 text-xs text-slate-500">Key/value pairs for your own use (plan, region, CRM id…). Keys use letters, digits and _ . : -; up to 50 keys.</p>
        <div className="space-y-2">
          {rows.fields.map((row, i) => (
            <div key={row.id} className="flex flex-col gap-2 rounded-md border border-slate-100 p-2 sm:flex-row sm:items-center sm:border-0 sm:p-0">
              <Input aria-label={`Metadata key ${i + 1}`} placeholder="key" {...register(`metadata.${i}.key`)} className="font-mono sm:w-48" />
              <Input aria-label={`Metadata value ${i + 1}`} placeholder="value" {...register(`metadata.${i}.value`)} className="flex-1" />
              <Button variant="ghost" onClick={() => rows.remove(i)} aria-label={`Remove metadata row ${i + 1}`}>Remove</Button>
            </div>
          ))}
        </div>
        <Button size="sm" className="mt-3" onClick={() => rows.append({ key: "", value: "" })}>Add metadata</Button>
        {metadataError ? <div className="mt-2"><FieldError>{fieldMessage("Metadata:", metadataError)}</FieldError></div> : null}
      </fieldset>

      <FormStatus error={failure && !Object.keys(serverErrors).length ? failure.message : null} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="primary" loading={formState.isSubmitting}>
          {formState.isSubmitting ? "Saving…" : organization ? "Save changes" : "Create organization"}
        </Button>
        <Button onClick={() => router.back()}>Cancel</Button>
      </div>
    </form>
  );
}
