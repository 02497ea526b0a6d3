"use client";
import { createContext, useContext, useId, type ReactNode } from "react";
import { cn } from "./cn";
import { WarningIcon } from "./icons";

// A labelled form field. Inputs inside a Field pick up its id, aria-invalid and aria-describedby from
// context, so the label, hint and error text are always wired to the control.

interface FieldIds { controlId: string; hintId?: string; errorId?: string; invalid: boolean; required: boolean }
const FieldContext = createContext<FieldIds | null>(null);

export function useFieldControl(props: { id?: string; "aria-describedby"?: string; "aria-invalid"?: React.AriaAttributes["aria-invalid"] }) {
  const field = useContext(FieldContext);
  if (!field) return props;
  const describedBy = [props["aria-describedby"], field.errorId, field.hintId].filter(Boolean).join(" ") || undefined;
  return { id: props.id ?? field.controlId, "aria-describedby": describedBy, "aria-invalid": props["aria-invalid"] ?? (field.invalid || undefined), "aria-required": field.required || undefined };
}

export interface FieldProps {
  label: ReactNode;
  /** Shown under the control, tied to it with aria-describedby. */
  hint?: ReactNode;
  /** Error text; also marks the control aria-invalid. */
  error?: string | null;
  /** Set when the label should point at a control whose id is chosen elsewhere. */
  htmlFor?: string;
  required?: boolean;
  className?: string;
  children: ReactNode;
}

export function Field({ label, hint, error, htmlFor, required, className, children }: FieldProps) {
  const base = useId();
  const controlId = htmlFor ?? `${base}-control`;
  const ids: FieldIds = { controlId, hintId: hint ? `${base}-hint` : undefined, errorId: error ? `${base}-error` : undefined, invalid: Boolean(error), required: Boolean(required) };
  return (
    <FieldContext.Provider value={ids}>
      <div className={cn("flex min-w-0 flex-col gap-1.5", className)}>
        <div className="flex items-baseline gap-1">
          <label htmlFor={controlId} className="text-sm font-medium text-slate-800">{label}</label>
          {required ? <span className="text-sm text-red-600" aria-hidden="true" title="Required">*</span> : null}
        </div>
        {children}
        {error ? <FieldError id={ids.errorId}>{error}</FieldError> : null}
        {hint ? <p id={ids.hintId} className="text-xs text-slate-500">{hint}</p> : null}
      </div>
    </FieldContext.Provider>
  );
}

/** A field's error as a sentence: "is required" → "Name is required"; a full sentence stays as it is. */
export function fieldMessage(label: string, message: string | undefined): string | undefined {
  if (!message) return undefined;
  return /^[a-z]/.test(message) ? `${label} ${message}` : message;
}

/** Error text for a control or a group of controls. */
export function FieldError({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <p id={id} className="flex items-start gap-1 text-xs font-medium text-red-700">
      <WarningIcon className="mt-px size-3.5 shrink-0" />
      <span>{children}</span>
    </p>
  );
}

/** A fieldset with a legend, for groups of checkboxes or repeated rows. */
export function FieldGroup({ legend, hint, error, children, className }: { legend: ReactNode; hint?: ReactNode; error?: string | null; children: ReactNode; className?: string }) {
  const base = useId();
  return (
    <fieldset className={cn("flex min-w-0 flex-col gap-1.5", className)} aria-describedby={[error ? `${base}-error` : "", hint ? `${base}-hint` : ""].join(" ").trim() || undefined} aria-invalid={error ? true : undefined}>
      <legend className="mb-1.5 text-sm font-medium text-slate-800">{legend}</legend>
      {children}
      {error ? <FieldError id={`${base}-error`}>{error}</FieldError> : null}
      {hint ? <p id={`${base}-hint`} className="text-xs text-slate-500">{hint}</p> : null}
    </fieldset>
  );
}
