"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { useState } from "react";

const LINKS = [
  { href: "/console/organizations", label: "Organizations" },
  { href: "/console/audit", label: "Audit log" },
  { href: "/console/usage", label: "Usage" },
  { href: "/console/webhooks", label: "Webhooks" },
  { href: "/console/settings", label: "Settings" },
  { href: "/console/operators", label: "Operators" },
] as const;

const ROLE_LABEL: Record<string, string> = { owner: "Owner", admin: "Admin", auditor: "Auditor (read only)" };

export function ConsoleNav({ email, role }: { email: string; role: string }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  return (
    <header className="border-b border-slate-200 bg-white lg:sticky lg:top-0 lg:flex lg:h-screen lg:w-60 lg:shrink-0 lg:flex-col lg:border-b-0 lg:border-r">
      <div className="flex items-center justify-between px-4 py-3 lg:px-5 lg:py-5">
        <Link href="/console" className="text-base font-semibold text-slate-900">
          Portico <span className="font-normal text-slate-500">console</span>
        </Link>
        <button type="button" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm text-slate-700 lg:hidden"
          aria-expanded={open} aria-controls="console-menu" onClick={() => setOpen((v) => !v)}>
          {open ? "Close" : "Menu"}
        </button>
      </div>
      <div id="console-menu" className={`${open ? "flex" : "hidden"} flex-col gap-4 px-4 pb-4 lg:flex lg:flex-1 lg:px-3`}>
        <nav aria-label="Console" className="flex flex-col gap-0.5">
          {LINKS.map((link) => {
            const active = pathname === link.href || pathname.startsWith(`${link.href}/`);
            return (
              <Link key={link.href} href={link.href} aria-current={active ? "page" : undefined} onClick={() => setOpen(false)}
                className={`rounded-md px-3 py-2 text-sm font-medium ${active ? "bg-slate-100 text-slate-900" : "text-slate-600 hover:bg-slate-50 hover:text-slate-900"}`}>
                {link.label}
              </Link>
            );
          })}
        </nav>
        <div className="border-t border-slate-200 pt-4 lg:mt-auto lg:px-2 lg:pb-4">
          <p className="truncate text-sm font-medium text-slate-900" title={email}>{email}</p>
          <p className="text-xs text-slate-500" data-testid="operator-role">{ROLE_LABEL[role] ?? role}</p>
          <button type="button" onClick={() => void signOut({ callbackUrl: "/console/sign-in" })}
            className="mt-3 rounded-md border border-slate-300 px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-50">
            Sign out
          </button>
        </div>
      </div>
    </header>
  );
}
