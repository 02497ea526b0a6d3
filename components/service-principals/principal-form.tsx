"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useId, type ReactNode } from "react";
import { Controller, useFieldArray, useForm, useWatch, type FieldPath } from "react-hook-form";
import { Alert, Button, Checkbox, Dialog, Field, FieldGroup, fieldMessage, Input, Spinner, Textarea } from "@/components/ui";
import { failureOf, formPath } from "@/lib/actions/result";
import { formatDuration } from "@/lib/format";
import { MAX_CUSTOM_CLAIMS, MAX_EXPIRY_SECONDS, MIN_EXPIRY_SECONDS, type ServicePrincipalView } from "@/lib/service-principals/schemas";
import {
  emptyFormValues, FORM_FIELDS, formValuesFrom, sameMembers, servicePrincipalFormSchema, toCreateInput, toUpdatePatch,
  type ServicePrincipalFormInput, type ServicePrincipalFormValues,
} from "./form-schema";
import { useScopeCatalog } from "./hooks";
import type { ClientWords } from "./vocabulary";

/** One checkbox of a list-valued field (scopes, audience): ticking adds the value, unticking removes it. */
export function ListCheckbox({ field, value, label, description, disabled }: {
  field: { name: string; value?: string[]; onChange: (v: string[]) => void; onBlur?: () => void };
  value: string;
  label: ReactNode;
  description?: ReactNode;
  disabled?: boolean;
}) {
  const current = field.value ?? [];
  return (
    <Checkbox
      name={field.name}
      value={value}
      checked={current.includes(value)}
      onBlur={field.onBlur}
      onChange={(e) => field.onChange(e.target.checked ? [...current, value] : current.filter((x) => x !== value))}
      label={label}
      description={description}
      disabled={disabled}
    />
  );
}

export interface PrincipalFormDialogProps {
  mode: "create" | "edit";
  organizationId: string;
  words: ClientWords;
  /** The client being edited. */
  client?: ServicePrincipalView;
  onClose: () => void;
  /** Saves the create input or the update patch; throws ActionFailure with field errors when the server refuses. */
  save: (input: unknown) => Promise<void>;
}

