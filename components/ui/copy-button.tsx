"use client";
import { useEffect, useRef, useState } from "react";
import { Button, type ButtonSize, type ButtonVariant } from "./button";
import { CheckIcon, CopyIcon } from "./icons";

/** Copies text to the clipboard: the async Clipboard API, or a hidden textarea + execCommand where it is unavailable (http, old browsers, some iframes). */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the legacy path (e.g. clipboard permission denied inside an iframe)
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  area.style.pointerEvents = "none";
  document.body.appendChild(area);
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  area.remove();
  previous?.focus();
  return ok;
}

export interface CopyButtonProps {
  value: string;
  /** Accessible name, e.g. "Copy client ID". */
  label: string;
  size?: ButtonSize;
  variant?: ButtonVariant;
  className?: string;
}

/** A copy button with an announced "Copied" status (aria-live), or a hint to copy by hand when the browser refuses. */
export function CopyButton({ value, label, size = "sm", variant = "secondary", className }: CopyButtonProps) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);

  async function onClick() {
    const ok = await copyText(value);
    setState(ok ? "copied" : "failed");
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setState("idle"), 2500);
  }

  return (
    <span className="inline-flex items-center gap-2">
      <Button size={size} variant={variant} onClick={onClick} aria-label={label} className={className}>
        {state === "copied" ? <CheckIcon className="size-3.5" /> : <CopyIcon className="size-3.5" />}
        <span aria-hidden="true">{state === "copied" ? "Copied" : "Copy"}</span>
      </Button>
      <span role="status" aria-live="polite" className={state === "failed" ? "text-xs text-red-700" : "sr-only"}>
        {state === "copied" ? "Copied" : state === "failed" ? "Could not copy: select the text and copy it by hand" : ""}
      </span>
    </span>
  );
}
