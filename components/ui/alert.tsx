import type { ReactNode } from "react";
import { cn } from "./cn";
import { CheckIcon, InfoIcon, WarningIcon } from "./icons";

export type AlertTone = "info" | "success" | "warning" | "danger";

const TONES: Record<AlertTone, { box: string; Icon: typeof InfoIcon }> = {
  info: { box: "border-sky-200 bg-sky-50 text-sky-900", Icon: InfoIcon },
  success: { box: "border-emerald-200 bg-emerald-50 text-emerald-900", Icon: CheckIcon },
  warning: { box: "border-amber-300 bg-amber-50 text-amber-900", Icon: WarningIcon },
  danger: { box: "border-red-200 bg-red-50 text-red-900", Icon: WarningIcon },
};

/**
 * An inline message. Errors and warnings are announced (role="alert"); info and success are polite
 * status messages.
 */
export function Alert({ tone = "info", title, children, action, className }: { tone?: AlertTone; title?: ReactNode; children?: ReactNode; action?: ReactNode; className?: string }) {
  const t = TONES[tone];
  return (
    <div role={tone === "danger" || tone === "warning" ? "alert" : "status"} className={cn("flex gap-2.5 rounded-md border px-3 py-2.5 text-sm", t.box, className)}>
      <t.Icon className="mt-0.5 size-4 shrink-0" />
      <div className="min-w-0 flex-1 break-words">
        {title ? <p className="font-semibold">{title}</p> : null}
        {children ? <div className={title ? "mt-0.5" : undefined}>{children}</div> : null}
      </div>
      {action ? <div className="shrink-0">{action}</div> : null}
    </div>
  );
}
