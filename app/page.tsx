import { buttonClasses } from "@/components/ui";
import Link from "next/link";

export default function Home() {
  return (
    <main className="mx-auto flex min-h-screen max-w-2xl flex-col justify-center gap-6 px-6 py-16">
      <div>
        <p className="text-sm font-semibold uppercase tracking-wide text-accent">Portico</p>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight text-slate-900">Identity admin plane</h1>
        <p className="mt-3 text-slate-600">
          Service principals, enterprise SSO, directory sync and audit for your B2B app. Operators work in the console;
          your customers&apos; admins use the admin portal embedded in your app.
        </p>
      </div>
      <nav className="flex flex-wrap gap-3">
        <Link href="/console" className={buttonClasses({ variant: "primary" })}>
          Open the console
        </Link>
        <a href="/docs/api" className={buttonClasses()}>
          API reference
        </a>
        <a href="/api/health" className={buttonClasses()}>
          Health
        </a>
      </nav>
    </main>
  );
}
