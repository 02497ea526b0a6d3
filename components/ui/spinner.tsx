import { cn } from "./cn";

/** A small spinning ring. Give it a `label` when it is the only sign that something is loading. */
export function Spinner({ className, label }: { className?: string; label?: string }) {
  return (
    <span role={label ? "status" : undefined} className="inline-flex items-center gap-2">
      <span aria-hidden="true" className={cn("inline-block size-4 animate-spin rounded-full border-2 border-current border-r-transparent", className)} />
      {label ? <span className="text-sm text-slate-600">{label}</span> : null}
    </span>
  );
}
