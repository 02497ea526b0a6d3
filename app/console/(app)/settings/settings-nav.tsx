"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

const TABS = [
  { href: "/console/settings/sessions", label: "Sessions" },
  { href: "/console/settings/scopes", label: "Scope catalog" },
  { href: "/console/settings/clients", label: "Environment clients" },
  { href: "/console/settings/roles", label: "Roles" },
  { href: "/console/settings/sso", label: "SSO attributes" },
  { href: "/console/settings/portal", label: "Portal & branding" },
  { href: "/console/settings/keys", label: "Signing keys" },
] as const;

export function SettingsNav() {
  const pathname = usePathname();
  const nav = useRef<HTMLElement>(null);
  // On a phone the tabs scroll sideways: bring the active one into view (centred where possible), without
  // scrolling the page itself as scrollIntoView would.
  // Again when the width changes (a phone turned sideways).
  useEffect(() => {
    const reveal = () => {
      const el = nav.current;
      const active = el?.querySelector<HTMLElement>('[aria-current="page"]');
      // (The nav is the links' offsetParent: it is position: relative.)
      if (el && active) el.scrollLeft = active.offsetLeft - (el.clientWidth - active.offsetWidth) / 2;
    };
    reveal();
    window.addEventListener("resize", reveal);
    return () => window.removeEventListener("resize", reveal);
  }, [pathname]);
  return (
    <nav ref={nav} aria-label="Settings" className="relative mt-4 flex gap-1 overflow-x-auto border-b border-slate-200 [scrollbar-width:thin]">
      {TABS.map((t) => {
        const active = pathname.startsWith(t.href);
        return (
          <Link key={t.href} href={t.href} aria-current={active ? "page" : undefined}
            className={`shrink-0 whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${active ? "border-accent text-slate-900" : "border-transparent text-slate-600 hover:text-slate-900"}`}>
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
