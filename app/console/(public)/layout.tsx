// Sign-in, first-visit set-up and invitation pages: one centred card, no console navigation.
export default function PublicConsoleLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-start justify-center px-4 py-10 sm:items-center sm:py-16">
      <div className="w-full max-w-sm">
        <p className="mb-6 text-center text-sm font-semibold uppercase tracking-wide text-accent">Portico console</p>
        {children}
      </div>
    </main>
  );
}
