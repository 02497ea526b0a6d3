"use client";
import type { ComponentProps } from "react";
import { cn } from "./cn";
import { useFieldControl } from "./field";

const CONTROL = cn(
  "block min-w-0 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm",
  "placeholder:text-slate-400 focus:border-accent focus:outline-2 focus:outline-offset-0 focus:outline-accent/40",
  "disabled:cursor-not-allowed disabled:bg-slate-100 aria-[invalid=true]:border-red-500",
);

/** Full width unless the caller gives a width (cn joins classes without resolving conflicts, and w-full would win). */
const width = (className: string | undefined) => (/(^|\s)w-/.test(className ?? "") ? "" : "w-full");

export function Input({ className, ...props }: ComponentProps<"input">) {
  const wired = useFieldControl(props);
  return <input {...props} {...wired} className={cn(CONTROL, width(className), "min-h-10", className)} />;
}

export function Textarea({ className, rows = 3, ...props }: ComponentProps<"textarea">) {
  const wired = useFieldControl(props);
  return <textarea rows={rows} {...props} {...wired} className={cn(CONTROL, width(className), className)} />;
}

export function Select({ className, children, ...props }: ComponentProps<"select">) {
  const wired = useFieldControl(props);
  return <select {...props} {...wired} className={cn(CONTROL, width(className), "min-h-10 pr-8", className)}>{children}</select>;
}

export function Checkbox({ className, label, description, ...props }: Omit<ComponentProps<"input">, "type"> & { label: React.ReactNode; description?: React.ReactNode }) {
  return (
    <label className={cn("flex cursor-pointer items-start gap-2.5 text-sm text-slate-800", className)}>
      <input type="checkbox" {...props} className="mt-0.5 size-4 shrink-0 rounded border-slate-300 accent-[rgb(var(--accent))]" />
      <span className="min-w-0">
        <span className="break-words">{label}</span>
        {description ? <span className="block text-xs text-slate-500">{description}</span> : null}
      </span>
    </label>
  );
}
