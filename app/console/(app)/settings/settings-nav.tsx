"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { href: "/console/settings/sessions", label: "Sessions" },
  { href: "/console/settings/scopes", label: "Scope catalog" },
  { href: "/console/settings/clients", label: "Environment clients" },
  { href: "/console/settings/portal", label: "Portal & branding" },
  { href: "/console/settings/keys", label: "Signing keys" },
] as const;

export function SettingsNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings" className="mt-4 flex gap-1 overflow-x-auto border-b border-slate-200">
      {TABS.map((t) => {
        const active = pathname.startsWith(t.href);
        return (
          <Link key={t.href} href={t.href} aria-current={active ? "page" : undefined}
            className={`whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${active ? "border-accent text-slate-900" : "border-transparent text-slate-600 hover:text-slate-900"}`}>
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
