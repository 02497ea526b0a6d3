"use client";
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";
import { cn } from "./cn";
import { XIcon } from "./icons";

// Short-lived confirmations ("Secret revoked"). Announced politely; errors that need action belong in
// an inline <Alert> next to what failed instead. Toasts sit below dialogs (z-40 < z-50) so they never
// cover a dialog's controls on a small screen.

export interface Toast { id: number; tone: "success" | "info" | "danger"; message: string }
interface ToastApi { show: (message: string, tone?: Toast["tone"]) => void }

const ToastContext = createContext<ToastApi | null>(null);

/**
 * `placement="top-on-phones"` puts toasts at the top below 640 px, for screens whose main actions sit
 * at the bottom of a short viewport (the admin portal in a 600 px iframe); they stay bottom-right above.
 */
export function ToastProvider({ children, placement = "bottom" }: { children: ReactNode; placement?: "bottom" | "top-on-phones" }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback((message: string, tone: Toast["tone"] = "success") => {
    const id = next.current++;
    setToasts((all) => [...all.slice(-2), { id, tone, message }]);
    setTimeout(() => dismiss(id), 5000);
  }, [dismiss]);
  const api = useMemo(() => ({ show }), [show]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div aria-live="polite" role="status" className={cn(
        "pointer-events-none fixed inset-x-2 z-40 flex flex-col items-center gap-2 sm:inset-x-auto sm:right-4 sm:bottom-4 sm:items-end",
        placement === "top-on-phones" ? "top-2 sm:top-auto" : "bottom-2",
      )}>
        {toasts.map((t) => (
          <div key={t.id} className={cn(
            "pointer-events-auto flex w-full max-w-sm items-start gap-3 rounded-md px-3 py-2.5 text-sm shadow-lg ring-1",
            t.tone === "danger" ? "bg-red-50 text-red-900 ring-red-200" : t.tone === "info" ? "bg-white text-slate-900 ring-slate-200" : "bg-slate-900 text-white ring-slate-900",
          )}>
            <span className="min-w-0 flex-1 break-words">{t.message}</span>
            <button type="button" onClick={() => dismiss(t.id)} className="shrink-0 rounded px-1 opacity-80 hover:opacity-100" aria-label="Dismiss notification"><XIcon className="size-4" /></button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

/** Shows a toast; outside a ToastProvider it does nothing, so components stay usable on their own. */
export function useToast(): ToastApi {
  return useContext(ToastContext) ?? { show: () => {} };
}
