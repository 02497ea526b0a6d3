"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * While the event drawer is open: Escape closes it (its close link does the same without JavaScript),
 * and the page behind it does not scroll, so the drawer is the one thing that scrolls on a phone.
 */
export function DrawerEscape({ closeHref }: { closeHref: string }) {
  const router = useRouter();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === "Escape") router.push(closeHref, { scroll: false }); };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [router, closeHref]);
  useEffect(() => {
    const root = document.documentElement;
    const previous = root.style.overflow;
    root.style.overflow = "hidden";
    return () => { root.style.overflow = previous; };
  }, []);
  return null;
}
