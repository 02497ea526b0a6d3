"use client";
import { useEffect, useId, useRef, type ReactNode, type RefObject } from "react";
import { createPortal } from "react-dom";
import { cn } from "./cn";

// A modal dialog: rendered over everything, focus kept inside (Tab wraps, the page behind is inert),
// focus returned to where it was on close. `dismissible={false}` ignores Escape and backdrop clicks, for
// dialogs that must not be closed by accident (one-time secrets); the dialog's own buttons close it.

/** Open dialogs, innermost last: only the innermost one handles keys and takes focus back. */
const openPanels: HTMLElement[] = [];

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  /** Buttons, right-aligned; kept on one row where they fit so a short (iframe) viewport keeps room for content. */
  footer?: ReactNode;
  dismissible?: boolean;
  /** Element to focus when the dialog opens; otherwise the first [data-autofocus] or focusable element. */
  initialFocus?: RefObject<HTMLElement | null>;
  size?: "sm" | "md" | "lg";
  /** role="alertdialog" for confirmations that interrupt. */
  role?: "dialog" | "alertdialog";
  className?: string;
}

const SIZES = { sm: "sm:max-w-md", md: "sm:max-w-lg", lg: "sm:max-w-2xl" };

function focusableIn(panel: HTMLElement): HTMLElement[] {
  return Array.from(panel.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => el.offsetParent !== null || el === document.activeElement);
}

export function Dialog(props: DialogProps) {
  if (!props.open || typeof document === "undefined") return null;
  return createPortal(<DialogPanel {...props} />, document.body);
}

function DialogPanel({ onClose, title, description, children, footer, dismissible = true, initialFocus, size = "md", role = "dialog", className }: DialogProps) {
  const overlayRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const pressStartedOnBackdrop = useRef(false);
  const titleId = useId();
  const descriptionId = useId();
  const latest = useRef({ onClose, dismissible });
  useEffect(() => { latest.current = { onClose, dismissible }; });

  useEffect(() => {
    const overlay = overlayRef.current;
    const panel = panelRef.current;
    if (!overlay || !panel) return;
    const previouslyFocused = document.activeElement instanceof HTMLElement ? document.activeElement : null;

    // Everything else on the page becomes inert: no focus, no clicks, hidden from assistive tech.
    const madeInert: Element[] = [];
    for (const el of Array.from(document.body.children)) {
      if (el !== overlay && !el.hasAttribute("inert") && el.tagName !== "SCRIPT") {
        el.setAttribute("inert", "");
        madeInert.push(el);
      }
    }
    const previousOverflow = document.body.style.overflow;
    document.body.style.overflow = "hidden";

    // In a frame far taller than the screen (the host sized its iframe to the portal's content, see
    // PORTAL_RESIZE) a centred dialog could open out of the user's view: it opens beside what opened it,
    // which they were looking at.
    if (window.parent !== window && window.innerHeight > 1.5 * window.screen.availHeight && previouslyFocused) {
      const top = previouslyFocused.getBoundingClientRect().top - 96;
      overlay.style.alignItems = "flex-start";
      panel.style.marginTop = `${Math.max(8, Math.min(top, window.innerHeight - panel.offsetHeight - 8))}px`;
    }

    const target = initialFocus?.current ?? panel.querySelector<HTMLElement>("[data-autofocus]") ?? panel.querySelector<HTMLElement>(FOCUSABLE) ?? panel;
    target.focus();
    openPanels.push(panel);

    // Focus can still leave the panel without the user moving it: the focused control is removed or
    // disabled (the browser then focuses <body>). Keys pressed then never reach the panel's own handler,
    // so Escape and Tab are also handled at the document, and Tab brings focus back in.
    const onDocumentKey = (e: KeyboardEvent) => {
      if (openPanels.at(-1) !== panel || panel.contains(document.activeElement)) return;
      if (e.key === "Escape") {
        e.preventDefault();
        if (latest.current.dismissible) latest.current.onClose();
      } else if (e.key === "Tab") {
        e.preventDefault();
        const focusable = focusableIn(panel);
        const target = e.shiftKey ? focusable.at(-1) : focusable[0];
        if (target) target.focus();
        else panel.focus();
      }
    };
    document.addEventListener("keydown", onDocumentKey);

    return () => {
      document.removeEventListener("keydown", onDocumentKey);
      openPanels.splice(openPanels.indexOf(panel), 1);
      for (const el of madeInert) el.removeAttribute("inert");
      document.body.style.overflow = previousOverflow;
      if (previouslyFocused?.isConnected) previouslyFocused.focus();
    };
    // Runs once per opening; the focus target is read only then.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function onKeyDown(e: React.KeyboardEvent) {
    if (e.key === "Escape") {
      e.stopPropagation();
      e.preventDefault();
      if (latest.current.dismissible) latest.current.onClose();
      return;
    }
    if (e.key !== "Tab" || !panelRef.current) return;
    const focusable = focusableIn(panelRef.current);
    if (!focusable.length) { e.preventDefault(); return; }
    const first = focusable[0]!;
    const last = focusable[focusable.length - 1]!;
    if (e.shiftKey && (document.activeElement === first || document.activeElement === panelRef.current)) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
  }

  return (
    <div
      ref={overlayRef}
      className="fixed inset-0 z-50 flex items-end justify-center overflow-y-auto bg-slate-900/50 p-2 sm:items-center sm:p-4"
      onMouseDown={(e) => { pressStartedOnBackdrop.current = e.target === e.currentTarget; }}
      onMouseUp={(e) => {
        if (pressStartedOnBackdrop.current && e.target === e.currentTarget && latest.current.dismissible) latest.current.onClose();
        pressStartedOnBackdrop.current = false;
      }}
      onKeyDown={onKeyDown}
    >
      <div
        ref={panelRef}
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        tabIndex={-1}
        className={cn("flex max-h-[calc(100dvh-1rem)] w-full flex-col rounded-lg bg-white shadow-xl outline-none sm:max-h-[calc(100dvh-2rem)]", SIZES[size], className)}
      >
        <div className="border-b border-slate-200 px-4 py-3 sm:px-5">
          <h2 id={titleId} className="text-base font-semibold text-slate-900">{title}</h2>
          {description ? <div id={descriptionId} className="mt-1 text-sm text-slate-600">{description}</div> : null}
        </div>
        {children ? <div data-dialog-body="" className="min-h-0 flex-1 overflow-y-auto px-4 py-4 sm:px-5">{children}</div> : null}
        {footer ? <div className="flex flex-wrap justify-end gap-2 border-t border-slate-200 px-4 py-3 sm:px-5">{footer}</div> : null}
      </div>
    </div>
  );
}
