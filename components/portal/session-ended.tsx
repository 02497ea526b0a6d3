// What the portal shows once its session is over (expired, idle, revoked, or no session at all): the
// only way back is a new link, which the host app makes when the user opens the portal again. On its own
// page the title is the page's h1; inside a live portal (expired there) the organization's name is.

export function SessionEnded({ reason = "ended", headingLevel }: { reason?: "ended" | "expired"; headingLevel: 1 | 2 }) {
  const Heading = headingLevel === 1 ? "h1" : "h2";
  return (
    <main className="mx-auto w-full max-w-lg flex-1 px-4 py-10 sm:px-6" data-testid="portal-session-ended">
      <div role="alert" className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <Heading className="text-lg font-semibold text-slate-900">{reason === "expired" ? "Your portal session has expired" : "Your portal session has ended"}</Heading>
        <p className="mt-2 text-sm text-slate-600">
          For your security, admin portal sessions end after a period of inactivity and after a few hours at most.
        </p>
        <p className="mt-2 text-sm text-slate-600">
          To continue, go back to your app and open the admin portal again. It will start a new session.
        </p>
      </div>
    </main>
  );
}
