"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Escape closes the event drawer (its close link does the same without JavaScript). */
export function DrawerEscape({ closeHref }: { closeHref: string }) {
  const router = useRouter();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === "Escape") router.push(closeHref, { scroll: false }); };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [router, closeHref]);
  return null;
}