/** The create and edit form of an organization's service principal (API client, for tenants). */
export function PrincipalFormDialog({ mode, organizationId, words, client, onClose, save }: PrincipalFormDialogProps) {
  const formId = useId();
  const defaultValues = client ? formValuesFrom(client) : emptyFormValues();
  const tenant = words.audience === "tenant";
  const catalog = useScopeCatalog(organizationId);
  const form = useForm<ServicePrincipalFormInput, unknown, ServicePrincipalFormValues>({
    resolver: zodResolver(servicePrincipalFormSchema),
    defaultValues,
    // Validate on submit, then live as the user fixes fields: no errors popping up (and shifting the layout) on blur.
    mode: "onSubmit",
    reValidateMode: "onChange",
  });
  const { register, control, handleSubmit, setError, formState: { errors, isSubmitting, isDirty } } = form;
  const claims = useFieldArray({ control, name: "custom_claims" });
  const expiry = useWatch({ control, name: "expiry" });

  useEffect(() => { form.setFocus("name"); }, [form]);

  const submit = handleSubmit(async (values) => {
    try {
      const audienceChanged = !sameMembers(values.audience, defaultValues.audience ?? []);
      await save(mode === "create" ? toCreateInput(values) : toUpdatePatch(values, catalog.data ?? [], audienceChanged));
    } catch (err) {
      const failure = failureOf(err);
      let focused = false;
      let placed = false;
      for (const { field, message } of failure.fields) {
        const path = formPath(field);
        if (!FORM_FIELDS.some((f) => path === f || path.startsWith(`${f}.`))) continue;
        setError(path as FieldPath<ServicePrincipalFormInput>, { type: "server", message }, { shouldFocus: !focused });
        focused = true;
        placed = true;
      }
      if (!placed) setError("root.server", { type: "server", message: failure.message });
    }
  });

  const claimsError = errors.custom_claims?.message ?? errors.custom_claims?.root?.message;
  const resources = catalog.data ?? [];

  return (
    <Dialog
      open
      onClose={onClose}
      dismissible={!isDirty && !isSubmitting}
      size="lg"
      title={mode === "create" ? words.createTitle : words.editTitle}
      description={mode === "create" ? (tenant ? "An identity of its own for a script, job or integration that calls the app's API for your organization." : "An identity of its own for a script, job or integration that calls your APIs for this organization.") : undefined}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={isSubmitting}>Cancel</Button>
          <Button variant="primary" type="submit" form={formId} loading={isSubmitting}>
            {mode === "create" ? words.createSubmit : "Save changes"}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate className="flex flex-col gap-5">
        {errors.root?.server ? <Alert tone="danger" title="Not saved">{errors.root.server.message}</Alert> : null}

        <Field label="Name" required error={fieldMessage("Name", errors.name?.message)} hint={`Shown to your team and in the ${tenant ? "activity log" : "audit trail"}, e.g. “Billing sync job”.`}>
          <Input {...register("name")} autoComplete="off" maxLength={100} />
        </Field>

        <Field label="Description" error={fieldMessage("Description", errors.description?.message)}>
          <Textarea {...register("description")} rows={2} maxLength={500} placeholder="What uses it, and who owns it" />
        </Field>

        <FieldGroup legend="Scopes" error={fieldMessage("Scopes", errors.scopes?.message ?? errors.scopes?.root?.message)} hint={`What tokens of this ${words.noun} may do. Grant only what it needs.`}>
          {catalog.isPending ? <Spinner label="Loading the scope catalog…" /> : catalog.isError ? (
            <Alert tone="danger" action={<Button size="sm" onClick={() => void catalog.refetch()}>Retry</Button>}>Could not load the scope catalog: {catalog.error.message}</Alert>
          ) : resources.length === 0 ? (
            <p className="text-sm text-slate-600">{tenant ? "The app has no APIs with scopes to grant yet. Ask the app's administrator." : "No APIs with scopes are registered yet. An operator adds them to the scope catalog in the console."}</p>
          ) : (
            <Controller control={control} name="scopes" render={({ field }) => (
              <div className="flex flex-col gap-3">
                {resources.map((r) => (
                  <div key={r.id} className="rounded-md border border-slate-200 p-3">
                    <p className="text-sm font-medium text-slate-900">{r.name}</p>
                    <p className="mb-2 font-mono text-xs break-all text-slate-500">{r.audience}</p>
                    {r.scopes.length === 0 ? <p className="text-xs text-slate-500">No scopes.</p> : (
                      <div className="grid gap-2 sm:grid-cols-2">
                        {r.scopes.map((s) => (
                          <ListCheckbox key={s.id} field={field} value={s.name} label={<span className="font-mono text-xs">{s.name}</span>} description={s.description || undefined} />
                        ))}
                      </div>
                    )}
                  </div>
                ))}
              </div>
            )} />
          )}
        </FieldGroup>

        {resources.length ? (
          <FieldGroup legend={tenant ? "APIs it can call" : "Audience"} error={fieldMessage(tenant ? "APIs it can call:" : "Audience", errors.audience?.message ?? errors.audience?.root?.message)}
            hint={tenant ? "Tokens of this API client are accepted only by the APIs ticked here. Leave all unticked to allow the APIs of the scopes you chose." : "The APIs its tokens are for (the aud claim). Leave all unticked to use the APIs of the scopes you chose."}>
            <Controller control={control} name="audience" render={({ field }) => (
              <div className="flex flex-col gap-2">
                {resources.map((r) => (
                  <ListCheckbox key={r.id} field={field} value={r.audience}
                    label={tenant ? r.name : <span className="font-mono text-xs break-all">{r.audience}</span>}
                    description={tenant ? <span className="font-mono break-all">{r.audience}</span> : r.name} />
                ))}
              </div>
            )} />
          </FieldGroup>
        ) : null}

        <Field
          label="Token lifetime (seconds)"
          error={fieldMessage("Token lifetime", errors.expiry?.message)}
          hint={`How long each access token stays valid: ${MIN_EXPIRY_SECONDS} (5 minutes) to ${MAX_EXPIRY_SECONDS} (24 hours).${expiry && Number.isFinite(Number(expiry)) && Number(expiry) > 0 ? ` Now: ${formatDuration(Number(expiry))}.` : ""}`}
        >
          <Input type="number" inputMode="numeric" min={MIN_EXPIRY_SECONDS} max={MAX_EXPIRY_SECONDS} step={1} className="sm:max-w-48" {...register("expiry", { valueAsNumber: true })} />
        </Field>

        <FieldGroup legend="Custom claims" error={fieldMessage("Custom claims", claimsError)} hint={`Added to every token under custom_claims, as strings. Keys may not be registered claims such as iss, sub, aud or oid. At most ${MAX_CUSTOM_CLAIMS}.`}>
          {claims.fields.length ? (
            <ul className="flex flex-col gap-3">
              {claims.fields.map((row, i) => {
                const rowErrors = errors.custom_claims?.[i];
                return (
                  <li key={row.id} className="flex flex-col gap-2 rounded-md border border-slate-200 p-2 sm:flex-row sm:items-start sm:border-0 sm:p-0">
                    <Field label={`Claim ${i + 1} key`} className="flex-1" error={fieldMessage("Key", rowErrors?.key?.message)}>
                      <Input {...register(`custom_claims.${i}.key`)} autoComplete="off" placeholder="team" className="font-mono" />
                    </Field>
                    <Field label={`Claim ${i + 1} value`} className="flex-1" error={fieldMessage("Value", rowErrors?.value?.message)}>
                      <Input {...register(`custom_claims.${i}.value`)} autoComplete="off" placeholder="billing" className="font-mono" />
                    </Field>
                    <Button variant="ghost" size="sm" className="self-end sm:mt-7 sm:self-start" onClick={() => claims.remove(i)} aria-label={`Remove claim ${i + 1}`}>
                      Remove
                    </Button>
                  </li>
                );
              })}
            </ul>
          ) : null}
          <div>
            <Button size="sm" onClick={() => claims.append({ key: "", value: "" }, { shouldFocus: true })} disabled={claims.fields.length >= MAX_CUSTOM_CLAIMS}>
              + Add claim
            </Button>
          </div>
        </FieldGroup>
      </form>
    </Dialog>
  );
}
