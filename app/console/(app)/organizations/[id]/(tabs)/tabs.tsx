"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn, ScrollTabs } from "@/components/ui";

/** The organization page's tabs; each is its own address, so a tab can be linked to and reloaded. */
export function OrganizationTabs({ id, principals, links }: { id: string; principals: number; links: number }) {
  const pathname = usePathname();
  const base = `/console/organizations/${id}`;
  const tabs = [
    { href: base, label: "Overview" },
    { href: `${base}/service-principals`, label: "Service principals", count: principals },
    { href: `${base}/portal-links`, label: "Portal links", count: links },
    { href: `${base}/sso`, label: "Single sign-on" },
    { href: `${base}/directory-sync`, label: "Directory sync" },
    { href: `${base}/domains`, label: "Domains" },
    { href: `${base}/activity`, label: "Activity" },
  ];
  return (
    <ScrollTabs label="Organization pages" active={pathname} className="border-b border-slate-200">
      <ul className="flex gap-1">
        {tabs.map((t) => {
          // A tab's own pages (an SSO test result) keep it current.
          const current = pathname === t.href || (t.href !== base && pathname.startsWith(`${t.href}/`));
          return (
            <li key={t.href} className="shrink-0">
              <Link href={t.href} aria-current={current ? "page" : undefined}
                className={cn("inline-flex items-center gap-1.5 border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap",
                  current ? "border-accent text-slate-900" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900")}>
                {t.label}
                {t.count !== undefined ? <span className="rounded-full bg-slate-100 px-1.5 text-xs font-medium text-slate-600">{t.count}</span> : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </ScrollTabs>
  );
}
