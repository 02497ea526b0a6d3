"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn, ScrollTabs } from "@/components/ui";

const TABS = [
  { href: "/console/settings/sessions", label: "Sessions" },
  { href: "/console/settings/scopes", label: "Scope catalog" },
  { href: "/console/settings/clients", label: "Environment clients" },
  { href: "/console/settings/roles", label: "Roles" },
  { href: "/console/settings/sso", label: "SSO attributes" },
  { href: "/console/settings/portal", label: "Portal & branding" },
  { href: "/console/settings/keys", label: "Signing keys" },
] as const;

/** The settings tabs; on a phone they scroll sideways, with the edge that has more tabs faded and marked. */
export function SettingsNav() {
  const pathname = usePathname();
  return (
    <ScrollTabs label="Settings" active={pathname} className="mt-4 border-b border-slate-200">
      <ul className="flex gap-1">
        {TABS.map((t) => {
          const active = pathname.startsWith(t.href);
          return (
            <li key={t.href} className="shrink-0">
              <Link href={t.href} aria-current={active ? "page" : undefined}
                className={cn("inline-block border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap", active ? "border-accent text-slate-900" : "border-transparent text-slate-600 hover:text-slate-900")}>
                {t.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </ScrollTabs>
  );
}
