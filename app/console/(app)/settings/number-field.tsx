import { Input } from "@/components/ui";

/**
 * A number with its unit in the label, the value in words beside it ("= 12 hours"), and a hint that the
 * field's error replaces (same element, #<name>-hint).
 */
export function NumberField({ name, label, hint, value, error, disabled, unit, words }: {
  name: string; label: string; hint: string; value: number; error?: string; disabled: boolean; unit: string;
  /** The current value in words with units, e.g. "12 hours". */
  words?: string | null;
}) {
  return (
    <div>
      <label htmlFor={name} className="block text-sm font-medium text-slate-800">{label} <span className="font-normal text-slate-500">({unit})</span></label>
      <div className="mt-1 flex items-center gap-2">
        <Input id={name} name={name} type="number" inputMode="numeric" step="any" defaultValue={value} disabled={disabled} aria-invalid={!!error} aria-describedby={`${name}-hint`} className="w-32 shrink-0" />
        {words ? <span className="min-w-0 text-sm text-slate-600" data-testid={`${name}-words`}>= {words}</span> : null}
      </div>
      <p id={`${name}-hint`} className={`mt-1 text-xs ${error ? "font-medium text-red-700" : "text-slate-500"}`}>{error ? `${label} ${error}` : hint}</p>
    </div>
  );
}
