import type { ReactNode } from "react";
import { cn } from "./cn";

export function EmptyState({ title, children, action, icon, className }: { title: string; children?: ReactNode; action?: ReactNode; icon?: ReactNode; className?: string }) {
  return (
    <div className={cn("flex flex-col items-center gap-3 rounded-lg border border-dashed border-slate-300 bg-white px-4 py-8 text-center sm:px-8", className)}>
      {icon ? <div aria-hidden="true" className="text-accent">{icon}</div> : null}
      <h3 className="text-base font-semibold text-slate-900">{title}</h3>
      {children ? <div className="max-w-prose text-sm text-slate-600">{children}</div> : null}
      {action ? <div className="mt-1">{action}</div> : null}
    </div>
  );
}
