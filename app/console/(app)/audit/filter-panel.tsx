"use client";

import { useId, useState, type ReactNode } from "react";
import { Button } from "@/components/ui";

/**
 * The audit log's filter form: always shown on wide screens; on a phone behind a "Filters" button (with
 * the number of active filters), so the events are on the first screen. It opens by itself when a filter
 * needs fixing.
 */
export function FilterPanel({ active, open: initiallyOpen, children }: { active: number; open: boolean; children: ReactNode }) {
  const [open, setOpen] = useState(initiallyOpen);
  const id = useId();
  return (
    <div className="mb-3">
      <Button className="lg:hidden" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4" fill="currentColor"><path d="M3 4.5A1.5 1.5 0 0 1 4.5 3h11A1.5 1.5 0 0 1 17 4.5v1.1a1.5 1.5 0 0 1-.44 1.06L12 11.2V15a1 1 0 0 1-.55.9l-2 1A1 1 0 0 1 8 16v-4.8L3.44 6.66A1.5 1.5 0 0 1 3 5.6V4.5Z" /></svg>
        Filters{active ? ` (${active})` : ""}
      </Button>
      <div id={id} className={open ? "mt-3 lg:mt-0" : "hidden lg:block"}>{children}</div>
    </div>
  );
}
