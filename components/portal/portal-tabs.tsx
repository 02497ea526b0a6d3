"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { ScrollTabs } from "@/components/ui";
import type { PortalTab } from "@/lib/portal/tabs";

export function PortalTabs({ tabs }: { tabs: PortalTab[] }) {
  const pathname = usePathname();
  return (
    <ScrollTabs label="Admin portal" active={pathname} fade="from-white" className="border-b border-slate-200 bg-white">
      <ul className="mx-auto flex max-w-5xl gap-1 px-2 sm:px-4">
        {tabs.map((tab) => {
          const current = pathname === tab.href || pathname.startsWith(`${tab.href}/`);
          return (
            <li key={tab.href} className="shrink-0">
              <Link
                href={tab.href}
                aria-current={current ? "page" : undefined}
                className={`inline-block border-b-2 px-3 py-2.5 text-sm font-medium whitespace-nowrap ${
                  current ? "border-accent text-slate-900" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
                }`}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </ScrollTabs>
  );
}
